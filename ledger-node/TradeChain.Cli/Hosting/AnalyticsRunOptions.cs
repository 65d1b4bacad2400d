using TradeChain.Analytics.Jobs;
using TradeChain.Analytics.Projection;

namespace TradeChain.Cli.Hosting;

/// <summary>
/// <c>tradechain analytics run</c> (section <c>Analytics</c>): the store, the member node whose
/// committed blocks are projected, and the schedule of the analytics jobs. Units are in the names.
/// </summary>
public sealed class AnalyticsRunOptions : AnalyticsStoreOptions
{
    /// <summary>The member node's client endpoint (StreamBlocks), e.g. http://node-customs:7200.</summary>
    public string NodeAddress { get; set; } = "";

    /// <summary>How long the projector waits at the tip before asking again; about half a block interval keeps lag near one block.</summary>
    public int PollIntervalMs { get; set; } = 500;

    public AnalyticsJobsSection Jobs { get; set; } = new();

    public override IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(base.Validate());
        if (!Uri.TryCreate(NodeAddress, UriKind.Absolute, out var node) || node.Scheme is not ("http" or "https"))
        {
            problems.Add($"{SectionName}:NodeAddress must be the member node's client endpoint, e.g. http://node-customs:7200 (got '{NodeAddress}')");
        }
        if (ToProjectorOptions().Validate() is { } projector)
        {
            problems.Add($"{SectionName}:PollIntervalMs: {projector}");
        }
        problems.AddRange(Jobs.Validate());
        return problems;
    }

    public ProjectorOptions ToProjectorOptions() => new() { PollInterval = TimeSpan.FromMilliseconds(PollIntervalMs) };
}

/// <summary>The analytics jobs' schedule and policies (section <c>Analytics:Jobs</c>); see <see cref="AnalyticsJobOptions"/>.</summary>
public sealed class AnalyticsJobsSection
{
    private const string Key = $"{AnalyticsStoreOptions.SectionName}:Jobs";

    /// <summary>False: project only (another process runs the jobs against the same ClickHouse).</summary>
    public bool Enabled { get; set; } = true;

    public int RollupIntervalMinutes { get; set; } = 60;

    public int SlaCheckIntervalMinutes { get; set; } = 5;

    public int BackupIntervalHours { get; set; } = 24;

    public int RetentionIntervalHours { get; set; } = 24;

    /// <summary>DuckDB: a directory for EXPORT DATABASE folders. ClickHouse: any path, its last segment names the backup on the server's "backups" disk. Empty: no backups.</summary>
    public string BackupDirectory { get; set; } = "";

    public int BackupsToKeep { get; set; } = 7;

    /// <summary>Events older than this many days are deleted from the store (the ledger keeps them). 0 keeps everything.</summary>
    public int EventRetentionDays { get; set; }

    /// <summary>The offset whose calendar days the KPI roll-up reports: +480 is China Standard Time.</summary>
    public int ReportingUtcOffsetMinutes { get; set; } = 480;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RollupIntervalMinutes < 1 || SlaCheckIntervalMinutes < 1 || BackupIntervalHours < 1 || RetentionIntervalHours < 1)
        {
            problems.Add($"{Key}:RollupIntervalMinutes, SlaCheckIntervalMinutes, BackupIntervalHours and RetentionIntervalHours must be at least 1");
        }
        if (ReportingUtcOffsetMinutes is < -14 * 60 or > 14 * 60)
        {
            problems.Add($"{Key}:ReportingUtcOffsetMinutes must be -840..840, got {ReportingUtcOffsetMinutes}");
        }
        if (EventRetentionDays < 0)
        {
            problems.Add($"{Key}:EventRetentionDays must be 0 (keep all) or more, got {EventRetentionDays}");
        }
        if (problems.Count == 0 && ToJobOptions().Validate() is { } jobs)
        {
            problems.Add($"{Key} (BackupsToKeep, EventRetentionDays): {jobs}");
        }
        return problems;
    }

    public AnalyticsJobOptions ToJobOptions() => new()
    {
        RollupInterval = TimeSpan.FromMinutes(RollupIntervalMinutes),
        SlaCheckInterval = TimeSpan.FromMinutes(SlaCheckIntervalMinutes),
        BackupInterval = TimeSpan.FromHours(BackupIntervalHours),
        RetentionInterval = TimeSpan.FromHours(RetentionIntervalHours),
        ReportingUtcOffset = TimeSpan.FromMinutes(ReportingUtcOffsetMinutes),
        BackupDirectory = string.IsNullOrWhiteSpace(BackupDirectory) ? null : BackupDirectory,
        BackupsToKeep = BackupsToKeep,
        EventRetention = EventRetentionDays == 0 ? null : TimeSpan.FromDays(EventRetentionDays),
    };
}
