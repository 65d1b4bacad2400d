using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Queries;

/// <summary>Which occurrence of a milestone a clock reads when a shipment has several (two containers gated out, a re-filed declaration).</summary>
public enum MilestonePick
{
    /// <summary>The earliest: when the shipment first reached the milestone.</summary>
    First = 1,

    /// <summary>The latest: when the last part of the shipment reached it (the last container out).</summary>
    Last = 2,
}

/// <summary>
/// A clearance-time clock: from a start milestone to an end milestone of one shipment, each the
/// first or last occurrence (by when it happened) of any of its event types. A shipment is
/// measured when it has both and the end is not before the start (an end before the start is a
/// sequence anomaly the contract flags; it is left out of the statistics, not counted as zero).
/// The clock's mode and direction, when set, restrict it to such shipments.
/// </summary>
public sealed record KpiClock
{
    public KpiClock(string name, IReadOnlyList<TradeEventType> start, MilestonePick startPick, IReadOnlyList<TradeEventType> end, MilestonePick endPick, TransportMode? mode = null, TradeDirection? direction = null, string description = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        if (start.Count == 0 || end.Count == 0)
        {
            throw new ArgumentException($"clock '{name}' needs at least one start and one end event type");
        }
        if (start.Intersect(end).Any())
        {
            throw new ArgumentException($"clock '{name}' has event types on both ends; a clock runs from one milestone to another");
        }
        if (!Enum.IsDefined(startPick) || !Enum.IsDefined(endPick))
        {
            throw new ArgumentException($"clock '{name}' has an unknown milestone pick");
        }
        Name = name;
        Start = start.Distinct().Order().ToArray();
        StartPick = startPick;
        End = end.Distinct().Order().ToArray();
        EndPick = endPick;
        Mode = mode;
        Direction = direction;
        Description = description;
    }

    /// <summary>A short stable id ("customs_clearance"): the roll-up table and exports key by it.</summary>
    public string Name { get; }

    public IReadOnlyList<TradeEventType> Start { get; }

    public MilestonePick StartPick { get; }

    public IReadOnlyList<TradeEventType> End { get; }

    public MilestonePick EndPick { get; }

    public TransportMode? Mode { get; }

    public TradeDirection? Direction { get; }

    public string Description { get; }

    public override string ToString() => Name;
}

/// <summary>
/// The clocks the commerce bureau reports (docs/analytics.md gives each one's definition and
/// how it maps to the World Bank "Trading across Borders" measures).
/// </summary>
public static class KpiClocks
{
    private static readonly TradeEventType[] ImportArrival = [TradeEventType.Arrived, TradeEventType.Discharged, TradeEventType.ReceivedFromFlight];

    /// <summary>整体通关时效, import: arrival (vessel or flight arrival, discharge, RCF) → the cargo leaves the port (last gate-out or delivery).</summary>
    public static KpiClock OverallImport { get; } = new(
        "overall_import", ImportArrival, MilestonePick.First,
        [TradeEventType.GateOut, TradeEventType.Delivered], MilestonePick.Last,
        direction: TradeDirection.Import,
        description: "arrival → release → gate-out/delivery (整体通关时效, import)");

    /// <summary>整体通关时效, export: gate-in (or acceptance at the air terminal) → loaded or departed.</summary>
    public static KpiClock OverallExport { get; } = new(
        "overall_export", [TradeEventType.GateIn, TradeEventType.Received], MilestonePick.First,
        [TradeEventType.Loaded, TradeEventType.Departed], MilestonePick.First,
        direction: TradeDirection.Export,
        description: "gate-in → release → loading (整体通关时效, export)");

    /// <summary>Customs clearance: declaration accepted → released (放行).</summary>
    public static KpiClock CustomsClearance { get; } = new(
        "customs_clearance", [TradeEventType.DeclarationAccepted], MilestonePick.First,
        [TradeEventType.Released], MilestonePick.First,
        description: "declaration accepted → released");

    /// <summary>World Bank border compliance, import: arrival at the port → release by customs.</summary>
    public static KpiClock BorderComplianceImport { get; } = new(
        "border_compliance_import", ImportArrival, MilestonePick.First,
        [TradeEventType.Released], MilestonePick.First,
        direction: TradeDirection.Import,
        description: "arrival at the border → customs release (World Bank border compliance, import)");

    /// <summary>World Bank border compliance, export: gate-in at the port → loading on the vessel or aircraft.</summary>
    public static KpiClock BorderComplianceExport { get; } = new(
        "border_compliance_export", [TradeEventType.GateIn, TradeEventType.Received], MilestonePick.First,
        [TradeEventType.Loaded, TradeEventType.Departed], MilestonePick.First,
        direction: TradeDirection.Export,
        description: "gate-in at the border → loading (World Bank border compliance, export)");

    /// <summary>World Bank documentary compliance, import: declaration filed → declaration accepted (all documents accepted).</summary>
    public static KpiClock DocumentaryComplianceImport { get; } = new(
        "documentary_compliance_import", [TradeEventType.DeclarationFiled], MilestonePick.First,
        [TradeEventType.DeclarationAccepted], MilestonePick.Last,
        direction: TradeDirection.Import,
        description: "declaration filed → last acceptance (World Bank documentary compliance, import)");

    /// <summary>World Bank documentary compliance, export.</summary>
    public static KpiClock DocumentaryComplianceExport { get; } = new(
        "documentary_compliance_export", [TradeEventType.DeclarationFiled], MilestonePick.First,
        [TradeEventType.DeclarationAccepted], MilestonePick.Last,
        direction: TradeDirection.Export,
        description: "declaration filed → last acceptance (World Bank documentary compliance, export)");

    /// <summary>Air import, first leg: received from flight (RCF) → customs release (CCD).</summary>
    public static KpiClock AirImportRelease { get; } = new(
        "air_import_rcf_ccd", [TradeEventType.ReceivedFromFlight], MilestonePick.First,
        [TradeEventType.Released], MilestonePick.First,
        TransportMode.Air, TradeDirection.Import, "RCF → CCD (air import)");

    /// <summary>Air import, whole: RCF → delivered to the consignee (DLV).</summary>
    public static KpiClock AirImportDelivery { get; } = new(
        "air_import_rcf_dlv", [TradeEventType.ReceivedFromFlight], MilestonePick.First,
        [TradeEventType.Delivered], MilestonePick.First,
        TransportMode.Air, TradeDirection.Import, "RCF → CCD → DLV (air import)");

    /// <summary>Sea import, first leg: arrival or discharge (ARRI/DISC) → release (RELS).</summary>
    public static KpiClock SeaImportRelease { get; } = new(
        "sea_import_arri_rels", [TradeEventType.Arrived, TradeEventType.Discharged], MilestonePick.First,
        [TradeEventType.Released], MilestonePick.First,
        TransportMode.Sea, TradeDirection.Import, "ARRI/DISC → RELS (sea import)");

    /// <summary>Sea import, whole: ARRI/DISC → last container gated out (GTOT).</summary>
    public static KpiClock SeaImportGateOut { get; } = new(
        "sea_import_arri_gtot", [TradeEventType.Arrived, TradeEventType.Discharged], MilestonePick.First,
        [TradeEventType.GateOut], MilestonePick.Last,
        TransportMode.Sea, TradeDirection.Import, "ARRI/DISC → RELS → GTOT (sea import)");

    public static IReadOnlyList<KpiClock> All { get; } =
    [
        OverallImport, OverallExport, CustomsClearance, BorderComplianceImport, BorderComplianceExport,
        DocumentaryComplianceImport, DocumentaryComplianceExport, AirImportRelease, AirImportDelivery,
        SeaImportRelease, SeaImportGateOut,
    ];

    public static KpiClock? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
