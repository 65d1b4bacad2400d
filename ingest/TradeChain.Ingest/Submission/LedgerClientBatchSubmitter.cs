using Grpc.Core;
using TradeChain.Crypto;
using TradeChain.Node.Client;
using TradeChain.Node.Client.Grpc;
using TradeChain.Trade.Batches;
using NodeReceipt = TradeChain.Node.Client.Grpc.SubmitReceipt;

namespace TradeChain.Ingest.Submission;

/// <summary>
/// The node-backed <see cref="IBatchSubmitter"/>: submits signed batches to the member's ledger
/// node through <see cref="LedgerClient"/> and reads its receipt per event. An accepted
/// transaction's events are accepted except those the node lists as duplicates; a duplicate
/// transaction's are all duplicates; a rejected one is refused whole with the node's code
/// (<c>ledger.&lt;rejection&gt;</c>). A busy node (<see cref="LedgerBusyException"/>) or an
/// unreachable one (gRPC UNAVAILABLE / DEADLINE_EXCEEDED) is transient:
/// <see cref="BatchSubmitterUnavailableException"/>, so the worker backs off and retries the same
/// signed batch (the HTTPS push answers 503 with Retry-After).
/// </summary>
public sealed class LedgerClientBatchSubmitter(LedgerClient client) : IBatchSubmitter
{
    public async Task<SubmitReceipt> SubmitAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        NodeReceipt receipt;
        try
        {
            receipt = await client.SubmitBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerBusyException e)
        {
            throw new BatchSubmitterUnavailableException(e.Message, e);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new BatchSubmitterUnavailableException($"the ledger node at {client.Address} did not answer: {e.Status.Detail}", e);
        }
        return ToReceipt(batch, receipt);
    }

    /// <summary>The node's receipt for <paramref name="batch"/> as the worker's <see cref="SubmitReceipt"/>: one entry per event, in batch order, for an accepted or duplicate transaction.</summary>
    public static SubmitReceipt ToReceipt(EventBatch batch, NodeReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(receipt);
        var suite = CryptoSuites.Get(batch.Header.Suite);
        switch (receipt.Outcome)
        {
            case SubmitOutcome.Accepted:
                var duplicates = receipt.DuplicateEvents.Select(d => d.EventId).ToHashSet(StringComparer.Ordinal);
                return SubmitReceipt.Accepted(batch.Events
                    .Select(e => e.ComputeEventId(suite))
                    .Select(id => new EventReceipt(id, duplicates.Contains(id.ToString()) ? EventStatus.Duplicate : EventStatus.Accepted))
                    .ToArray());
            case SubmitOutcome.Duplicate:
                return SubmitReceipt.Accepted(batch.Events.Select(e => new EventReceipt(e.ComputeEventId(suite), EventStatus.Duplicate)).ToArray());
            default:
                return SubmitReceipt.Rejected($"ledger.{receipt.Rejection.ToString().ToLowerInvariant()}", receipt.Reason);
        }
    }
}
