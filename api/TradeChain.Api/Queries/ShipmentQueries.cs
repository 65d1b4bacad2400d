using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Store;
using TradeChain.Api.Access;
using TradeChain.Api.Ledger;
using TradeChain.Api.Paging;
using TradeChain.Api.Problems;
using TradeChain.Contract;

namespace TradeChain.Api.Queries;

/// <summary>A shipment reference's status as one principal sees it: the milestone timeline of the events it may see.</summary>
public sealed record ShipmentSummary(string Reference, string? Kind, string? Status, string Flags, int VisibleEvents, bool Truncated, IReadOnlyList<TimelineView> Timeline);

/// <summary>
/// Shipment look-ups with the access scope applied inside the query: the analytics trace gives
/// the events and timeline, the ledger gives each event's parties and sensitive part (the facts
/// the scope decides on), and only what the scope allows leaves this class. A reference the
/// principal may not see answers exactly as one that does not exist, so existence does not leak.
/// </summary>
public sealed class ShipmentQueries(IAnalyticsStore store, ILedgerGateway ledger, ISensitiveOpener opener, CursorCodec cursors)
{
    /// <summary>Events one trace answer reads: a master bill with hundreds of houses stays within it; beyond it the answer says truncated.</summary>
    public const int MaxTraceEvents = 2_000;

    public async Task<ShipmentSummary> SummaryAsync(AccessScope scope, string reference, ShipmentKeyKind? kind, CancellationToken cancellationToken)
    {
        var (trace, visible) = await VisibleAsync(scope, reference, kind, cancellationToken).ConfigureAwait(false);
        var ids = visible.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        var timeline = trace.Timeline.Entries.Where(t => ids.Contains(t.EventId)).ToArray();
        // The contract's status is over every event; a principal that sees only some gets the status after the last one it sees.
        var last = visible.Count == trace.Events.Count ? trace.Timeline.Entries.LastOrDefault() : timeline.LastOrDefault();
        return new ShipmentSummary(trace.Reference, trace.Kind?.ToString(), last?.Status?.ToString(), (last?.Flags ?? AnomalyFlags.None).ToString(), visible.Count, trace.Truncated,
            timeline.Select(EventRedaction.Timeline).ToArray());
    }

    public async Task<Page<EventView>> EventsAsync(AccessScope scope, string reference, ShipmentKeyKind? kind, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var (_, visible) = await VisibleAsync(scope, reference, kind, cancellationToken).ConfigureAwait(false);
        var page = cursors.PageOf(QueryKey(scope, reference, kind), cursor, limit, visible);
        var views = new List<EventView>(page.Items.Count);
        foreach (var row in page.Items)
        {
            var ledgerEvent = row.Redacted ? null : (await ledger.GetEventAsync(row.EventId, cancellationToken).ConfigureAwait(false))?.Event;
            views.Add(EventRedaction.View(scope, row, ledgerEvent, opener));
        }
        return new Page<EventView>(views, page.NextCursor);
    }

    /// <summary>The proof of one event of a shipment the principal sees, if the proof holds nothing the principal may not see.</summary>
    public async Task<LedgerEvent> ProofAsync(AccessScope scope, string reference, string eventId, CancellationToken cancellationToken)
    {
        var (_, found) = await VisibleEventAsync(scope, reference, eventId, cancellationToken).ConfigureAwait(false);
        if (scope.ProofRefusal(found.Event) is { } refusal)
        {
            throw ApiProblemException.Forbidden(refusal);
        }
        return found;
    }

    /// <summary>
    /// The ids of the events of <paramref name="reference"/> the principal sees, by the same rule as
    /// the GETs above (empty where they answer 403 or 404): what a webhook may deliver to it.
    /// </summary>
    public async Task<IReadOnlySet<string>> VisibleEventIdsAsync(AccessScope scope, string reference, CancellationToken cancellationToken)
    {
        try
        {
            var (_, visible) = await VisibleAsync(scope, reference, null, cancellationToken).ConfigureAwait(false);
            return visible.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        }
        catch (ApiProblemException e) when (e.Status is 403 or 404 or 400)
        {
            return new HashSet<string>();
        }
    }

    /// <summary>One event of a shipment the principal sees, redacted for it.</summary>
    public async Task<EventView> EventAsync(AccessScope scope, string reference, string eventId, CancellationToken cancellationToken)
    {
        var (row, found) = await VisibleEventAsync(scope, reference, eventId, cancellationToken).ConfigureAwait(false);
        return EventRedaction.View(scope, row, found.Event, opener);
    }

    private async Task<(TraceEvent Row, LedgerEvent Found)> VisibleEventAsync(AccessScope scope, string reference, string eventId, CancellationToken cancellationToken)
    {
        var (_, visible) = await VisibleAsync(scope, reference, null, cancellationToken).ConfigureAwait(false);
        var row = visible.FirstOrDefault(e => e.EventId == eventId)
            ?? throw ApiProblemException.NotFound($"event {eventId} is not among the events of '{reference}' visible to you");
        var found = await ledger.GetEventAsync(eventId, cancellationToken).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"event {eventId} is in the analytics store but the ledger node does not hold it (is the node behind?)");
        return (row, found);
    }

    private async Task<(ShipmentTrace Trace, IReadOnlyList<TraceEvent> Visible)> VisibleAsync(AccessScope scope, string reference, ShipmentKeyKind? kind, CancellationToken cancellationToken)
    {
        if (scope.Shipments == ShipmentReach.None)
        {
            throw scope.Denied("shipments");
        }
        ShipmentTrace trace;
        try
        {
            trace = await store.TraceAsync(new TraceQuery(reference, kind, MaxTraceEvents), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw ApiProblemException.Invalid($"reference: {e.Message}");
        }
        var visible = scope.Shipments == ShipmentReach.OwnEnterprise
            ? (await IsPartyAsync(scope, trace, cancellationToken).ConfigureAwait(false) ? trace.Events : [])
            : trace.Events.Where(scope.SeesEvent).ToArray();
        if (visible.Count == 0)
        {
            throw ApiProblemException.NotFound($"no shipment under '{reference}' is visible to you");
        }
        return (trace, visible);
    }

    /// <summary>Whether the principal's enterprise is a party to any event of the trace. Declaration events name the trader, so they are asked first.</summary>
    private async Task<bool> IsPartyAsync(AccessScope scope, ShipmentTrace trace, CancellationToken cancellationToken)
    {
        foreach (var row in trace.Events.Where(e => !e.Redacted).OrderByDescending(e => e.DeclarationNumber.Length > 0))
        {
            if ((await ledger.GetEventAsync(row.EventId, cancellationToken).ConfigureAwait(false))?.Event is { } tradeEvent && scope.IsParty(tradeEvent))
            {
                return true;
            }
        }
        return false;
    }

    // A cursor is bound to the principal and the query, so it cannot be replayed by someone else or against another reference.
    private static string QueryKey(AccessScope scope, string reference, ShipmentKeyKind? kind) => $"events|{scope.PrincipalId}|{reference}|{kind}";
}
