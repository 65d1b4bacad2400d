using TradeChain.Analytics.ClickHouse;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Store;

namespace TradeChain.Cli.Hosting;

/// <summary>
/// Which analytics store a process opens (section <c>Analytics</c>): the embedded DuckDB file, or a
/// ClickHouse server. <c>analytics run</c> writes into it and <c>api run</c> reads from it, so both
/// take the same keys. DuckDB is one process's file (its lock admits one writer process): a
/// projector and an API in separate processes need ClickHouse.
/// </summary>
public class AnalyticsStoreOptions
{
    public const string SectionName = "Analytics";
    public const string DuckDbEngine = "duckdb";
    public const string ClickHouseEngine = "clickhouse";

    /// <summary>"duckdb" (embedded, one process) or "clickhouse" (a server, any number of readers).</summary>
    public string Store { get; set; } = DuckDbEngine;

    public DuckDbSection DuckDb { get; set; } = new();

    public ClickHouseSection ClickHouse { get; set; } = new();

    /// <summary>Every problem of the store keys, each naming its key.</summary>
    public virtual IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        switch (Store)
        {
            case DuckDbEngine:
                if (DuckDb.ToStoreOptions().Validate() is { } duck)
                {
                    problems.Add($"{SectionName}:DuckDb ({nameof(DuckDbSection.DataDirectory)}, {nameof(DuckDbSection.Threads)}, {nameof(DuckDbSection.MemoryLimitMiB)}): {duck}");
                }
                break;
            case ClickHouseEngine:
                if (string.IsNullOrWhiteSpace(ClickHouse.ConnectionString))
                {
                    problems.Add($"{SectionName}:ClickHouse:ConnectionString is required with {SectionName}:Store={ClickHouseEngine} (e.g. Host=clickhouse;Port=8123;Username=tradechain)");
                }
                else if (ClickHouse.ConnectionString.Contains("password", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{SectionName}:ClickHouse:ConnectionString must not carry the password: give it as {SectionName}:ClickHouse:Password (from a secret file)");
                }
                else if (ClickHouse.ToStoreOptions().Validate() is { } click)
                {
                    problems.Add($"{SectionName}:ClickHouse:Database: {click}");
                }
                break;
            default:
                problems.Add($"{SectionName}:Store must be '{DuckDbEngine}' or '{ClickHouseEngine}', got '{Store}'");
                break;
        }
        return problems;
    }

    /// <summary>Opens (and for ClickHouse migrates) the configured store; call after <see cref="Validate"/> passed.</summary>
    public async Task<IAnalyticsStore> OpenAsync(CancellationToken cancellationToken) => Store switch
    {
        ClickHouseEngine => await ClickHouseAnalyticsStore.OpenAsync(ClickHouse.ToStoreOptions(), cancellationToken).ConfigureAwait(false),
        _ => DuckDbAnalyticsStore.Open(DuckDb.ToStoreOptions()),
    };

    /// <summary>Where the store is, for log lines (never the password).</summary>
    public string Describe() => Store == ClickHouseEngine
        ? $"ClickHouse {ClickHouse.ConnectionString}, database {ClickHouse.Database}"
        : $"DuckDB in {Path.GetFullPath(DuckDb.DataDirectory)}";
}

public sealed class DuckDbSection
{
    /// <summary>The directory of analytics.duckdb (relative: to the working directory).</summary>
    public string DataDirectory { get; set; } = "analytics-data";

    public int Threads { get; set; } = 2;

    public int MemoryLimitMiB { get; set; } = 2048;

    public DuckDbStoreOptions ToStoreOptions() => new() { DataDirectory = DataDirectory, Threads = Threads, MemoryLimitMiB = MemoryLimitMiB };
}

public sealed class ClickHouseSection
{
    /// <summary>ClickHouse.Driver connection string without database and password, e.g. "Host=clickhouse;Port=8123;Username=tradechain".</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The user's password; set it through TRADECHAIN__ANALYTICS__CLICKHOUSE__PASSWORD_FILE, never as a literal.</summary>
    public string Password { get; set; } = "";

    public string Database { get; set; } = "tradechain";

    public ClickHouseStoreOptions ToStoreOptions() => new()
    {
        ConnectionString = Password.Length == 0 ? ConnectionString : $"{ConnectionString.TrimEnd(';')};Password={Password}",
        Database = Database,
    };
}

/// <summary>Full key paths of the store settings, for messages that point the reader to the right key.</summary>
public static class AnalyticsStoreOptionsKeys
{
    public const string Store = $"{AnalyticsStoreOptions.SectionName}:{nameof(AnalyticsStoreOptions.Store)}";
    public const string DuckDbDirectory = $"{AnalyticsStoreOptions.SectionName}:{nameof(AnalyticsStoreOptions.DuckDb)}:{nameof(DuckDbSection.DataDirectory)}";
}
