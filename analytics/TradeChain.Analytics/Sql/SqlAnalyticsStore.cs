using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Store;
using TradeChain.Contract;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Sql;

/// <summary>
/// The query half of both stores: builds each query's SQL with the engine's dialect, runs it
/// through the engine's thin I/O shell (<see cref="QueryAsync"/>) and maps rows the same way.
/// Writes, checkpoints, roll-up storage, retention and backup are the engine's own.
/// </summary>
public abstract class SqlAnalyticsStore(SqlDialect dialect) : IAnalyticsStore
{
    protected AnalyticsSql Sql { get; } = new(dialect);

    public string Engine => dialect.Name;

    /// <summary>Runs a read and returns its rows (every query is bounded by a LIMIT, so rows fit in memory).</summary>
    protected abstract Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken);

    public abstract Task<ProjectionCheckpoint?> GetCheckpointAsync(CancellationToken cancellationToken = default);

    public abstract Task<WriteResult> WriteAsync(ProjectionBatch batch, CancellationToken cancellationToken = default);

    public abstract Task ReplaceKpiRollupAsync(DateOnly day, IReadOnlyList<KpiRow> rows, CancellationToken cancellationToken = default);

    public abstract Task<QueryResult<KpiRollupRow>> ReadKpiRollupAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    public abstract Task<DateOnly?> LastRolledUpDayAsync(CancellationToken cancellationToken = default);

    public abstract Task<IReadOnlyList<SlaBreachRow>> RecordNewBreachesAsync(IReadOnlyList<SlaBreachRow> breaches, DateTimeOffset detectedAt, CancellationToken cancellationToken = default);

    public abstract Task<long> DeleteOccurredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    public abstract Task BackupAsync(string target, CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    public async Task<ShipmentTrace> TraceAsync(TraceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var refs = await QueryAsync(Sql.TraceRefs(query), cancellationToken).ConfigureAwait(false);
        var located = refs
            .Select(r => (Id: SqlRows.Text(r[0]), Position: (ulong)SqlRows.Long(r[1]), OccurredMs: SqlRows.Long(r[2])))
            .DistinctBy(x => x.Id)
            .OrderBy(x => x.OccurredMs).ThenBy(x => x.Position)
            .Take(query.MaxEvents + 1)
            .ToArray();
        var truncated = located.Length > query.MaxEvents;
        var wanted = located.Take(query.MaxEvents).ToArray();
        var events = new List<TraceEvent>(wanted.Length);
        foreach (var chunk in wanted.Chunk(AnalyticsSql.MaxIdsPerStatement))
        {
            var sql = Sql.EventsById(chunk.Select(x => x.Id).ToArray(), chunk.Min(x => x.Position), chunk.Max(x => x.Position));
            events.AddRange((await QueryAsync(sql, cancellationToken).ConfigureAwait(false)).Select(SqlRows.TraceEvent));
        }
        var ordered = events
            .DistinctBy(e => e.EventId)
            .OrderBy(e => e.OccurredAt).ThenBy(e => Projection.LedgerPosition.Pack(e.Height, e.TransactionIndex, e.LeafIndex))
            .ToArray();
        var kind = query.Kind ?? KindOf(query.Reference, ordered);
        var timeline = kind is { } k ? StatusTimeline.Build(new ShipmentKey(k, query.Reference), ordered) : StatusTimeline.Empty;
        return new ShipmentTrace(query.Reference, kind, ordered, timeline, truncated);
    }

    public async Task<QueryResult<KpiRow>> KpiAsync(KpiQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var rows = await QueryAsync(Sql.Kpi(query), cancellationToken).ConfigureAwait(false);
        return QueryResult<KpiRow>.FromFetched(rows.Select(r => SqlRows.Kpi(query.Clock.Name, r)).ToArray(), query.MaxRows);
    }

    public async Task<QueryResult<HouseDistributionRow>> MasterSplitAsync(MasterSplitQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var rows = await QueryAsync(Sql.MasterSplit(query), cancellationToken).ConfigureAwait(false);
        DateTimeOffset? At(object?[] r, int countAt) => SqlRows.Long(r[countAt]) > 0 ? SqlRows.Time(r[countAt + 1]) : null;
        var houses = rows.Select(r => new HouseDistributionRow(
            MasterBill: query.MasterBill,
            HouseBill: SqlRows.Text(r[0]),
            Port: SqlRows.Text(r[1]),
            Consignee: SqlRows.Text(r[2]),
            // Where the house went: its transfer into customs control, else where it last left the port.
            Destination: SqlRows.Long(r[5]) > 0 ? SqlRows.Text(r[7]) : SqlRows.Text(r[12]),
            ArrivedAt: At(r, 3),
            TransferredAt: At(r, 5),
            ReleasedAt: At(r, 8),
            OutAt: At(r, 10))).ToArray();
        return QueryResult<HouseDistributionRow>.FromFetched(houses, query.MaxRows);
    }

    public async Task<QueryResult<VolumeRow>> VolumesAsync(VolumeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var rows = await QueryAsync(Sql.Volumes(query), cancellationToken).ConfigureAwait(false);
        return QueryResult<VolumeRow>.FromFetched(
            rows.Select(r => new VolumeRow(SqlRows.Text(r[0]), SqlRows.Text(r[1]), SqlRows.Mode(r[2]), SqlRows.Direction(r[3]), SqlRows.Long(r[4]), SqlRows.Long(r[5]))).ToArray(),
            query.MaxRows);
    }

    public async Task<QueryResult<CargoInPortRow>> CargoInPortAsync(CargoInPortQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var rows = await QueryAsync(Sql.CargoInPort(query), cancellationToken).ConfigureAwait(false);
        return QueryResult<CargoInPortRow>.FromFetched(
            rows.Select(r => new CargoInPortRow(SqlRows.Text(r[0]), SqlRows.Mode(r[1]), SqlRows.Direction(r[2]), SqlRows.Text(r[3]), SqlRows.Long(r[4]), SqlRows.Long(r[5]), SqlRows.Long(r[6]))).ToArray(),
            query.MaxRows);
    }

    public async Task<QueryResult<TurnaroundRow>> TurnaroundAsync(TurnaroundQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var rows = await QueryAsync(Sql.Turnaround(query), cancellationToken).ConfigureAwait(false);
        return QueryResult<TurnaroundRow>.FromFetched(
            rows.Select(r => new TurnaroundRow(
                SqlRows.Text(r[0]),
                SqlRows.Mode(r[1]),
                SqlRows.Text(r[2]),
                SqlRows.Time(r[3]),
                SqlRows.Long(r[4]) > 0 ? SqlRows.Time(r[5]) : null)).ToArray(),
            query.MaxRows);
    }

    public async Task<QueryResult<SlaBreachRow>> SlaBreachesAsync(SlaQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var rows = await QueryAsync(Sql.SlaBreaches(query), cancellationToken).ConfigureAwait(false);
        return QueryResult<SlaBreachRow>.FromFetched(
            rows.Select(r => new SlaBreachRow(
                Clock: query.Clock.Name,
                MasterBill: SqlRows.Text(r[0]),
                HouseBill: SqlRows.Text(r[1]),
                Port: SqlRows.Text(r[2]),
                Mode: SqlRows.Mode(r[3]),
                Direction: SqlRows.Direction(r[4]),
                Enterprise: SqlRows.Text(r[5]),
                StartedAt: SqlRows.Time(r[6]),
                EndedAt: SqlRows.Long(r[7]) > 0 ? SqlRows.Time(r[8]) : null,
                ElapsedMs: SqlRows.Long(r[9]),
                TargetMs: SqlRows.Long(r[10]),
                LastEventType: (TradeEventType)SqlRows.Long(r[11]),
                LastLocation: SqlRows.Text(r[12]))).ToArray(),
            query.MaxRows);
    }

    public async Task<QueryResult<VehicleMovementRow>> VehicleMovementsAsync(VehicleMovementQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var rows = await QueryAsync(Sql.VehicleMovements(query), cancellationToken).ConfigureAwait(false);
        return QueryResult<VehicleMovementRow>.FromFetched(
            rows.Select(r => new VehicleMovementRow(
                EventId: SqlRows.Text(r[0]),
                Height: (ulong)SqlRows.Long(r[1]),
                TransactionIndex: (int)SqlRows.Long(r[2]),
                LeafIndex: (int)SqlRows.Long(r[3]),
                EventType: (TradeEventType)SqlRows.Long(r[4]),
                OccurredAt: SqlRows.Time(r[5]),
                Port: SqlRows.Text(r[6]),
                Location: SqlRows.Text(r[7]),
                MasterBill: SqlRows.Text(r[8]),
                Containers: SqlRows.Texts(r[9]),
                AttributesJson: SqlRows.Text(r[10]))).ToArray(),
            query.MaxRows);
    }

    /// <summary>
    /// A digest of the projected tables' contents (events by ledger position, references by
    /// reference): two stores that projected the same ledger, however often restarted, agree on it.
    /// </summary>
    internal async Task<(long Events, long Refs, string Sha256)> TableDigestAsync(CancellationToken cancellationToken)
    {
        var d = Sql.Dialect;
        var events = await QueryAsync(new SqlText($"SELECT event_id, ledger_position, event_type, {d.EpochMs("occurred_at")}, master_bill, port, redacted FROM events{d.Final} ORDER BY ledger_position", []), cancellationToken).ConfigureAwait(false);
        var refs = await QueryAsync(new SqlText($"SELECT ref_kind, ref_value, event_id, ledger_position FROM event_refs{d.Final} ORDER BY ref_value, ref_kind, ledger_position", []), cancellationToken).ConfigureAwait(false);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var row in events.Concat(refs))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Join('|', row.Select(SqlRows.Text)) + "\n"));
        }
        return (events.Count, refs.Count, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The kind a reference was found under (the lowest kind when a value is several); null when nothing names it.</summary>
    private static ShipmentKeyKind? KindOf(string reference, IReadOnlyList<TraceEvent> events)
    {
        foreach (var kind in Enum.GetValues<ShipmentKeyKind>())
        {
            var named = kind switch
            {
                ShipmentKeyKind.MasterBill => events.Any(e => e.MasterBill == reference),
                ShipmentKeyKind.HouseBill => events.Any(e => e.HouseBills.Contains(reference)),
                ShipmentKeyKind.Container => events.Any(e => e.Containers.Contains(reference)),
                _ => events.Any(e => e.DeclarationNumber == reference),
            };
            if (named)
            {
                return kind;
            }
        }
        return null;
    }
}
