using TradeChain.Contract;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Queries;

/// <summary>One step of a timeline: an event and the shipment's status and anomaly flags once it is known.</summary>
/// <param name="Raised">Flags this event raised; a late event can also clear flags (a release that happened before the gate-out).</param>
public sealed record TimelineEntry(string EventId, TradeEventType EventType, DateTimeOffset OccurredAt, ShipmentStatus? Status, AnomalyFlags Flags, AnomalyFlags Raised, AnomalyFlags Cleared);

/// <summary>
/// The status timeline of a traced reference, computed by the trade contract itself
/// (<see cref="TradeContract.Apply"/>) over the trace's events in the order they happened: the
/// same milestones, statuses and anomaly flags the ledger's contract state holds, not a second
/// definition. <see cref="State"/> is the state after every event (null for an empty trace).
/// </summary>
public sealed record StatusTimeline(IReadOnlyList<TimelineEntry> Entries, ShipmentState? State)
{
    public static StatusTimeline Empty { get; } = new([], null);

    /// <summary>
    /// Applies <paramref name="events"/> (already in occurrence order) to an empty state for
    /// <paramref name="key"/>. Redacted events take part with their retained milestone, as in the contract.
    /// </summary>
    public static StatusTimeline Build(ShipmentKey key, IReadOnlyList<TraceEvent> events)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(events);
        ShipmentState? state = null;
        var entries = new List<TimelineEntry>(events.Count);
        foreach (var e in events)
        {
            var before = state?.Flags ?? AnomalyFlags.None;
            state = TradeContract.Apply(state, key, new ContractFact(e.EventType, e.OccurredAt.ToUnixTimeMilliseconds(), e.Direction, [key]));
            entries.Add(new TimelineEntry(e.EventId, e.EventType, e.OccurredAt, state.Status, state.Flags, state.Flags & ~before, before & ~state.Flags));
        }
        return new StatusTimeline(entries, state);
    }
}
