using TradeChain.Analytics.Queries;

namespace TradeChain.Analytics.Jobs;

/// <summary>SLA settings (通关时效设置) for one clock: the targets per port, mode and direction.</summary>
public sealed record SlaSetting(KpiClock Clock, IReadOnlyList<SlaTarget> Targets);

/// <summary>
/// The schedule and the policies of the analytics jobs. The schedule is simple intervals (no
/// cron, no time zone), and every job works out what is due from the store itself (the last
/// rolled-up day, the breaches already recorded, the backups present), so a restart or a missed
/// run catches up instead of losing work: the schedule's state is persistent in the store.
/// </summary>
public sealed record AnalyticsJobOptions
{
    /// <summary>Hourly: dashboards read yesterday's roll-up within the hour after midnight.</summary>
    public TimeSpan RollupInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Every five minutes: an SLA breach reaches the enterprise while it can still act.</summary>
    public TimeSpan SlaCheckInterval { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan BackupInterval { get; init; } = TimeSpan.FromDays(1);

    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The offset whose calendar days the roll-up reports (China Standard Time).</summary>
    public TimeSpan ReportingUtcOffset { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Days recomputed on every run because late events still change them.</summary>
    public int LateDays { get; init; } = 3;

    /// <summary>Days rolled up on a first run.</summary>
    public int BackfillDays { get; init; } = 90;

    /// <summary>Days one roll-up run computes at most; the next run carries on (bounds one run's time).</summary>
    public int MaxRollupDaysPerRun { get; init; } = 31;

    public IReadOnlyList<KpiClock> RollupClocks { get; init; } = KpiClocks.All;

    public IReadOnlyList<SlaSetting> Slas { get; init; } = [];

    /// <summary>Events older than this are deleted from the store (the ledger keeps them; a replay brings them back). Null keeps all.</summary>
    public TimeSpan? EventRetention { get; init; }

    /// <summary>Where backups go (DuckDB: a directory of EXPORT DATABASE folders); null disables the backup job.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>Backups kept by the retention job.</summary>
    public int BackupsToKeep { get; init; } = 7;

    public string? Validate()
    {
        var problems = new List<string>();
        foreach (var (name, interval) in new[] { ("roll-up", RollupInterval), ("SLA check", SlaCheckInterval), ("backup", BackupInterval), ("retention", RetentionInterval) })
        {
            if (interval < TimeSpan.FromSeconds(1))
            {
                problems.Add($"the {name} interval must be at least a second, got {interval}");
            }
        }
        if (LateDays < 0 || BackfillDays < 1 || MaxRollupDaysPerRun < 1)
        {
            problems.Add("late days must be ≥ 0, backfill days and days per run ≥ 1");
        }
        if (BackupsToKeep < 1)
        {
            problems.Add($"at least one backup must be kept, got {BackupsToKeep}");
        }
        if (EventRetention is { } retention && retention < TimeSpan.FromDays(Store.AnalyticsLimits.MaxClockSpanDays))
        {
            problems.Add($"event retention must cover the longest clock ({Store.AnalyticsLimits.MaxClockSpanDays} days), got {retention.TotalDays:F0} days");
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
