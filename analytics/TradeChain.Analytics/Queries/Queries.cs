using TradeChain.Analytics.Store;
using TradeChain.Contract;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Queries;

/// <summary>Rows of an answer, and whether the row limit cut it short.</summary>
public sealed record QueryResult<T>(IReadOnlyList<T> Rows, bool Truncated)
{
    /// <summary>Cuts <paramref name="rows"/> (fetched with one row over the limit) to the limit and says whether it did.</summary>
    public static QueryResult<T> FromFetched(IReadOnlyList<T> rows, int maxRows) =>
        rows.Count > maxRows ? new(rows.Take(maxRows).ToArray(), true) : new(rows, false);
}

/// <summary>Which dimensions a KPI or volume answer is grouped by.</summary>
[Flags]
public enum KpiGrouping
{
    None = 0,
    Port = 1,
    Mode = 2,
    Direction = 4,

    /// <summary>The trading enterprise (consignee of an import, shipper of an export).</summary>
    Enterprise = 8,

    /// <summary>By <see cref="KpiQuery.Period"/> of the end milestone's local date.</summary>
    Period = 16,
}

/// <summary>A trace of one shipment reference: a master or house bill, container or declaration number; any kind when <see cref="Kind"/> is null.</summary>
public sealed record TraceQuery(string Reference, ShipmentKeyKind? Kind = null, int MaxEvents = AnalyticsLimits.MaxTraceEvents)
{
    public void Check()
    {
        QueryChecks.LookupText(Reference, ShipmentKey.MaxValueChars, "reference");
        QueryChecks.RowLimit(MaxEvents, AnalyticsLimits.MaxTraceEvents);
    }
}

/// <summary>One event of a trace with its ledger location (block height, transaction index, leaf index in the batch) and id: enough to ask the node for its proof.</summary>
public sealed record TraceEvent(
    string EventId,
    ulong Height,
    int TransactionIndex,
    int LeafIndex,
    TradeEventType EventType,
    DateTimeOffset OccurredAt,
    string MemberId,
    string SourceSystem,
    TransportMode? Mode,
    TradeDirection Direction,
    string Port,
    string Location,
    string MasterBill,
    IReadOnlyList<string> HouseBills,
    IReadOnlyList<string> Containers,
    string DeclarationNumber,
    bool Redacted);

/// <summary>
/// Every event under a reference, in the order they happened (ties by ledger order), and the
/// status timeline the trade contract gives them. A house bill's trace also holds its master's
/// events that name no house (the flight or vessel arrival of the whole consignment).
/// </summary>
public sealed record ShipmentTrace(string Reference, ShipmentKeyKind? Kind, IReadOnlyList<TraceEvent> Events, StatusTimeline Timeline, bool Truncated);

/// <param name="From">First local date (inclusive) of the end milestone.</param>
/// <param name="To">Last local date (exclusive).</param>
public sealed record KpiQuery(
    KpiClock Clock,
    DateOnly From,
    DateOnly To,
    KpiGrouping GroupBy = KpiGrouping.None,
    Period Period = Period.Month,
    string? Port = null,
    TransportMode? Mode = null,
    TradeDirection? Direction = null,
    int MaxRows = AnalyticsLimits.MaxResultRows)
{
    public void Check()
    {
        ArgumentNullException.ThrowIfNull(Clock);
        QueryWindows.CheckRange(From, To);
        QueryChecks.RowLimit(MaxRows, AnalyticsLimits.MaxResultRows);
    }
}

/// <summary>
/// Durations of one group, in milliseconds: count, total (mean = total / count), min, max and the
/// nearest-rank percentiles (<see cref="Percentiles"/>). Ungrouped dimensions are empty or null.
/// </summary>
public sealed record KpiRow(
    string Clock,
    string Period,
    string Port,
    TransportMode? Mode,
    TradeDirection? Direction,
    string Enterprise,
    long Count,
    long TotalMs,
    long MinMs,
    long MaxMs,
    long P50Ms,
    long P90Ms,
    long P95Ms)
{
    public double MeanMs => Count == 0 ? 0 : (double)TotalMs / Count;
}

/// <summary>A stored daily roll-up row: the day's KPI for a port, mode and direction, and when it was computed.</summary>
public sealed record KpiRollupRow(DateOnly Day, KpiRow Kpi, DateTimeOffset ComputedAt);

/// <summary>The houses under one master bill (主单分流分拨).</summary>
public sealed record MasterSplitQuery(string MasterBill, int MaxRows = AnalyticsLimits.MaxResultRows)
{
    public void Check()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(MasterBill);
        QueryChecks.RowLimit(MaxRows, AnalyticsLimits.MaxResultRows);
    }
}

/// <summary>
/// One house bill of a split master: where it went (the location of its first transfer into a
/// customs-supervised area, else where it last left the port) and when it reached each step.
/// Arrival is the master's (or the house's own) first arrival, discharge or RCF.
/// </summary>
public sealed record HouseDistributionRow(
    string MasterBill,
    string HouseBill,
    string Port,
    string Consignee,
    string Destination,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? TransferredAt,
    DateTimeOffset? ReleasedAt,
    DateTimeOffset? OutAt)
{
    public TimeSpan? ArrivalToTransfer => ArrivedAt is { } a && TransferredAt is { } t ? t - a : null;

    public TimeSpan? ArrivalToRelease => ArrivedAt is { } a && ReleasedAt is { } r ? r - a : null;

    public TimeSpan? ArrivalToOut => ArrivedAt is { } a && OutAt is { } o ? o - a : null;
}

/// <summary>Declarations filed and manifests filed per period, port, mode and direction, by the filing's local date in [From, To).</summary>
public sealed record VolumeQuery(DateOnly From, DateOnly To, Period Period = Period.Month, string? Port = null, int MaxRows = AnalyticsLimits.MaxResultRows)
{
    public void Check()
    {
        QueryWindows.CheckRange(From, To);
        QueryChecks.RowLimit(MaxRows, AnalyticsLimits.MaxResultRows);
    }
}

/// <summary>Distinct declaration numbers with a DeclarationFiled event, and distinct master bills with a ManifestFiled event.</summary>
public sealed record VolumeRow(string Period, string Port, TransportMode? Mode, TradeDirection? Direction, long Declarations, long Manifests);

/// <summary>
/// Cargo units in port at some moment of [From, To] (From = To for "now"). A unit is a container
/// (for events naming containers) or else the master bill (air cargo). It is in port from its
/// first gate-in, discharge, RCF or RCS to its last gate-out, loading, departure or delivery.
/// </summary>
public sealed record CargoInPortQuery(DateTimeOffset From, DateTimeOffset To, string? Port = null, int MaxRows = AnalyticsLimits.MaxResultRows)
{
    public void Check()
    {
        if (To < From)
        {
            throw new ArgumentException($"the window [{From:O}, {To:O}] is empty");
        }
        if ((To - From).TotalDays > AnalyticsLimits.MaxQueryRangeDays)
        {
            throw new ArgumentException($"the window spans {(To - From).TotalDays:F0} days, over the {AnalyticsLimits.MaxQueryRangeDays}-day limit");
        }
        QueryChecks.RowLimit(MaxRows, AnalyticsLimits.MaxResultRows);
    }
}

/// <summary>Units in port per port, mode, direction and enterprise, with their dwell (in until out, or until To if still in).</summary>
public sealed record CargoInPortRow(string Port, TransportMode? Mode, TradeDirection? Direction, string Enterprise, long Units, long TotalDwellMs, long MaxDwellMs);

/// <summary>Vessel calls and flights arriving in [From, To) with their departure from the same port.</summary>
public sealed record TurnaroundQuery(DateTimeOffset From, DateTimeOffset To, string? Port = null, int MaxRows = AnalyticsLimits.MaxResultRows)
{
    public void Check()
    {
        if (To <= From)
        {
            throw new ArgumentException($"the window [{From:O}, {To:O}) is empty");
        }
        if ((To - From).TotalDays > AnalyticsLimits.MaxQueryRangeDays)
        {
            throw new ArgumentException($"the window spans {(To - From).TotalDays:F0} days, over the {AnalyticsLimits.MaxQueryRangeDays}-day limit");
        }
        QueryChecks.RowLimit(MaxRows, AnalyticsLimits.MaxResultRows);
    }
}

/// <summary>A conveyance's first arrival and first departure at a port; turnaround when it departed after arriving.</summary>
public sealed record TurnaroundRow(string Port, TransportMode? Mode, string Conveyance, DateTimeOffset ArrivedAt, DateTimeOffset? DepartedAt)
{
    public TimeSpan? Turnaround => DepartedAt is { } d && d >= ArrivedAt ? d - ArrivedAt : null;
}

/// <summary>A time target (通关时效设置) for a clock at a port, mode and direction; null matches any.</summary>
public sealed record SlaTarget(string? Port, TransportMode? Mode, TradeDirection? Direction, TimeSpan Target)
{
    /// <summary>How many dimensions the target names: the most specific matching target applies.</summary>
    public int Specificity => (Port is null ? 0 : 4) + (Mode is null ? 0 : 2) + (Direction is null ? 0 : 1);

    public bool Matches(string port, TransportMode? mode, TradeDirection? direction) =>
        (Port is null || Port == port) && (Mode is null || Mode == mode) && (Direction is null || Direction == direction);
}

/// <summary>Shipments whose clock has run past its target as of <see cref="AsOf"/>: finished late, or still open and already late.</summary>
public sealed record SlaQuery(KpiClock Clock, IReadOnlyList<SlaTarget> Targets, DateTimeOffset AsOf, int MaxRows = AnalyticsLimits.MaxResultRows)
{
    public void Check()
    {
        ArgumentNullException.ThrowIfNull(Clock);
        ArgumentNullException.ThrowIfNull(Targets);
        if (Targets.Count is 0 or > AnalyticsLimits.MaxSlaTargets)
        {
            throw new ArgumentException($"an SLA query has 1..{AnalyticsLimits.MaxSlaTargets} targets, got {Targets.Count}");
        }
        if (Targets.Any(t => t.Target <= TimeSpan.Zero))
        {
            throw new ArgumentException("SLA targets are positive durations");
        }
        QueryChecks.RowLimit(MaxRows, AnalyticsLimits.MaxResultRows);
    }
}

/// <summary>
/// A shipment over its SLA target: how long its clock has run (to its end, or to the query's
/// as-of time while open), the target, and where it waits: its last event (type, location) and
/// the status that event gives it.
/// </summary>
public sealed record SlaBreachRow(
    string Clock,
    string MasterBill,
    string HouseBill,
    string Port,
    TransportMode? Mode,
    TradeDirection? Direction,
    string Enterprise,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    long ElapsedMs,
    long TargetMs,
    TradeEventType LastEventType,
    string LastLocation)
{
    public long OverByMs => ElapsedMs - TargetMs;

    public bool Open => EndedAt is null;

    /// <summary>The status the last event sets, as the contract names it (null for status-less events such as tax).</summary>
    public ShipmentStatus? WaitingStatus => TradeContract.StatusOf(LastEventType);
}

/// <summary>
/// A truck's gate movements (GateIn and GateOut events naming its plate), newest first, optionally
/// at one port. The plate is compared as the ingest pipeline stores it (normalised: separators
/// dropped, Latin letters upper case).
/// </summary>
public sealed record VehicleMovementQuery(string Plate, string? Port = null, int MaxRows = VehicleMovementQuery.DefaultMaxRows)
{
    /// <summary>A gate screen's worth of recent movements.</summary>
    public const int DefaultMaxRows = 100;

    /// <summary>A plate has at most 8 characters; 16 is the ingest parser's bound with separators.</summary>
    public const int MaxPlateChars = 16;

    public void Check()
    {
        QueryChecks.LookupText(Plate, MaxPlateChars, "plate");
        QueryChecks.RowLimit(MaxRows, AnalyticsLimits.MaxVehicleMovements);
    }
}

/// <summary>
/// One gate movement of a truck with its ledger location and what it moved. The partner
/// attributes (<see cref="AttributesJson"/>) hold what ingest linked at the gate: whether a
/// registration was valid then, its id and carrier.
/// </summary>
public sealed record VehicleMovementRow(
    string EventId,
    ulong Height,
    int TransactionIndex,
    int LeafIndex,
    TradeEventType EventType,
    DateTimeOffset OccurredAt,
    string Port,
    string Location,
    string MasterBill,
    IReadOnlyList<string> Containers,
    string AttributesJson);

