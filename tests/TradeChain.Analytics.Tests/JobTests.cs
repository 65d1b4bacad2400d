using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Jobs;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Store;
using TradeChain.Analytics.Tests.Shared;
using TradeChain.Testing;

namespace TradeChain.Analytics.Tests;

/// <summary>The jobs' logic against a projected store, and their Quartz wiring.</summary>
[Trait("Category", "Analytics")]
public sealed class JobTests(DuckDbStoreFixture fixture) : IClassFixture<DuckDbStoreFixture>
{
    private static readonly SlaSetting CustomsSla = new(KpiClocks.CustomsClearance, [new SlaTarget(null, null, null, TimeSpan.FromHours(24))]);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Local noon, 20 days into the generated month (China Standard Time).</summary>
    private static DateTimeOffset Now => new(AnalyticsStoreFixture.Options.FirstDay.AddDays(20).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));

    [Fact]
    public async Task the_rollup_writes_each_due_day_for_every_clock_and_then_only_the_late_days()
    {
        var store = await fixture.OpenFreshStoreAsync("rollup-job");
        await AnalyticsStoreFixture.Projector(new ListBlockSource(fixture.Ledger.Blocks), store).CatchUpAsync(Cancel);
        var runner = Runner(store, new AnalyticsJobOptions { BackfillDays = 10, LateDays = 2 });

        var days = await runner.RollUpAsync(Cancel);
        var today = DateOnly.FromDateTime(Now.DateTime);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => today.AddDays(-11 + i)), days);
        var stored = (await store.ReadKpiRollupAsync(today.AddDays(-10), today, Cancel)).Rows;
        foreach (var day in days)
        {
            var expected = fixture.Oracle.Kpi(new KpiQuery(KpiClocks.CustomsClearance, day, day.AddDays(1), KpiGrouping.Port | KpiGrouping.Mode | KpiGrouping.Direction));
            Assert.Equal(expected.Select(r => r with { Period = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }),
                stored.Where(s => s.Day == day && s.Kpi.Clock == KpiClocks.CustomsClearance.Name).Select(s => s.Kpi));
        }
        Assert.Equal(KpiClocks.All.Select(c => c.Name).Order(), stored.Select(s => s.Kpi.Clock).Distinct().Order());
        Assert.Equal([today.AddDays(-2), today.AddDays(-1)], await runner.RollUpAsync(Cancel));
    }

    [Fact]
    public async Task breaches_reach_the_sink_once()
    {
        var store = await fixture.OpenFreshStoreAsync("sla-job");
        await AnalyticsStoreFixture.Projector(new ListBlockSource(fixture.Ledger.Blocks), store).CatchUpAsync(Cancel);
        var sink = new RecordingSink();
        var runner = Runner(store, new AnalyticsJobOptions { Slas = [CustomsSla] }, sink);

        var first = await runner.DetectBreachesAsync(Cancel);
        Assert.Equal(fixture.Oracle.SlaBreaches(new SlaQuery(CustomsSla.Clock, CustomsSla.Targets, Now)), first);
        Assert.Empty(await runner.DetectBreachesAsync(Cancel));
        Assert.Equal(first, sink.Received);
    }

    [Fact]
    public async Task backups_are_exported_databases_and_retention_keeps_the_newest()
    {
        using var temp = new TempDirectory();
        var time = new SteppingTime(Now);
        var runner = Runner(fixture.Store, new AnalyticsJobOptions { BackupDirectory = temp.Path, BackupsToKeep = 2 }, time: time);
        var paths = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            paths.Add((await runner.BackUpAsync(Cancel))!);
            time.Advance(TimeSpan.FromDays(1));
        }
        Assert.All(paths, p => Assert.True(File.Exists(Path.Combine(p, "schema.sql")), $"{p} holds an EXPORT DATABASE"));
        Assert.Equal((0L, 1), await runner.EnforceRetentionAsync(Cancel));
        Assert.Equal(paths[1..].Select(Path.GetFileName).Order(), Directory.EnumerateDirectories(temp.Path).Select(Path.GetFileName).Order());

        // A restore is IMPORT DATABASE into a fresh store directory.
        using var restore = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        restore.Open();
        using var command = restore.CreateCommand();
        command.CommandText = $"IMPORT DATABASE '{paths[2]}'; SELECT count(*) FROM events";
        Assert.Equal((long)fixture.Oracle.Events.Count, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task quartz_runs_the_registered_jobs_on_their_triggers()
    {
        var store = await fixture.OpenFreshStoreAsync("quartz");
        await AnalyticsStoreFixture.Projector(new ListBlockSource(fixture.Ledger.Blocks), store).CatchUpAsync(Cancel);
        var sink = new RecordingSink();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IAnalyticsStore>(store);
        services.AddSingleton<ISlaNotificationSink>(sink);
        services.AddSingleton<TimeProvider>(new SteppingTime(Now));
        services.AddAnalyticsJobs(new AnalyticsJobOptions { Slas = [CustomsSla], SlaCheckInterval = TimeSpan.FromHours(1) });
        await using var provider = services.BuildServiceProvider();

        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(Cancel);
        Assert.Equal(
            new[] { KpiRollupJob.Key, SlaBreachJob.Key, BackupJob.Key, RetentionJob.Key }.Select(k => k.ToString()).Order(),
            (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("analytics"), Cancel)).Select(k => k.ToString()).Order());
        await scheduler.Start(Cancel);
        try
        {
            // The SLA trigger starts now: its first run hands the breaches to the sink.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (sink.Received.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Cancel);
            }
            Assert.NotEmpty(sink.Received);
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, Cancel);
        }
    }

    [Fact]
    public void job_options_explain_what_is_wrong()
    {
        var problem = new AnalyticsJobOptions { RollupInterval = TimeSpan.Zero, BackupsToKeep = 0, EventRetention = TimeSpan.FromDays(30) }.Validate();
        Assert.NotNull(problem);
        Assert.Contains("roll-up interval", problem, StringComparison.Ordinal);
        Assert.Contains("at least one backup", problem, StringComparison.Ordinal);
        Assert.Contains("longest clock", problem, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddAnalyticsJobs(new AnalyticsJobOptions { BackupsToKeep = 0 }));
    }

    private static AnalyticsJobRunner Runner(IAnalyticsStore store, AnalyticsJobOptions options, ISlaNotificationSink? sink = null, TimeProvider? time = null) =>
        new(store, options, sink ?? new RecordingSink(), time ?? new SteppingTime(Now), NullLogger<AnalyticsJobRunner>.Instance);

    private sealed class RecordingSink : ISlaNotificationSink
    {
        private readonly List<SlaBreachRow> _received = [];

        public IReadOnlyList<SlaBreachRow> Received
        {
            get
            {
                lock (_received)
                {
                    return _received.ToArray();
                }
            }
        }

        public ValueTask NotifyAsync(IReadOnlyList<SlaBreachRow> breaches, CancellationToken cancellationToken)
        {
            lock (_received)
            {
                _received.AddRange(breaches);
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A clock that stands still until told to move.</summary>
    private sealed class SteppingTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
