using TradeChain.Trade.Events;

namespace TradeChain.Contract;

/// <summary>
/// The trade contract: a pure, deterministic function from a shipment's state and one committed
/// fact to its next state. Accept facts, flag anomalies: every fact is recorded; sequence
/// problems become flags, never rejections. Status and flags are computed from the milestones'
/// occurrence times, not from the order facts arrive in, so a late release message that
/// happened before the gate-out clears the gate-out flag it had raised.
/// </summary>
public static class TradeContract
{
    /// <summary>Recorded in every state it writes; bump when a rule changes so old states can be told apart.</summary>
    public const ushort Version = 1;

    public static ShipmentState Apply(ShipmentState? state, ShipmentKey key, ContractFact fact)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fact);
        if (state is not null && state.Key != key)
        {
            throw new ArgumentException($"state is for {state.Key}, the fact is applied to {key}", nameof(state));
        }
        var milestones = state?.Milestones.ToDictionary() ?? [];
        milestones[fact.EventType] = milestones.TryGetValue(fact.EventType, out var seen)
            ? new Milestone(Math.Min(seen.FirstMs, fact.OccurredAtMs), Math.Max(seen.LastMs, fact.OccurredAtMs), checked(seen.Count + 1))
            : new Milestone(fact.OccurredAtMs, fact.OccurredAtMs, 1);
        var seenImport = (state?.SeenImport ?? false) || fact.Direction == TradeDirection.Import;
        var seenExport = (state?.SeenExport ?? false) || fact.Direction == TradeDirection.Export;
        var next = new ShipmentState(
            Version,
            key,
            milestones,
            seenImport,
            seenExport,
            StatusOf(milestones),
            FlagsOf(milestones, seenImport, seenExport),
            checked((state?.EventCount ?? 0) + 1));
        // Postcondition: a fact is never lost, only counted.
        if (next.EventCount != (state?.EventCount ?? 0) + 1 || !next.Milestones.ContainsKey(fact.EventType))
        {
            throw new InvalidOperationException("contract postcondition failed: the fact was not recorded");
        }
        return next;
    }

    /// <summary>The status a milestone sets; null for events that do not move a shipment (tax, amendments).</summary>
    public static ShipmentStatus? StatusOf(TradeEventType type) => type switch
    {
        TradeEventType.BookingConfirmed or TradeEventType.TransportDocumentIssued => ShipmentStatus.Booked,
        TradeEventType.ManifestFiled or TradeEventType.ReportedToCustoms => ShipmentStatus.Manifested,
        TradeEventType.PickedUp or TradeEventType.OnHand or TradeEventType.Received or TradeEventType.Stuffed
            or TradeEventType.PreparedForLoading => ShipmentStatus.Received,
        TradeEventType.GateIn => ShipmentStatus.GatedIn,
        TradeEventType.Loaded => ShipmentStatus.Loaded,
        TradeEventType.Departed or TradeEventType.TransferredToCarrier => ShipmentStatus.Departed,
        TradeEventType.Arrived or TradeEventType.ReceivedFromFlight or TradeEventType.ReceivedFromCarrier => ShipmentStatus.Arrived,
        TradeEventType.Discharged or TradeEventType.Stripped or TradeEventType.TransferredToCustomsControl => ShipmentStatus.Discharged,
        TradeEventType.DeclarationFiled or TradeEventType.DeclarationAccepted or TradeEventType.DeclarationRejected
            or TradeEventType.DocumentsRequested => ShipmentStatus.Declared,
        TradeEventType.InspectionOrdered or TradeEventType.Inspected => ShipmentStatus.UnderInspection,
        TradeEventType.Held => ShipmentStatus.Held,
        TradeEventType.Released => ShipmentStatus.Released,
        TradeEventType.Refused => ShipmentStatus.Refused,
        TradeEventType.GateOut => ShipmentStatus.GatedOut,
        TradeEventType.Delivered or TradeEventType.DeliveredToDoor => ShipmentStatus.Delivered,
        _ => null,
    };

    /// <summary>The status of the latest milestone that has one; equal times go to the later status in the lifecycle.</summary>
    private static ShipmentStatus? StatusOf(IReadOnlyDictionary<TradeEventType, Milestone> milestones)
    {
        ShipmentStatus? status = null;
        var latestMs = long.MinValue;
        foreach (var (type, milestone) in milestones)
        {
            if (StatusOf(type) is not { } candidate)
            {
                continue;
            }
            if (milestone.LastMs > latestMs || (milestone.LastMs == latestMs && candidate > status))
            {
                (status, latestMs) = (candidate, milestone.LastMs);
            }
        }
        return status;
    }

    private static AnomalyFlags FlagsOf(IReadOnlyDictionary<TradeEventType, Milestone> milestones, bool seenImport, bool seenExport)
    {
        var flags = AnomalyFlags.None;
        var released = milestones.GetValueOrDefault(TradeEventType.Released);

        // "Before (or without)": a step that needs a release, with no release known yet or a release that happened later.
        bool BeforeRelease(Milestone? step) => step is not null && (released is null || released.FirstMs > step.FirstMs);

        if (seenImport && BeforeRelease(milestones.GetValueOrDefault(TradeEventType.GateOut)))
        {
            flags |= AnomalyFlags.GateOutBeforeRelease;
        }
        if (seenImport && BeforeRelease(Earliest(milestones, TradeEventType.Delivered, TradeEventType.DeliveredToDoor)))
        {
            flags |= AnomalyFlags.DeliveredBeforeRelease;
        }
        if (seenExport && BeforeRelease(Earliest(milestones, TradeEventType.Loaded, TradeEventType.Departed)))
        {
            flags |= AnomalyFlags.LoadedBeforeRelease;
        }
        if (released is { Count: > 1 })
        {
            flags |= AnomalyFlags.DuplicateRelease;
        }
        var discharged = milestones.GetValueOrDefault(TradeEventType.Discharged);
        var arrived = Earliest(milestones, TradeEventType.Arrived, TradeEventType.ReceivedFromFlight);
        if (discharged is not null && (arrived is null || arrived.FirstMs > discharged.FirstMs))
        {
            flags |= AnomalyFlags.DischargeBeforeArrival;
        }
        var refused = milestones.GetValueOrDefault(TradeEventType.Refused);
        if (refused is not null && released is not null && released.LastMs > refused.FirstMs)
        {
            flags |= AnomalyFlags.ReleasedAfterRefusal;
        }
        return flags;
    }

    private static Milestone? Earliest(IReadOnlyDictionary<TradeEventType, Milestone> milestones, TradeEventType first, TradeEventType second)
    {
        var a = milestones.GetValueOrDefault(first);
        var b = milestones.GetValueOrDefault(second);
        return a is null ? b : b is null ? a : (a.FirstMs <= b.FirstMs ? a : b);
    }
}
