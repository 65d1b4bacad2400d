using TradeChain.Analytics.Queries;

namespace TradeChain.Analytics.Export;

/// <summary>The value types an exported column can have.</summary>
public enum ColumnKind
{
    Text = 1,
    Int64 = 2,
    Float64 = 3,
    Bool = 4,

    /// <summary>UTC, millisecond precision.</summary>
    Timestamp = 5,
}

/// <summary>One column of an export: name, type and one value per row (null where absent).</summary>
public sealed record ResultColumn(string Name, ColumnKind Kind, IReadOnlyList<object?> Values);

/// <summary>
/// Any query answer as a table of typed columns, the one shape the Arrow, Parquet and CSV
/// writers take. <see cref="Truncated"/> carries the row limit's verdict into the export.
/// </summary>
public sealed record ResultTable(string Name, IReadOnlyList<ResultColumn> Columns, int RowCount, bool Truncated)
{
    /// <summary>Builds a table from rows and column definitions (name, kind, value of a row).</summary>
    public static ResultTable Of<T>(string name, IReadOnlyList<T> rows, bool truncated, params (string Name, ColumnKind Kind, Func<T, object?> Value)[] columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new ResultTable(name, columns.Select(c => new ResultColumn(c.Name, c.Kind, rows.Select(c.Value).ToArray())).ToArray(), rows.Count, truncated);
    }
}

/// <summary>Each query answer as a <see cref="ResultTable"/>: durations in milliseconds, times in UTC, enums by name.</summary>
public static class ResultTables
{
    public static ResultTable Kpi(QueryResult<KpiRow> result) => ResultTable.Of("kpi", result.Rows, result.Truncated,
        ("clock", ColumnKind.Text, r => r.Clock),
        ("period", ColumnKind.Text, r => r.Period),
        ("port", ColumnKind.Text, r => r.Port),
        ("mode", ColumnKind.Text, r => r.Mode?.ToString()),
        ("direction", ColumnKind.Text, r => r.Direction?.ToString()),
        ("enterprise", ColumnKind.Text, r => r.Enterprise),
        ("shipments", ColumnKind.Int64, r => r.Count),
        ("mean_ms", ColumnKind.Float64, r => r.MeanMs),
        ("min_ms", ColumnKind.Int64, r => r.MinMs),
        ("p50_ms", ColumnKind.Int64, r => r.P50Ms),
        ("p90_ms", ColumnKind.Int64, r => r.P90Ms),
        ("p95_ms", ColumnKind.Int64, r => r.P95Ms),
        ("max_ms", ColumnKind.Int64, r => r.MaxMs));

    /// <summary>A trace's events with their ledger location and the status the timeline gives after each.</summary>
    public static ResultTable Trace(ShipmentTrace trace)
    {
        var steps = trace.Events.Zip(trace.Timeline.Entries.Count == trace.Events.Count ? trace.Timeline.Entries : trace.Events.Select(_ => (TimelineEntry?)null)).ToArray();
        return ResultTable.Of("trace", steps, trace.Truncated,
            ("event_id", ColumnKind.Text, s => s.First.EventId),
            ("height", ColumnKind.Int64, s => (long)s.First.Height),
            ("tx_index", ColumnKind.Int64, s => (long)s.First.TransactionIndex),
            ("leaf_index", ColumnKind.Int64, s => (long)s.First.LeafIndex),
            ("event_type", ColumnKind.Text, s => s.First.EventType.ToString()),
            ("occurred_at", ColumnKind.Timestamp, s => s.First.OccurredAt),
            ("port", ColumnKind.Text, s => s.First.Port),
            ("location", ColumnKind.Text, s => s.First.Location),
            ("member_id", ColumnKind.Text, s => s.First.MemberId),
            ("redacted", ColumnKind.Bool, s => s.First.Redacted),
            ("status", ColumnKind.Text, s => s.Second?.Status?.ToString()),
            ("anomalies", ColumnKind.Text, s => s.Second?.Flags.ToString()));
    }

    public static ResultTable MasterSplit(QueryResult<HouseDistributionRow> result) => ResultTable.Of("master_split", result.Rows, result.Truncated,
        ("master_bill", ColumnKind.Text, r => r.MasterBill),
        ("house_bill", ColumnKind.Text, r => r.HouseBill),
        ("port", ColumnKind.Text, r => r.Port),
        ("consignee", ColumnKind.Text, r => r.Consignee),
        ("destination", ColumnKind.Text, r => r.Destination),
        ("arrived_at", ColumnKind.Timestamp, r => r.ArrivedAt),
        ("transferred_at", ColumnKind.Timestamp, r => r.TransferredAt),
        ("released_at", ColumnKind.Timestamp, r => r.ReleasedAt),
        ("out_at", ColumnKind.Timestamp, r => r.OutAt));

    public static ResultTable Volumes(QueryResult<VolumeRow> result) => ResultTable.Of("volumes", result.Rows, result.Truncated,
        ("period", ColumnKind.Text, r => r.Period),
        ("port", ColumnKind.Text, r => r.Port),
        ("mode", ColumnKind.Text, r => r.Mode?.ToString()),
        ("direction", ColumnKind.Text, r => r.Direction?.ToString()),
        ("declarations", ColumnKind.Int64, r => r.Declarations),
        ("manifests", ColumnKind.Int64, r => r.Manifests));

    public static ResultTable CargoInPort(QueryResult<CargoInPortRow> result) => ResultTable.Of("cargo_in_port", result.Rows, result.Truncated,
        ("port", ColumnKind.Text, r => r.Port),
        ("mode", ColumnKind.Text, r => r.Mode?.ToString()),
        ("direction", ColumnKind.Text, r => r.Direction?.ToString()),
        ("enterprise", ColumnKind.Text, r => r.Enterprise),
        ("units", ColumnKind.Int64, r => r.Units),
        ("total_dwell_ms", ColumnKind.Int64, r => r.TotalDwellMs),
        ("max_dwell_ms", ColumnKind.Int64, r => r.MaxDwellMs));

    public static ResultTable Turnaround(QueryResult<TurnaroundRow> result) => ResultTable.Of("turnaround", result.Rows, result.Truncated,
        ("port", ColumnKind.Text, r => r.Port),
        ("mode", ColumnKind.Text, r => r.Mode?.ToString()),
        ("conveyance", ColumnKind.Text, r => r.Conveyance),
        ("arrived_at", ColumnKind.Timestamp, r => r.ArrivedAt),
        ("departed_at", ColumnKind.Timestamp, r => r.DepartedAt),
        ("turnaround_ms", ColumnKind.Int64, r => (long?)r.Turnaround?.TotalMilliseconds));

    public static ResultTable SlaBreaches(QueryResult<SlaBreachRow> result) => ResultTable.Of("sla_breaches", result.Rows, result.Truncated,
        ("clock", ColumnKind.Text, r => r.Clock),
        ("master_bill", ColumnKind.Text, r => r.MasterBill),
        ("house_bill", ColumnKind.Text, r => r.HouseBill),
        ("port", ColumnKind.Text, r => r.Port),
        ("mode", ColumnKind.Text, r => r.Mode?.ToString()),
        ("direction", ColumnKind.Text, r => r.Direction?.ToString()),
        ("enterprise", ColumnKind.Text, r => r.Enterprise),
        ("started_at", ColumnKind.Timestamp, r => r.StartedAt),
        ("ended_at", ColumnKind.Timestamp, r => r.EndedAt),
        ("elapsed_ms", ColumnKind.Int64, r => r.ElapsedMs),
        ("target_ms", ColumnKind.Int64, r => r.TargetMs),
        ("over_by_ms", ColumnKind.Int64, r => r.OverByMs),
        ("waiting_after", ColumnKind.Text, r => r.LastEventType.ToString()),
        ("waiting_at", ColumnKind.Text, r => r.LastLocation),
        ("waiting_status", ColumnKind.Text, r => r.WaitingStatus?.ToString()));
}
