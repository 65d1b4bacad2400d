using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Quartz;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Store;

namespace TradeChain.Analytics.Jobs;

/// <summary>Where newly detected SLA breaches go; the API (step 7) delivers them as notifications and webhooks.</summary>
public interface ISlaNotificationSink
{
    ValueTask NotifyAsync(IReadOnlyList<SlaBreachRow> breaches, CancellationToken cancellationToken);
}

/// <summary>The default sink until the API registers its own: one log line per breach.</summary>
public sealed class LoggingSlaNotificationSink(ILogger<LoggingSlaNotificationSink> logger) : ISlaNotificationSink
{
    public ValueTask NotifyAsync(IReadOnlyList<SlaBreachRow> breaches, CancellationToken cancellationToken)
    {
        foreach (var b in breaches)
        {
            logger.LogWarning("SLA breach {Clock}: {Master}/{House} at {Port} over target by {OverBy} ms, waiting after {LastEvent} at {Location}", b.Clock, b.MasterBill, b.HouseBill, b.Port, b.OverByMs, b.LastEventType, b.LastLocation);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>The job logic, apart from Quartz so it can be called and tested directly.</summary>
public sealed class AnalyticsJobRunner(IAnalyticsStore store, AnalyticsJobOptions options, ISlaNotificationSink sink, TimeProvider time, ILogger<AnalyticsJobRunner> logger)
{
    /// <summary>Rolls up the days <see cref="RollupPlanner"/> says are due, for every configured clock; returns the days done.</summary>
    public async Task<IReadOnlyList<DateOnly>> RollUpAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(options.ReportingUtcOffset).DateTime);
        var last = await store.LastRolledUpDayAsync(cancellationToken).ConfigureAwait(false);
        var days = RollupPlanner.DaysToRoll(last, today, options.LateDays, options.BackfillDays, options.MaxRollupDaysPerRun);
        foreach (var day in days)
        {
            var rows = new List<KpiRow>();
            foreach (var clock in options.RollupClocks)
            {
                var result = await store.KpiAsync(new KpiQuery(clock, day, day.AddDays(1), KpiGrouping.Port | KpiGrouping.Mode | KpiGrouping.Direction), cancellationToken).ConfigureAwait(false);
                rows.AddRange(result.Rows);
            }
            await store.ReplaceKpiRollupAsync(day, rows, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("KPI roll-up: {Days} days from {First} to {Last}", days.Count, days.FirstOrDefault(), days.LastOrDefault());
        return days;
    }

    /// <summary>Finds breaches as of now, records the ones not seen before and hands them to the sink; returns those.</summary>
    public async Task<IReadOnlyList<SlaBreachRow>> DetectBreachesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fresh = new List<SlaBreachRow>();
        foreach (var sla in options.Slas)
        {
            var breaches = await store.SlaBreachesAsync(new SlaQuery(sla.Clock, sla.Targets, now), cancellationToken).ConfigureAwait(false);
            if (breaches.Truncated)
            {
                logger.LogWarning("SLA {Clock}: more than {Max} breaches; the longest are recorded first, the rest on later runs", sla.Clock, AnalyticsLimits.MaxResultRows);
            }
            fresh.AddRange(await store.RecordNewBreachesAsync(breaches.Rows, now, cancellationToken).ConfigureAwait(false));
        }
        if (fresh.Count > 0)
        {
            await sink.NotifyAsync(fresh, cancellationToken).ConfigureAwait(false);
        }
        return fresh;
    }

    /// <summary>Takes a backup into <see cref="AnalyticsJobOptions.BackupDirectory"/>; returns its path, or null when backups are off.</summary>
    public async Task<string?> BackUpAsync(CancellationToken cancellationToken)
    {
        if (options.BackupDirectory is not { } directory)
        {
            return null;
        }
        var target = Path.Combine(directory, RetentionPlanner.BackupName(time.GetUtcNow()));
        await store.BackupAsync(target, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("analytics backup written to {Target}", target);
        return target;
    }

    /// <summary>Deletes events past retention and backups past the number kept; returns (events deleted, backups deleted).</summary>
    public async Task<(long Events, int Backups)> EnforceRetentionAsync(CancellationToken cancellationToken)
    {
        long events = 0;
        if (RetentionPlanner.EventCutoff(time.GetUtcNow(), options.EventRetention) is { } cutoff)
        {
            events = await store.DeleteOccurredBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        }
        var backups = 0;
        if (options.BackupDirectory is { } directory && Directory.Exists(directory))
        {
            var names = Directory.EnumerateDirectories(directory).Select(Path.GetFileName).OfType<string>();
            foreach (var name in RetentionPlanner.BackupsToDelete(names, options.BackupsToKeep))
            {
                Directory.Delete(Path.Combine(directory, name), recursive: true);
                backups++;
            }
        }
        logger.LogInformation("retention: {Events} events and {Backups} backups deleted", events, backups);
        return (events, backups);
    }
}

[DisallowConcurrentExecution]
public sealed class KpiRollupJob(AnalyticsJobRunner runner) : IJob
{
    public static readonly JobKey Key = new("kpi-rollup", "analytics");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await runner.RollUpAsync(cancellationToken).ConfigureAwait(false);
}

[DisallowConcurrentExecution]
public sealed class SlaBreachJob(AnalyticsJobRunner runner) : IJob
{
    public static readonly JobKey Key = new("sla-breaches", "analytics");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await runner.DetectBreachesAsync(cancellationToken).ConfigureAwait(false);
}

[DisallowConcurrentExecution]
public sealed class BackupJob(AnalyticsJobRunner runner) : IJob
{
    public static readonly JobKey Key = new("backup", "analytics");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await runner.BackUpAsync(cancellationToken).ConfigureAwait(false);
}

[DisallowConcurrentExecution]
public sealed class RetentionJob(AnalyticsJobRunner runner) : IJob
{
    public static readonly JobKey Key = new("retention", "analytics");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await runner.EnforceRetentionAsync(cancellationToken).ConfigureAwait(false);
}

public static class AnalyticsJobsRegistration
{
    /// <summary>
    /// Registers the four jobs with Quartz on their intervals (the host adds
    /// AddQuartzHostedService to run them). Needs an <see cref="IAnalyticsStore"/> in the container;
    /// the SLA sink defaults to logging until the API registers its own.
    /// </summary>
    public static IServiceCollection AddAnalyticsJobs(this IServiceCollection services, AnalyticsJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException($"analytics job options: {problem}", nameof(options));
        }
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISlaNotificationSink, LoggingSlaNotificationSink>();
        services.AddSingleton<AnalyticsJobRunner>();
        services.AddQuartz(q =>
        {
            Schedule<KpiRollupJob>(q, KpiRollupJob.Key, options.RollupInterval);
            Schedule<SlaBreachJob>(q, SlaBreachJob.Key, options.SlaCheckInterval);
            Schedule<BackupJob>(q, BackupJob.Key, options.BackupInterval);
            Schedule<RetentionJob>(q, RetentionJob.Key, options.RetentionInterval);
        });
        return services;
    }

    private static void Schedule<TJob>(IQuartzBuilder quartz, JobKey key, TimeSpan interval)
        where TJob : class, IJob
    {
        quartz.AddJob<TJob>(job => job.WithIdentity(key).DisallowConcurrentExecution());
        quartz.AddTrigger<TJob>(trigger => trigger
            .ForJob(key)
            .WithIdentity(key.Name + "-trigger", key.Group)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()));
    }
}
