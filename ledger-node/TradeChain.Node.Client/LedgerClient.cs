using Grpc.Core;
using Grpc.Net.Client;
using TradeChain.Node.Client.Grpc;
using TradeChain.Trade.Batches;

namespace TradeChain.Node.Client;

/// <summary>The node refused a submission because its mempool is full; try again after <see cref="RetryAfter"/>.</summary>
public sealed class LedgerBusyException(TimeSpan retryAfter, string detail)
    : Exception($"the ledger node is busy ({detail}); retry after {retryAfter.TotalMilliseconds:F0} ms")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A typed client for one ledger node's client API (<c>ledger.proto</c>). Thread-safe; one per
/// node address. The node's answers are returned as the generated messages, which name their
/// fields as <c>ledger.proto</c> documents them.
/// </summary>
public sealed class LedgerClient : IDisposable
{
    /// <summary>The trailer a node sets on RESOURCE_EXHAUSTED: how long to back off.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    private readonly GrpcChannel _channel;
    private readonly Ledger.LedgerClient _ledger;
    private readonly Admin.AdminClient _admin;
    private readonly string? _adminToken;

    /// <param name="address">The node's client endpoint, e.g. "http://127.0.0.1:7201".</param>
    /// <param name="adminToken">The node's admin token, needed only for <see cref="SetParticipationAsync"/>.</param>
    public LedgerClient(string address, string? adminToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // A block of 16 large batches is 64 MiB; proofs and receipts are small.
            MaxReceiveMessageSize = 80 * 1024 * 1024,
            MaxSendMessageSize = 8 * 1024 * 1024,
        });
        _ledger = new Ledger.LedgerClient(_channel);
        _admin = new Admin.AdminClient(_channel);
        _adminToken = adminToken;
    }

    public string Address => _channel.Target;

    /// <summary>Submits a signed batch. Throws <see cref="LedgerBusyException"/> when the node's mempool is full.</summary>
    public Task<SubmitReceipt> SubmitBatchAsync(EventBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return SubmitBatchAsync(batch.Encode(), cancellationToken);
    }

    public async Task<SubmitReceipt> SubmitBatchAsync(byte[] encodedBatch, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _ledger.SubmitBatchAsync(new SubmitBatchRequest { Batch = Google.Protobuf.ByteString.CopyFrom(encodedBatch) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            throw Busy(e);
        }
    }

    public async Task<SubmitReceipt> SubmitGovernanceAsync(byte[] signedGovernance, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _ledger.SubmitGovernanceAsync(new SubmitGovernanceRequest { SignedGovernance = Google.Protobuf.ByteString.CopyFrom(signedGovernance) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            throw Busy(e);
        }
    }

    public async Task<SubmitReceipt> SubmitAuditAnchorAsync(byte[] signedAuditAnchor, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _ledger.SubmitAuditAnchorAsync(new SubmitAuditAnchorRequest { SignedAuditAnchor = Google.Protobuf.ByteString.CopyFrom(signedAuditAnchor) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            throw Busy(e);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a transaction to be committed.</summary>
    public Task<WaitForCommitReply> WaitForCommitAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _ledger.WaitForCommitAsync(
            new WaitForCommitRequest { TransactionId = transactionId, TimeoutMs = (uint)Math.Clamp(timeout.TotalMilliseconds, 0, uint.MaxValue) },
            deadline: DateTime.UtcNow + timeout + TimeSpan.FromSeconds(10),
            cancellationToken: cancellationToken).ResponseAsync;

    public Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        _ledger.GetStatusAsync(new GetStatusRequest(), cancellationToken: cancellationToken).ResponseAsync;

    public Task<BlockMessage> GetBlockAsync(ulong height, CancellationToken cancellationToken = default) =>
        _ledger.GetBlockAsync(new GetBlockRequest { Height = height }, cancellationToken: cancellationToken).ResponseAsync;

    public Task<BlockMessage> GetBlockAsync(string blockId, CancellationToken cancellationToken = default) =>
        _ledger.GetBlockAsync(new GetBlockRequest { BlockId = blockId }, cancellationToken: cancellationToken).ResponseAsync;

    public Task<GetTransactionReply> GetTransactionAsync(string transactionId, CancellationToken cancellationToken = default) =>
        _ledger.GetTransactionAsync(new GetTransactionRequest { TransactionId = transactionId }, cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>The event's proof file (tradechain.event-proof/1 JSON with its ledger section).</summary>
    public async Task<string> GetEventProofJsonAsync(string eventId, CancellationToken cancellationToken = default) =>
        (await _ledger.GetEventProofAsync(new GetEventProofRequest { EventId = eventId }, cancellationToken: cancellationToken).ConfigureAwait(false)).ProofJson;

    /// <summary>Committed blocks from <paramref name="fromHeight"/> on, then each new one; ends when cancelled.</summary>
    public async IAsyncEnumerable<BlockMessage> StreamBlocksAsync(ulong fromHeight, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = _ledger.StreamBlocks(new StreamBlocksRequest { FromHeight = fromHeight }, cancellationToken: cancellationToken);
        await foreach (var block in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return block;
        }
    }

    public Task<NodeStatus> SetParticipationAsync(bool participate, CancellationToken cancellationToken = default)
    {
        var headers = new Metadata();
        if (_adminToken is not null)
        {
            headers.Add("authorization", $"Bearer {_adminToken}");
        }
        return _admin.SetParticipationAsync(new SetParticipationRequest { Participate = participate }, headers, cancellationToken: cancellationToken).ResponseAsync;
    }

    public void Dispose() => _channel.Dispose();

    private static LedgerBusyException Busy(RpcException e)
    {
        var retryAfterMs = e.Trailers.GetValue(RetryAfterTrailer) is { } text && int.TryParse(text, out var ms) ? ms : 500;
        return new LedgerBusyException(TimeSpan.FromMilliseconds(retryAfterMs), e.Status.Detail);
    }
}
