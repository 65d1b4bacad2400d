namespace TradeChain.Analytics.Store;

/// <summary>
/// Bounds on everything that grows: rows per write, rows per answer, time spans a query may
/// scan. Each bound says why it has its value; a query over the bound is refused with the bound
/// named rather than left to run for minutes.
/// </summary>
public static class AnalyticsLimits
{
    /// <summary>
    /// Rows in one projection write. 50,000 events are about 25 MB of Arrow columns: one write is
    /// a few hundred milliseconds into DuckDB and well inside ClickHouse's preferred insert size
    /// (tens of thousands of rows per insert; far fewer, larger inserts than one per block).
    /// </summary>
    public const int MaxBatchEvents = 50_000;

    /// <summary>Blocks folded into one write; more small blocks per write is fewer transactions, and the checkpoint moves per write.</summary>
    public const int MaxBlocksPerBatch = 256;

    /// <summary>Rows one query returns. A dashboard or export needing more should aggregate; the answer says it was cut.</summary>
    public const int MaxResultRows = 10_000;

    /// <summary>Events in one trace. A master bill with 500 houses and a dozen events each stays within it.</summary>
    public const int MaxTraceEvents = 10_000;

    /// <summary>A KPI or volume query covers at most a year of periods: the bureau's annual report.</summary>
    public const int MaxQueryRangeDays = 366;

    /// <summary>
    /// The longest clock measured: a KPI query reads events from this many days before its first
    /// period (start milestones of shipments that finish in the period). Cargo abandoned in port
    /// for longer is a case for customs, not a clearance-time statistic.
    /// </summary>
    public const int MaxClockSpanDays = 90;

    /// <summary>How far back the cargo-in-port and SLA queries look for units and shipments that are still open.</summary>
    public const int MaxOpenDays = 90;

    /// <summary>A vessel or aircraft departs within this many days of arriving, or the call is not a turnaround.</summary>
    public const int MaxTurnaroundDays = 30;

    /// <summary>Gate movements in one vehicle answer: a truck working a port moves a few times a day, so this is months of its history.</summary>
    public const int MaxVehicleMovements = 1_000;

    /// <summary>SLA targets per query: one per port, mode and direction is a few dozen.</summary>
    public const int MaxSlaTargets = 256;
}
