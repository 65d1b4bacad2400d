using TradeChain.Analytics.Queries;
using TradeChain.Api.Access;
using TradeChain.Ledger;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Webhooks;

/// <summary>An event as committed: its id, where it sits on the ledger, the block's time and the event itself.</summary>
public sealed record CommittedEvent(string EventId, ulong Height, int TransactionIndex, int LeafIndex, long BlockTimeMs, TradeEvent Event)
{
    /// <summary>The whole events of a block in ledger order. Redacted leaves carry no event to deliver and are left out.</summary>
    public static IReadOnlyList<CommittedEvent> Of(Block block)
    {
        var events = new List<CommittedEvent>();
        foreach (var (t, batch, leaf) in block.EventLeaves())
        {
            if (batch.Leaves[leaf].Event is { } whole)
            {
                events.Add(new CommittedEvent(batch.EventId(leaf).ToString(), block.Height, t, leaf, block.Header.TimestampMs, whole));
            }
        }
        return events;
    }

    /// <summary>Every shipment reference the event carries, the declaration first: those a GET can find it under.</summary>
    public IEnumerable<string> References()
    {
        var r = Event.References;
        if (r.DeclarationNumber is { } declaration)
        {
            yield return declaration;
        }
        if (r.MasterBill is { } master)
        {
            yield return master;
        }
        foreach (var house in r.HouseBills)
        {
            yield return house;
        }
        foreach (var container in r.Containers)
        {
            yield return container;
        }
    }

    /// <summary>The row a shipment query would return for this event, so the delivery is redacted by the same code as a GET.</summary>
    public TraceEvent ToTraceEvent() => new(
        EventId, Height, TransactionIndex, LeafIndex, Event.EventType, Event.OccurredAt, Event.MemberId, Event.SourceSystem, Event.Mode, Event.Direction,
        Event.Port, Event.Location ?? "", Event.References.MasterBill ?? "", Event.References.HouseBills.ToArray(), Event.References.Containers.ToArray(),
        Event.References.DeclarationNumber ?? "", Redacted: false);
}

/// <summary>A subscription with the access scope of its owner as it is now.</summary>
public sealed record Subscriber(Subscription Subscription, AccessScope Scope);

/// <summary>
/// One event for one subscription, found under <see cref="Reference"/>. When
/// <see cref="NeedsShipmentCheck"/> is set, the owner is an enterprise the event does not name:
/// it may see the event only if it is a party to the shipment, which the caller asks the
/// shipment query (the GET's own rule) before delivering.
/// </summary>
public sealed record WebhookMatch(Subscriber Subscriber, CommittedEvent Event, string Reference, bool NeedsShipmentCheck);

/// <summary>
/// Committed events × subscriptions → deliveries. Pure: no store, no clock. A subscription gets
/// an event when it was committed after the subscription was made, it passes every filter, and
/// the owner's scope reaches it as a shipment GET would: all events for the authorities, events at
/// its own port for a terminal, shipments it is a party to for an enterprise.
/// </summary>
public static class WebhookMatcher
{
    public static IReadOnlyList<WebhookMatch> Match(IReadOnlyList<CommittedEvent> events, IReadOnlyList<Subscriber> subscribers)
    {
        var matches = new List<WebhookMatch>();
        foreach (var committed in events)
        {
            foreach (var subscriber in subscribers)
            {
                if (Match(committed, subscriber) is { } match)
                {
                    matches.Add(match);
                }
            }
        }
        return matches;
    }

    public static WebhookMatch? Match(CommittedEvent committed, Subscriber subscriber)
    {
        var (subscription, scope) = subscriber;
        var filter = subscription.Filter;
        var e = committed.Event;
        if (committed.Height <= subscription.FromHeight
            || (filter.EventTypes.Count > 0 && !filter.EventTypes.Contains(e.EventType))
            || (filter.Port is { } port && e.Port != port)
            || (filter.Enterprise is { } enterprise && !e.Parties.Any(p => p.Uscc == enterprise)))
        {
            return null;
        }
        var reference = filter.ShipmentReference is { } wanted
            ? committed.References().FirstOrDefault(r => string.Equals(r, wanted, StringComparison.OrdinalIgnoreCase))
            : committed.References().FirstOrDefault();
        if (reference is null)
        {
            // No reference, no GET that could return it.
            return null;
        }
        return scope.Shipments switch
        {
            ShipmentReach.All => new WebhookMatch(subscriber, committed, reference, false),
            ShipmentReach.OwnPort when e.Port == scope.Port => new WebhookMatch(subscriber, committed, reference, false),
            ShipmentReach.OwnEnterprise => new WebhookMatch(subscriber, committed, reference, !scope.IsParty(e)),
            _ => null,
        };
    }
}
