using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;
using TradeChain.Analytics.Jobs;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Sql;
using TradeChain.Analytics.Store;

namespace TradeChain.Analytics.ClickHouse;

/// <summary>Where the ClickHouse store lives.</summary>
public sealed record ClickHouseStoreOptions
{
    /// <summary>ClickHouse.Driver connection string without a database, e.g. "Host=clickhouse;Port=8123;Username=tradechain;Password=…".</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The database the store's tables live in; created if missing.</summary>
    public string Database { get; init; } = "tradechain";

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string? Validate() =>
        string.IsNullOrWhiteSpace(ConnectionString) ? "a connection string is required"
        : !DatabaseName().IsMatch(Database) ? $"database '{Database}' is not a plain identifier"
        : null;

    internal static Regex DatabaseName() => new("^[A-Za-z_][A-Za-z0-9_]{0,62}\\z");
}

/// <summary>
/// The analytics store on ClickHouse, for consortia past what one DuckDB file serves. Tables are
/// MergeTree-family, created by the versioned migrations in infra/clickhouse/migrations (embedded
/// here). A write sends the batch's new events as Arrow IPC streams (INSERT … FORMAT ArrowStream):
/// references, then events, then their ids, then the checkpoint; a crash between them is repaired
/// by writing the same blocks again (ids not yet in event_ids are written again, and the
/// ReplacingMergeTree tables collapse the identical rows; every read uses FINAL).
/// </summary>
public sealed class ClickHouseAnalyticsStore : SqlAnalyticsStore
{
    private const string MigrationPrefix = "TradeChain.Analytics.ClickHouse.Migrations.";

    private static readonly Schema EventIdsSchema = new Schema.Builder()
        .Field(new Field("event_id", StringType.Default, false))
        .Field(new Field("ledger_position", UInt64Type.Default, false))
        .Build();

    private readonly ClickHouseStoreOptions _options;
    private readonly ClickHouseClient _client;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private ClickHouseAnalyticsStore(ClickHouseStoreOptions options, ClickHouseClient client)
        : base(ClickHouseDialect.Instance)
    {
        _options = options;
        _client = client;
    }

    /// <summary>Connects, creates the database if needed and applies pending migrations.</summary>
    public static async Task<ClickHouseAnalyticsStore> OpenAsync(ClickHouseStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException($"ClickHouse store options: {problem}", nameof(options));
        }
        var client = new ClickHouseClient(options.ConnectionString);
        try
        {
            await client.ExecuteNonQueryAsync($"CREATE DATABASE IF NOT EXISTS {options.Database}", null, null, cancellationToken).ConfigureAwait(false);
            var store = new ClickHouseAnalyticsStore(options, client);
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public override async Task<ProjectionCheckpoint?> GetCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(new SqlText("SELECT height, block_id, toUnixTimestamp64Milli(block_time) FROM projection_checkpoint FINAL WHERE id = 1", []), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : new ProjectionCheckpoint((ulong)SqlRows.Long(rows[0][0]), SqlRows.Text(rows[0][1]), SqlRows.Long(rows[0][2]));
    }

    public override async Task<WriteResult> WriteAsync(ProjectionBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Events.Count, AnalyticsLimits.MaxBatchEvents);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var held = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in batch.Events.Select(e => e.EventId).Chunk(AnalyticsSql.MaxIdsPerStatement))
            {
                foreach (var row in await QueryAsync(new SqlText(Sql.ExistingIds("event_ids", chunk), []), cancellationToken).ConfigureAwait(false))
                {
                    held.Add(SqlRows.Text(row[0]));
                }
            }
            var fresh = batch.Events.Where(e => !held.Contains(e.EventId)).ToArray();
            if (fresh.Length > 0)
            {
                // Rows before ids: an id in event_ids promises its rows are in.
                await InsertArrowAsync("event_refs", ArrowProjection.Refs(fresh), cancellationToken).ConfigureAwait(false);
                await InsertArrowAsync("events", ArrowProjection.Events(fresh), cancellationToken).ConfigureAwait(false);
                var ids = new RecordBatch(EventIdsSchema,
                    [new StringArray.Builder().AppendRange(fresh.Select(e => e.EventId)).Build(), new UInt64Array.Builder().AppendRange(fresh.Select(e => e.LedgerPosition)).Build()],
                    fresh.Length);
                await InsertArrowAsync("event_ids", ids, cancellationToken).ConfigureAwait(false);
            }
            if (batch.Checkpoint is { } checkpoint)
            {
                await InsertJsonAsync("projection_checkpoint", [new Dictionary<string, object?>
                {
                    ["id"] = 1,
                    ["height"] = checkpoint.Height,
                    ["block_id"] = checkpoint.BlockId,
                    ["block_time"] = Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(checkpoint.BlockTimeMs)),
                    ["updated_at"] = Timestamp(_options.Time.GetUtcNow()),
                }], cancellationToken).ConfigureAwait(false);
            }
            return new WriteResult(fresh.Length, batch.Events.Count - fresh.Length);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override async Task ReplaceKpiRollupAsync(DateOnly day, IReadOnlyList<KpiRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var computedAt = Timestamp(_options.Time.GetUtcNow());
        await ExecuteAsync("DELETE FROM kpi_daily WHERE day = toDate({day:String})", cancellationToken, ("day", Iso(day))).ConfigureAwait(false);
        await InsertJsonAsync("kpi_daily", rows.Select(r => new Dictionary<string, object?>
        {
            ["day"] = Iso(day),
            ["clock"] = r.Clock,
            ["port"] = r.Port,
            ["mode"] = (byte)(r.Mode ?? 0),
            ["direction"] = (byte)(r.Direction ?? 0),
            ["shipments"] = r.Count,
            ["total_ms"] = r.TotalMs,
            ["min_ms"] = r.MinMs,
            ["max_ms"] = r.MaxMs,
            ["p50_ms"] = r.P50Ms,
            ["p90_ms"] = r.P90Ms,
            ["p95_ms"] = r.P95Ms,
            ["computed_at"] = computedAt,
        }).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public override async Task<QueryResult<KpiRollupRow>> ReadKpiRollupAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        QueryWindows.CheckRange(from, to);
        var rows = await QueryAsync(new SqlText(
            $$"""
            SELECT toString(day), clock, port, mode, direction, shipments, total_ms, min_ms, max_ms, p50_ms, p90_ms, p95_ms, toUnixTimestamp64Milli(computed_at)
            FROM kpi_daily FINAL WHERE day >= toDate({from:String}) AND day < toDate({to:String})
            ORDER BY day, clock, port, mode, direction LIMIT {{AnalyticsLimits.MaxResultRows + 1}}
            """,
            [new("from", SqlParamType.String, Iso(from)), new("to", SqlParamType.String, Iso(to))]), cancellationToken).ConfigureAwait(false);
        return QueryResult<KpiRollupRow>.FromFetched(rows.Select(SqlRows.KpiRollup).ToArray(), AnalyticsLimits.MaxResultRows);
    }

    public override async Task<DateOnly?> LastRolledUpDayAsync(CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(new SqlText("SELECT toString(max(day)), count() FROM kpi_daily", []), cancellationToken).ConfigureAwait(false);
        // max() over no rows is the type's default (1970-01-01), not NULL: the count says whether there is a day.
        return SqlRows.Long(rows[0][1]) == 0 ? null : DateOnly.ParseExact(SqlRows.Text(rows[0][0]), "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public override async Task<IReadOnlyList<SlaBreachRow>> RecordNewBreachesAsync(IReadOnlyList<SlaBreachRow> breaches, DateTimeOffset detectedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(breaches);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var known = new HashSet<SlaBreachKey>();
            foreach (var clock in breaches.Select(b => b.Clock).Distinct())
            {
                var rows = await QueryAsync(new SqlText("SELECT master_bill, house_bill FROM sla_breaches FINAL WHERE clock = {clock:String}", [new("clock", SqlParamType.String, clock)]), cancellationToken).ConfigureAwait(false);
                known.UnionWith(rows.Select(r => new SlaBreachKey(clock, SqlRows.Text(r[0]), SqlRows.Text(r[1]))));
            }
            var fresh = SlaBreachTracker.NewBreaches(known, breaches);
            await InsertJsonAsync("sla_breaches", fresh.Select(b => new Dictionary<string, object?>
            {
                ["clock"] = b.Clock,
                ["master_bill"] = b.MasterBill,
                ["house_bill"] = b.HouseBill,
                ["port"] = b.Port,
                ["mode"] = (byte)(b.Mode ?? 0),
                ["direction"] = (byte)(b.Direction ?? 0),
                ["enterprise"] = b.Enterprise,
                ["started_at"] = Timestamp(b.StartedAt),
                ["ended_at"] = b.EndedAt is { } ended ? Timestamp(ended) : null,
                ["elapsed_ms"] = b.ElapsedMs,
                ["target_ms"] = b.TargetMs,
                ["last_event_type"] = (byte)b.LastEventType,
                ["last_location"] = b.LastLocation,
                ["detected_at"] = Timestamp(detectedAt),
            }).ToArray(), cancellationToken).ConfigureAwait(false);
            return fresh;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override async Task<long> DeleteOccurredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var cutoffMs = ("cutoff_ms", (object)cutoff.ToUnixTimeMilliseconds());
        var rows = await QueryAsync(new SqlText("SELECT count() FROM events FINAL WHERE occurred_at < fromUnixTimestamp64Milli({cutoff_ms:Int64}, 'UTC')", [new("cutoff_ms", SqlParamType.Int64, cutoffMs.Item2)]), cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("DELETE FROM event_refs WHERE occurred_at < fromUnixTimestamp64Milli({cutoff_ms:Int64}, 'UTC')", cancellationToken, cutoffMs).ConfigureAwait(false);
        await ExecuteAsync("DELETE FROM events WHERE occurred_at < fromUnixTimestamp64Milli({cutoff_ms:Int64}, 'UTC')", cancellationToken, cutoffMs).ConfigureAwait(false);
        return SqlRows.Long(rows[0][0]);
    }

    /// <summary>BACKUP DATABASE to the server's "backups" disk (infra/clickhouse/config.d/backups.xml) under the target's file name.</summary>
    public override async Task BackupAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var name = Path.GetFileName(target);
        if (!Regex.IsMatch(name, "^[A-Za-z0-9_.-]{1,128}\\z"))
        {
            throw new ArgumentException($"backup name '{name}' must be letters, digits, '_', '.', '-'");
        }
        await ExecuteAsync($"BACKUP DATABASE {_options.Database} TO Disk('backups', '{name}')", cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync()
    {
        _client.Dispose();
        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override async Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
    {
        using var reader = await _client.ExecuteReaderAsync(sql.Text, Parameters(sql.Parameters), Options(), cancellationToken).ConfigureAwait(false);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }
        return rows;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY version", cancellationToken).ConfigureAwait(false);
        var applied = (await QueryAsync(new SqlText("SELECT version FROM schema_migrations", []), cancellationToken).ConfigureAwait(false))
            .Select(r => (int)SqlRows.Long(r[0])).ToArray();
        var available = TradeChain.Analytics.Sql.Migrations.Load(typeof(ClickHouseAnalyticsStore).Assembly, MigrationPrefix);
        foreach (var migration in TradeChain.Analytics.Sql.Migrations.Pending(applied, available))
        {
            // DDL is not transactional here: every statement is CREATE … IF NOT EXISTS, so a migration cut short runs again whole.
            foreach (var statement in migration.Statements())
            {
                await ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
            }
            await InsertJsonAsync("schema_migrations", [new Dictionary<string, object?> { ["version"] = migration.Version, ["name"] = migration.Name, ["applied_at"] = Timestamp(_options.Time.GetUtcNow()) }], cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task InsertArrowAsync(string table, RecordBatch batch, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new ArrowStreamWriter(buffer, batch.Schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        }
        buffer.Position = 0;
        using var response = await _client.InsertRawStreamAsync(table, buffer, "ArrowStream", batch.Schema.FieldsList.Select(f => f.Name), true, Options(), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private async Task InsertJsonAsync(string table, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(JsonSerializer.Serialize(row)).Append('\n');
        }
        using var buffer = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        using var response = await _client.InsertRawStreamAsync(table, buffer, "JSONEachRow", null, true, Options(), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var collection = new ClickHouseParameterCollection();
        foreach (var (name, value) in parameters)
        {
            collection.AddParameter(name, value);
        }
        await _client.ExecuteNonQueryAsync(sql, collection, Options(), cancellationToken).ConfigureAwait(false);
    }

    private QueryOptions Options() => new()
    {
        Database = _options.Database,
        // Lightweight deletes return once the rows are gone, so retention and roll-up replace are synchronous.
        CustomSettings = new Dictionary<string, object> { ["lightweight_deletes_sync"] = 2 },
    };

    private static ClickHouseParameterCollection Parameters(IReadOnlyList<SqlParam> parameters)
    {
        var collection = new ClickHouseParameterCollection();
        foreach (var p in parameters)
        {
            collection.AddParameter(p.Name, p.Value);
        }
        return collection;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
