using System.Globalization;
using DuckDB.NET.Data;
using TradeChain.Analytics.Jobs;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Sql;
using TradeChain.Analytics.Store;

namespace TradeChain.Analytics.DuckDb;

/// <summary>How the embedded store is laid out.</summary>
public sealed record DuckDbStoreOptions
{
    public const string FileName = "analytics.duckdb";

    /// <summary>The data directory; the database is <see cref="FileName"/> in it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>DuckDB's worker threads. 2: the development machines have two cores, shared with the ledger node.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>DuckDB's memory limit in MiB; queries over it spill to disk. 2 GiB leaves the node and ingest their share.</summary>
    public int MemoryLimitMiB { get; init; } = 2048;

    /// <summary>Where "updated at" and "computed at" times come from.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string DatabasePath => Path.Combine(DataDirectory, FileName);

    public string? Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add("a data directory is required");
        }
        if (Threads is < 1 or > 64)
        {
            problems.Add($"threads must be 1..64, got {Threads}");
        }
        if (MemoryLimitMiB < 64)
        {
            problems.Add($"the memory limit must be at least 64 MiB, got {MemoryLimitMiB}");
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}

/// <summary>
/// The embedded analytics store: one DuckDB file in the data directory. A single writer
/// connection (the projector and the jobs take turns) and one connection per query, which read
/// committed snapshots alongside the writer (DuckDB's MVCC). Each projection write is one
/// transaction: staged Arrow rows, deduplication against the events already held, the new rows
/// and the checkpoint commit together or not at all.
/// </summary>
public sealed class DuckDbAnalyticsStore : SqlAnalyticsStore
{
    private const string MigrationPrefix = "TradeChain.Analytics.DuckDb.Migrations.";

    private readonly DuckDbStoreOptions _options;
    private readonly string _connectionString;
    private readonly DuckDBConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private bool _disposed;

    private DuckDbAnalyticsStore(DuckDbStoreOptions options, string connectionString, DuckDBConnection writer)
        : base(DuckDbDialect.Instance)
    {
        _options = options;
        _connectionString = connectionString;
        _writer = writer;
    }

    public string DatabasePath => _options.DatabasePath;

    /// <summary>Opens (creating if needed) the store, applies pending migrations and checks the tables match the Arrow schemas.</summary>
    public static DuckDbAnalyticsStore Open(DuckDbStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException($"DuckDB store options: {problem}", nameof(options));
        }
        Directory.CreateDirectory(options.DataDirectory);
        var connectionString = $"Data Source={options.DatabasePath}";
        var writer = new DuckDBConnection(connectionString);
        try
        {
            writer.Open();
            Execute(writer, $"SET threads = {options.Threads.ToString(CultureInfo.InvariantCulture)}; SET memory_limit = '{options.MemoryLimitMiB.ToString(CultureInfo.InvariantCulture)}MiB'");
            Migrate(writer);
            CheckColumns(writer, "events", ArrowProjection.EventsSchema);
            CheckColumns(writer, "event_refs", ArrowProjection.RefsSchema);
            // Per-connection staging tables: a write appends here, then moves what is new.
            Execute(writer, "CREATE TEMP TABLE stage_events AS SELECT * FROM events LIMIT 0; CREATE TEMP TABLE stage_refs AS SELECT * FROM event_refs LIMIT 0");
            return new DuckDbAnalyticsStore(options, connectionString, writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public override async Task<ProjectionCheckpoint?> GetCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(new SqlText("SELECT height, block_id, epoch_ms(block_time) FROM projection_checkpoint WHERE id = 1", []), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : new ProjectionCheckpoint((ulong)SqlRows.Long(rows[0][0]), SqlRows.Text(rows[0][1]), SqlRows.Long(rows[0][2]));
    }

    public override async Task<WriteResult> WriteAsync(ProjectionBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Events.Count, AnalyticsLimits.MaxBatchEvents);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            Execute(_writer, "DELETE FROM stage_events; DELETE FROM stage_refs");
            ArrowAppender.Append(_writer, "stage_events", ArrowProjection.Events(batch.Events));
            ArrowAppender.Append(_writer, "stage_refs", ArrowProjection.Refs(batch.Events));
            var present = Execute(_writer, "DELETE FROM stage_events AS s WHERE EXISTS (SELECT 1 FROM events AS e WHERE e.event_id = s.event_id)");
            var written = Execute(_writer, "INSERT INTO events SELECT * FROM stage_events");
            Execute(_writer, "INSERT INTO event_refs SELECT * FROM stage_refs WHERE event_id IN (SELECT event_id FROM stage_events)");
            if (batch.Checkpoint is { } checkpoint)
            {
                Execute(_writer,
                """
                INSERT INTO projection_checkpoint VALUES (1, $height, $block_id, epoch_ms(CAST($block_time_ms AS BIGINT)), epoch_ms(CAST($now_ms AS BIGINT)))
                ON CONFLICT (id) DO UPDATE SET height = excluded.height, block_id = excluded.block_id, block_time = excluded.block_time, updated_at = excluded.updated_at
                """,
                ("height", (long)checkpoint.Height), ("block_id", checkpoint.BlockId), ("block_time_ms", checkpoint.BlockTimeMs), ("now_ms", _options.Time.GetUtcNow().ToUnixTimeMilliseconds()));
            }
            transaction.Commit();
            // Postcondition: every row of the batch is either new or already held.
            if (written + present != batch.Events.Count)
            {
                throw new InvalidOperationException($"write accounted for {written + present} of {batch.Events.Count} events");
            }
            return new WriteResult(written, present);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override async Task ReplaceKpiRollupAsync(DateOnly day, IReadOnlyList<KpiRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var computedAt = _options.Time.GetUtcNow().UtcDateTime;
            using var transaction = _writer.BeginTransaction();
            Execute(_writer, "DELETE FROM kpi_daily WHERE day = CAST($day AS DATE)", ("day", Iso(day)));
            using (var appender = _writer.CreateAppender("kpi_daily"))
            {
                foreach (var row in rows)
                {
                    appender.CreateRow()
                        .AppendValue((DuckDB.NET.Native.DuckDBDateOnly)day).AppendValue(row.Clock).AppendValue(row.Port)
                        .AppendValue((byte)(row.Mode ?? 0)).AppendValue((byte)(row.Direction ?? 0))
                        .AppendValue(row.Count).AppendValue(row.TotalMs).AppendValue(row.MinMs).AppendValue(row.MaxMs)
                        .AppendValue(row.P50Ms).AppendValue(row.P90Ms).AppendValue(row.P95Ms).AppendValue(computedAt)
                        .EndRow();
                }
            }
            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override async Task<QueryResult<KpiRollupRow>> ReadKpiRollupAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        QueryWindows.CheckRange(from, to);
        var rows = await QueryAsync(new SqlText(
            $"""
            SELECT strftime(day, '%Y-%m-%d'), clock, port, mode, direction, shipments, total_ms, min_ms, max_ms, p50_ms, p90_ms, p95_ms, epoch_ms(computed_at)
            FROM kpi_daily WHERE day >= CAST($from AS DATE) AND day < CAST($to AS DATE)
            ORDER BY day, clock, port, mode, direction LIMIT {AnalyticsLimits.MaxResultRows + 1}
            """,
            [new("from", SqlParamType.String, Iso(from)), new("to", SqlParamType.String, Iso(to))]), cancellationToken).ConfigureAwait(false);
        return QueryResult<KpiRollupRow>.FromFetched(rows.Select(SqlRows.KpiRollup).ToArray(), AnalyticsLimits.MaxResultRows);
    }

    public override async Task<DateOnly?> LastRolledUpDayAsync(CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(new SqlText("SELECT strftime(max(day), '%Y-%m-%d') FROM kpi_daily", []), cancellationToken).ConfigureAwait(false);
        return SqlRows.Text(rows[0][0]) is { Length: > 0 } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
    }

    public override async Task<IReadOnlyList<SlaBreachRow>> RecordNewBreachesAsync(IReadOnlyList<SlaBreachRow> breaches, DateTimeOffset detectedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(breaches);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            var known = new HashSet<SlaBreachKey>();
            foreach (var clock in breaches.Select(b => b.Clock).Distinct())
            {
                using var command = Command(_writer, "SELECT master_bill, house_bill FROM sla_breaches WHERE clock = $clock", ("clock", clock));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    known.Add(new SlaBreachKey(clock, reader.GetString(0), reader.GetString(1)));
                }
            }
            var fresh = SlaBreachTracker.NewBreaches(known, breaches);
            using (var appender = _writer.CreateAppender("sla_breaches"))
            {
                foreach (var b in fresh)
                {
                    var row = appender.CreateRow()
                        .AppendValue(b.Clock).AppendValue(b.MasterBill).AppendValue(b.HouseBill).AppendValue(b.Port)
                        .AppendValue((byte)(b.Mode ?? 0)).AppendValue((byte)(b.Direction ?? 0)).AppendValue(b.Enterprise)
                        .AppendValue(b.StartedAt.UtcDateTime);
                    row = b.EndedAt is { } ended ? row.AppendValue(ended.UtcDateTime) : row.AppendNullValue();
                    row.AppendValue(b.ElapsedMs).AppendValue(b.TargetMs).AppendValue((byte)b.LastEventType).AppendValue(b.LastLocation)
                        .AppendValue(detectedAt.UtcDateTime).EndRow();
                }
            }
            transaction.Commit();
            return fresh;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override async Task<long> DeleteOccurredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var cutoffMs = ("cutoff_ms", (object)cutoff.ToUnixTimeMilliseconds());
            using var transaction = _writer.BeginTransaction();
            Execute(_writer, "DELETE FROM event_refs WHERE occurred_at < epoch_ms(CAST($cutoff_ms AS BIGINT))", cutoffMs);
            var deleted = Execute(_writer, "DELETE FROM events WHERE occurred_at < epoch_ms(CAST($cutoff_ms AS BIGINT))", cutoffMs);
            transaction.Commit();
            return deleted;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>EXPORT DATABASE to <paramref name="target"/> (a new directory) as Parquet; IMPORT DATABASE restores it.</summary>
    public override async Task BackupAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"backup target '{target}' exists and is not empty");
        }
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Its own connection: the writer's staging tables are temporary and not part of the database.
            using var connection = new DuckDBConnection(_connectionString);
            connection.Open();
            Execute(connection, $"EXPORT DATABASE {Quote(target)} (FORMAT PARQUET)");
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Copies the result of <paramref name="sql"/> to a Parquet file (DuckDB's COPY … TO, zstd-compressed).</summary>
    internal async Task CopyToParquetAsync(string sql, string path, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, $"COPY ({sql}) TO {Quote(path)} (FORMAT PARQUET, COMPRESSION ZSTD)");
    }

    public override async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    protected override async Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = new DuckDBConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = sql.Text;
        foreach (var parameter in sql.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter.Name, parameter.Value));
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }
        return rows;
    }

    private static void Migrate(DuckDBConnection connection)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
        var applied = new List<int>();
        using (var command = Command(connection, "SELECT version FROM schema_migrations"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                applied.Add(reader.GetInt32(0));
            }
        }
        foreach (var migration in TradeChain.Analytics.Sql.Migrations.Pending(applied, TradeChain.Analytics.Sql.Migrations.Load(typeof(DuckDbAnalyticsStore).Assembly, MigrationPrefix)))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, migration.Script);
            Execute(connection, "INSERT INTO schema_migrations VALUES ($version, $name, CAST(now() AS TIMESTAMP))", ("version", migration.Version), ("name", migration.Name));
            transaction.Commit();
        }
    }

    /// <summary>The appender is positional: a table whose columns drifted from the Arrow schema must fail here, not corrupt rows later.</summary>
    private static void CheckColumns(DuckDBConnection connection, string table, Apache.Arrow.Schema schema)
    {
        var columns = new List<string>();
        using (var command = Command(connection, "SELECT column_name FROM information_schema.columns WHERE table_name = $table AND table_schema = 'main' ORDER BY ordinal_position", ("table", table)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }
        var expected = schema.FieldsList.Select(f => f.Name).ToArray();
        if (!columns.SequenceEqual(expected))
        {
            throw new InvalidOperationException($"table {table} has columns ({string.Join(", ", columns)}), the projection writes ({string.Join(", ", expected)})");
        }
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }
        return command;
    }

    private static int Execute(DuckDBConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
