using Grpc.Core;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Client;
using TradeChain.Node.Client.Grpc;
using TradeChain.Api.Problems;
using TradeChain.Storage;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Ledger;

/// <summary>A committed event: its proof file (what <c>tradechain verify-event</c> checks) and the event decoded from it (null when redacted).</summary>
public sealed record LedgerEvent(string EventId, string ProofJson, TradeEvent? Event);

public sealed record PeerView(string MemberId, bool Connected, ulong Height);

/// <summary>A node's status as operators see it, by the names <c>ledger.proto</c> uses.</summary>
public sealed record NodeStatusView(
    string MemberId,
    string ChainId,
    string Suite,
    ulong Height,
    string BlockId,
    ulong ConsensusHeight,
    int Round,
    string Step,
    bool Participating,
    bool IsValidator,
    int Validators,
    IReadOnlyList<PeerView> Peers,
    uint MempoolBatches,
    long LastCommitUnixMs)
{
    /// <summary>The validator set's member ids in validator-index order (what a commit certificate's signer indexes point into).</summary>
    public IReadOnlyList<string> ValidatorIds { get; init; } = [];
}

/// <summary>A committed transaction and where it is: block height and index in the block.</summary>
public sealed record LedgerTransaction(Transaction Transaction, ulong Height, int Index);

/// <summary>
/// What the API reads from the ledger: events with proofs, and node status. Two implementations:
/// the member's node over gRPC (<see cref="GrpcLedgerGateway"/>, production) and a local ledger
/// store (<see cref="LedgerStoreGateway"/>, the embedded one-machine setup and the tests).
/// </summary>
public interface ILedgerGateway
{
    /// <summary>The committed event with its proof; null when the ledger does not hold it.</summary>
    Task<LedgerEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken);

    Task<NodeStatusView> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>The committed block at <paramref name="height"/>; null above the tip.</summary>
    Task<Block?> GetBlockAsync(ulong height, CancellationToken cancellationToken);

    /// <summary>The committed transaction with this id; null when the ledger does not hold it.</summary>
    Task<LedgerTransaction?> GetTransactionAsync(string transactionId, CancellationToken cancellationToken);
}

public static class LedgerEvents
{
    /// <summary>Reads the event out of a proof file; null for a redacted event.</summary>
    public static LedgerEvent FromProof(string eventId, string proofJson)
    {
        var proof = EventProofJson.Read(proofJson);
        return new LedgerEvent(eventId, proofJson, proof.EncodedEvent is { } bytes ? TradeEventCodec.Decode(bytes.Span) : null);
    }

    /// <summary>A 400 problem for text that is not an algorithm-qualified digest.</summary>
    public static Digest ParseId(string eventId) => ParseDigest("event id", eventId);

    /// <summary>A 400 problem naming <paramref name="what"/> for text that is not an algorithm-qualified digest.</summary>
    public static Digest ParseDigest(string what, string text)
    {
        try
        {
            return Digest.Parse(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw ApiProblemException.Invalid($"{what} '{text}' is not 'algorithm:hex' ({e.Message})");
        }
    }
}

/// <summary>The member's node over its client API.</summary>
public sealed class GrpcLedgerGateway(LedgerClient client) : ILedgerGateway
{
    /// <summary>What a client waits before treating an unreachable node as down.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async Task<LedgerEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken)
    {
        LedgerEvents.ParseId(eventId);
        var proofJson = await CallAsync(() => client.GetEventProofJsonAsync(eventId, cancellationToken)).ConfigureAwait(false);
        return proofJson is null ? null : LedgerEvents.FromProof(eventId, proofJson);
    }

    public async Task<NodeStatusView> GetStatusAsync(CancellationToken cancellationToken)
    {
        var s = await CallAsync(() => client.GetStatusAsync(cancellationToken)).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the ledger node at {client.Address} answered NOT_FOUND to a status request");
        return new NodeStatusView(s.MemberId, s.ChainId, s.Suite, s.Height, s.BlockId, s.ConsensusHeight, s.Round, s.Step, s.Participating, s.IsValidator,
            s.Validators.Count, s.Peers.Select(p => new PeerView(p.MemberId, p.Connected, p.Height)).ToArray(), s.MempoolBatches, s.LastCommitUnixMs)
        {
            ValidatorIds = s.Validators.Select(v => v.MemberId).ToArray(),
        };
    }

    public async Task<Block?> GetBlockAsync(ulong height, CancellationToken cancellationToken) =>
        await CallAsync(() => client.GetBlockAsync(height, cancellationToken)).ConfigureAwait(false) is { } message ? Block.Decode(message.Block.Span) : null;

    public async Task<LedgerTransaction?> GetTransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        LedgerEvents.ParseDigest("transaction id", transactionId);
        return await CallAsync(() => client.GetTransactionAsync(transactionId, cancellationToken)).ConfigureAwait(false) is { } reply
            ? new LedgerTransaction(Transaction.Decode(reply.Transaction.Span), reply.Height, (int)reply.Index)
            : null;
    }

    // NOT_FOUND is an answer (null); a node that does not answer is a 503 the client may retry.
    private async Task<T?> CallAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw ApiProblemException.Unavailable($"the ledger node at {client.Address} did not answer: {e.Status.Detail}", RetryAfter);
        }
    }
}

/// <summary>
/// A local ledger store, read directly. Proofs name the validator set of the store's tip, which
/// is exact while the validator set has not changed since genesis (the embedded setup); a node
/// tracks the set per height and is the source to use once governance changes it.
/// </summary>
public sealed class LedgerStoreGateway(LedgerStore store, string memberId) : ILedgerGateway
{
    public Task<LedgerEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken)
    {
        var id = LedgerEvents.ParseId(eventId);
        if (store.ProveEvent(id) is not { } proof || store.Tip is not { } tip)
        {
            return Task.FromResult<LedgerEvent?>(null);
        }
        return Task.FromResult<LedgerEvent?>(LedgerEvents.FromProof(eventId, LedgerEventProofJson.Write(proof, tip.Membership.Validators)));
    }

    public Task<NodeStatusView> GetStatusAsync(CancellationToken cancellationToken)
    {
        var tip = store.Tip;
        var configuration = tip?.Membership.Configuration;
        return Task.FromResult(new NodeStatusView(
            memberId, configuration?.ChainId ?? "", configuration is null ? "" : AlgorithmNames.Of(configuration.Suite), tip?.Height ?? 0, tip?.BlockId.ToString() ?? "",
            (tip?.Height ?? 0) + 1, 0, "embedded", false, false, tip?.Membership.Validators.Count ?? 0, [], 0, tip?.TimestampMs ?? 0)
        {
            ValidatorIds = tip?.Membership.Validators.Validators.Select(v => v.MemberId).ToArray() ?? [],
        });
    }

    public Task<Block?> GetBlockAsync(ulong height, CancellationToken cancellationToken) => Task.FromResult(store.ReadBlock(height));

    public Task<LedgerTransaction?> GetTransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        var id = LedgerEvents.ParseDigest("transaction id", transactionId);
        return Task.FromResult(store.ReadTransaction(id) is { } found
            ? new LedgerTransaction(found.Transaction, found.Location.Height, found.Location.TransactionIndex)
            : null);
    }
}
