using TradeChain.Trade.Batches;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Batching;

/// <summary>
/// When an open batch is cut: at <see cref="MaxEvents"/> events, before it would pass
/// <see cref="MaxBytes"/> encoded bytes, or <see cref="MaxDelayMs"/> after its first event,
/// whichever comes first. Count and bytes bound the node's verification work and the proposal
/// size; the delay bounds how stale an event gets while a quiet feed fills a batch.
/// </summary>
public sealed record BatchLimits(int MaxEvents, long MaxBytes, long MaxDelayMs)
{
    /// <summary>Batch header, signer key and signature around the events: under 300 bytes for either suite.</summary>
    public const int BatchOverheadBytes = 512;

    /// <summary>Per-event framing in the batch encoding (u32 length prefix).</summary>
    public const int PerEventOverheadBytes = 4;

    /// <summary>500 events amortise one SM2 signature check (~1 ms) over ~2 µs of events each; 1 MiB fits a 4 MiB proposal with room; 500 ms keeps a quiet feed's events fresh.</summary>
    public static BatchLimits Default { get; } = new(500, 1024 * 1024, 500);

    /// <summary>Plain-language problems with the limits and how they relate to the ledger's own; empty when usable.</summary>
    public IReadOnlyList<string> Validate(TradeEventLimits eventLimits)
    {
        var problems = new List<string>();
        if (MaxEvents < 1 || MaxEvents > EventBatch.MaxEvents)
        {
            problems.Add($"batch max events must be 1..{EventBatch.MaxEvents} (the ledger's per-batch limit), is {MaxEvents}");
        }
        var largestEvent = eventLimits.MaxEncodedBytes + PerEventOverheadBytes + BatchOverheadBytes;
        if (MaxBytes < largestEvent)
        {
            problems.Add($"batch max bytes must hold the largest valid event ({largestEvent} bytes with framing), is {MaxBytes}");
        }
        if (MaxBytes > EventBatch.MaxEncodedBytes)
        {
            problems.Add($"batch max bytes must not exceed the ledger's batch limit of {EventBatch.MaxEncodedBytes} bytes, is {MaxBytes}");
        }
        if (MaxDelayMs < 1)
        {
            problems.Add($"batch max delay must be at least 1 ms, is {MaxDelayMs} ms");
        }
        return problems;
    }
}
