using TradeChain.Crypto;
using TradeChain.Trade.Events;

namespace TradeChain.Ledger.Batches;

/// <summary>
/// One event of a stored batch: either the event itself (its canonical bytes and decoded form)
/// or, once redacted, what stands in for it.
/// </summary>
public sealed class BatchLeaf
{
    private BatchLeaf(ReadOnlyMemory<byte>? encodedEvent, TradeEvent? tradeEvent, RedactedLeaf? redacted)
    {
        EncodedEvent = encodedEvent;
        Event = tradeEvent;
        Redacted = redacted;
    }

    /// <summary>The event's canonical bytes (its Merkle leaf data); null once redacted.</summary>
    public ReadOnlyMemory<byte>? EncodedEvent { get; }

    /// <summary>The decoded event; null once redacted.</summary>
    public TradeEvent? Event { get; }

    /// <summary>What remains of a redacted event; null while the event is whole.</summary>
    public RedactedLeaf? Redacted { get; }

    public bool IsRedacted => Redacted is not null;

    public static BatchLeaf Whole(ReadOnlyMemory<byte> encodedEvent, TradeEvent tradeEvent) => new(encodedEvent, tradeEvent, null);

    public static BatchLeaf Of(RedactedLeaf redacted) => new(null, null, redacted);
}

/// <summary>
/// What stays of a redacted event: its id (so the event index can be rebuilt and a resubmission
/// is still a duplicate), its Merkle leaf hash (so the batch root, and with it the chain, still
/// verifies) and the retained bytes the contract needs to replay its state (the milestone, time
/// and shipment references it already published; never the parties, values or details).
/// </summary>
public sealed record RedactedLeaf(Digest EventId, Digest LeafHash, ReadOnlyMemory<byte> RetainedFact)
{
    /// <summary>A retained fact is a milestone with its shipment references; 64 KiB is the bound of a whole event.</summary>
    public const int MaxRetainedBytes = 64 * 1024;
}
