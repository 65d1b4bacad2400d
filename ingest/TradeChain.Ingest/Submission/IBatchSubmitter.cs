using TradeChain.Trade.Batches;

namespace TradeChain.Ingest.Submission;

/// <summary>
/// Hands a member's signed batch to its ledger node. The contract the worker relies on:
/// <list type="bullet">
/// <item>A returned receipt with <see cref="BatchStatus.Accepted"/> means every event marked
/// Accepted or Duplicate is durably on the node (it survives the node's restart): only then does
/// the worker commit the Kafka offsets behind them.</item>
/// <item>A transient failure (node down, timeout, overloaded) throws
/// <see cref="BatchSubmitterUnavailableException"/>; the worker retries the same signed batch
/// with backoff. Submitting a batch twice is harmless: events are keyed by their ids.</item>
/// <item>Any other exception is a defect; the worker stops without committing, and the
/// uncommitted messages are replayed on restart.</item>
/// </list>
/// The gRPC client of the ledger node (step 4) implements it; tests use an in-process ledger.
/// </summary>
public interface IBatchSubmitter
{
    Task<SubmitReceipt> SubmitAsync(EventBatch batch, CancellationToken cancellationToken);
}

/// <summary>The node could not take the batch now; try again later.</summary>
public sealed class BatchSubmitterUnavailableException : Exception
{
    public BatchSubmitterUnavailableException()
    {
    }

    public BatchSubmitterUnavailableException(string message)
        : base(message)
    {
    }

    public BatchSubmitterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
