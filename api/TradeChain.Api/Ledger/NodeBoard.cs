using System.Diagnostics;
using TradeChain.Api.Hosting;
using TradeChain.Node.Client;

namespace TradeChain.Api.Ledger;

/// <summary>One member node on the board: its status, or why it could not be read.</summary>
/// <param name="Node">The configured client endpoint, or "own" for the API's own node.</param>
/// <param name="ElapsedMs">How long the answer (or the failure) took.</param>
public sealed record BoardEntry(string Node, bool Reachable, string? Reason, long ElapsedMs, NodeStatusView? Status);

/// <summary>Every member node's status at one moment; unreachable nodes are listed with the reason, never left out.</summary>
public sealed record NodeBoardView(DateTimeOffset AsOf, int Reachable, int Unreachable, long TimeoutMs, IReadOnlyList<BoardEntry> Nodes);

/// <summary>
/// The consortium board: asks every configured member node for its status at once, each with its
/// own timeout, so one slow or dead node costs the board at most that timeout and shows up as
/// unreachable with the reason instead of failing the whole answer. Owns the clients it opens.
/// </summary>
public sealed class NodeBoard : IDisposable
{
    public const string OwnNode = "own";

    private readonly IReadOnlyList<(string Node, ILedgerGateway Gateway)> _nodes;
    private readonly IReadOnlyList<IDisposable> _owned;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public NodeBoard(IReadOnlyList<(string Node, ILedgerGateway Gateway)> nodes, TimeSpan perNodeTimeout, TimeProvider time, ILogger logger, IReadOnlyList<IDisposable>? owned = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(nodes.Count);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(perNodeTimeout, TimeSpan.Zero);
        _nodes = nodes;
        _timeout = perNodeTimeout;
        _time = time;
        _logger = logger;
        _owned = owned ?? [];
    }

    /// <summary>A board over <see cref="ApiOptions.MemberNodes"/>, or over the API's own node when none are configured.</summary>
    public static NodeBoard Create(ApiOptions options, ILedgerGateway ownNode, TimeProvider time, ILogger<NodeBoard> logger)
    {
        if (options.MemberNodes.Count == 0)
        {
            return new NodeBoard([(OwnNode, ownNode)], TimeSpan.FromMilliseconds(options.NodeBoardTimeoutMs), time, logger);
        }
        var clients = options.MemberNodes.Select(address => (Address: address, Client: new LedgerClient(address))).ToArray();
        return new NodeBoard(clients.Select(c => (c.Address, (ILedgerGateway)new GrpcLedgerGateway(c.Client))).ToArray(), TimeSpan.FromMilliseconds(options.NodeBoardTimeoutMs), time, logger,
            clients.Select(c => c.Client).ToArray());
    }

    public async Task<NodeBoardView> ReadAsync(CancellationToken cancellationToken)
    {
        var asOf = _time.GetUtcNow();
        var entries = await Task.WhenAll(_nodes.Select(n => ReadOneAsync(n.Node, n.Gateway, cancellationToken))).ConfigureAwait(false);
        var reachable = entries.Count(e => e.Reachable);
        return new NodeBoardView(asOf, reachable, entries.Length - reachable, (long)_timeout.TotalMilliseconds, entries);
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private async Task<BoardEntry> ReadOneAsync(string node, ILedgerGateway gateway, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            var status = await gateway.GetStatusAsync(deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
            return new BoardEntry(node, true, null, Elapsed(started), status);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = deadline.IsCancellationRequested
                ? $"no answer within {_timeout.TotalMilliseconds:F0} ms"
                : e.Message;
            _logger.LogWarning("node board: {Node} unreachable: {Reason}", node, reason);
            return new BoardEntry(node, false, reason, Elapsed(started), null);
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
