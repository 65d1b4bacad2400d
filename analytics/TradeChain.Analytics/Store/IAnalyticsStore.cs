using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Queries;

namespace TradeChain.Analytics.Store;

/// <summary>Where the projection has got to: the last block whose events are all in the store.</summary>
/// <param name="BlockTimeMs">That block's timestamp (Unix ms).</param>
public sealed record ProjectionCheckpoint(ulong Height, string BlockId, long BlockTimeMs);

/// <summary>
/// One write: the new events of a run of consecutive blocks (ledger order, no id twice) and the
/// checkpoint they move the projection to (null: part of a block too large for one write, which
/// leaves the checkpoint where it is). The store keeps the first occurrence of an event id: rows
/// whose id it already holds are skipped, so writing the same blocks again changes nothing.
/// </summary>
public sealed record ProjectionBatch(IReadOnlyList<ProjectedEvent> Events, ProjectionCheckpoint? Checkpoint);

/// <param name="EventsWritten">Events new to the store.</param>
/// <param name="EventsAlreadyPresent">Events whose id the store already held (a replay, or a ledger duplicate of an earlier block).</param>
public sealed record WriteResult(int EventsWritten, int EventsAlreadyPresent);

/// <summary>
/// The analytical store: written only by the projector, read by the KPI, trace and volume
/// queries and by the jobs. Two engines implement it (DuckDB embedded, ClickHouse at scale) and
/// one test suite holds both to the same answers.
/// </summary>
public interface IAnalyticsStore : IAsyncDisposable
{
    /// <summary>"duckdb" or "clickhouse".</summary>
    string Engine { get; }

    /// <summary>The last block fully projected; null before the first write.</summary>
    Task<ProjectionCheckpoint?> GetCheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a batch and its checkpoint. DuckDB: one transaction, so data and checkpoint move
    /// together. ClickHouse: data first, checkpoint last, with deduplicating tables, so a crash in
    /// between is repaired by writing the same blocks again.
    /// </summary>
    Task<WriteResult> WriteAsync(ProjectionBatch batch, CancellationToken cancellationToken = default);

    Task<ShipmentTrace> TraceAsync(TraceQuery query, CancellationToken cancellationToken = default);

    Task<QueryResult<KpiRow>> KpiAsync(KpiQuery query, CancellationToken cancellationToken = default);

    Task<QueryResult<HouseDistributionRow>> MasterSplitAsync(MasterSplitQuery query, CancellationToken cancellationToken = default);

    Task<QueryResult<VolumeRow>> VolumesAsync(VolumeQuery query, CancellationToken cancellationToken = default);

    Task<QueryResult<CargoInPortRow>> CargoInPortAsync(CargoInPortQuery query, CancellationToken cancellationToken = default);

    Task<QueryResult<TurnaroundRow>> TurnaroundAsync(TurnaroundQuery query, CancellationToken cancellationToken = default);

    /// <summary>Shipments over their SLA target for a clock, as of a time, with how long and where they wait.</summary>
    Task<QueryResult<SlaBreachRow>> SlaBreachesAsync(SlaQuery query, CancellationToken cancellationToken = default);

    /// <summary>A truck's gate movements by plate, newest first.</summary>
    Task<QueryResult<VehicleMovementRow>> VehicleMovementsAsync(VehicleMovementQuery query, CancellationToken cancellationToken = default);

    /// <summary>Replaces the daily KPI roll-up rows of <paramref name="day"/> (all clocks in <paramref name="rows"/>).</summary>
    Task ReplaceKpiRollupAsync(DateOnly day, IReadOnlyList<KpiRow> rows, CancellationToken cancellationToken = default);

    /// <summary>Roll-up rows for days in [from, to), ordered by day, clock and group.</summary>
    Task<QueryResult<KpiRollupRow>> ReadKpiRollupAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>The latest day with roll-up rows; null when none.</summary>
    Task<DateOnly?> LastRolledUpDayAsync(CancellationToken cancellationToken = default);

    /// <summary>Records breaches not recorded before (keyed by clock and shipment) and returns those.</summary>
    Task<IReadOnlyList<SlaBreachRow>> RecordNewBreachesAsync(IReadOnlyList<SlaBreachRow> breaches, DateTimeOffset detectedAt, CancellationToken cancellationToken = default);

    /// <summary>Deletes events (and their references) that occurred before <paramref name="cutoff"/>; returns how many events went.</summary>
    Task<long> DeleteOccurredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>Writes a consistent copy of the store to <paramref name="target"/> (a directory for DuckDB, a backup name for ClickHouse).</summary>
    Task BackupAsync(string target, CancellationToken cancellationToken = default);
}
