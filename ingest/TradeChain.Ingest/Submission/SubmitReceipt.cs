using TradeChain.Crypto;

namespace TradeChain.Ingest.Submission;

/// <summary>The node's verdict on a batch as a whole.</summary>
public enum BatchStatus
{
    /// <summary>Signature and form checked; each event's own outcome is in the receipt.</summary>
    Accepted = 1,

    /// <summary>Refused as a whole (bad signature, unknown member, malformed): nothing of it is stored.</summary>
    Rejected = 2,
}

/// <summary>The node's verdict on one event of an accepted batch.</summary>
public enum EventStatus
{
    /// <summary>Stored durably now.</summary>
    Accepted = 1,

    /// <summary>An event with this id was stored before: a replay, harmless.</summary>
    Duplicate = 2,

    /// <summary>Refused on its own (e.g. by a contract rule); not stored.</summary>
    Rejected = 3,
}

/// <summary>One event's outcome, by event id; <see cref="Code"/> and <see cref="Reason"/> are set when rejected.</summary>
public sealed record EventReceipt(Digest EventId, EventStatus Status, string? Code = null, string? Reason = null);

/// <summary>
/// What the node said about a batch. For an accepted batch, <see cref="Events"/> has one entry per
/// event of the batch, in batch order; for a rejected one it is empty and <see cref="Code"/> and
/// <see cref="Reason"/> say why.
/// </summary>
public sealed record SubmitReceipt(BatchStatus Status, IReadOnlyList<EventReceipt> Events, string? Code = null, string? Reason = null)
{
    public static SubmitReceipt Accepted(IReadOnlyList<EventReceipt> events) => new(BatchStatus.Accepted, events);

    public static SubmitReceipt Rejected(string code, string reason) => new(BatchStatus.Rejected, [], code, reason);
}
