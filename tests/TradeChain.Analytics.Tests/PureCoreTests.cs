using FsCheck;
using FsCheck.Fluent;
using TradeChain.Analytics.Jobs;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Sql;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Tests;

/// <summary>The pure cores: percentile math, periods, ledger positions, clock definitions, SLA target choice, job plans, migrations.</summary>
[Trait("Category", "Analytics")]
public sealed class PureCoreTests
{
    [Theory]
    [InlineData(50, 1, 1)]
    [InlineData(50, 10, 5)]
    [InlineData(90, 10, 9)]
    [InlineData(95, 10, 10)]
    [InlineData(95, 20, 19)]
    [InlineData(90, 11, 10)]
    [InlineData(100, 7, 7)]
    [InlineData(1, 1000, 10)]
    public void nearest_rank_is_the_ceiling_of_p_times_n_over_100(int percent, long count, long rank) =>
        Assert.Equal(rank, Percentiles.Rank(percent, count));

    [Fact]
    public void a_nearest_rank_percentile_is_a_measured_value_with_at_least_p_percent_at_or_below_it()
    {
        var lists = Gen.NonEmptyListOf(Gen.Choose(0, 1_000_000).Select(v => (long)v)).Select(l => l.Order().ToArray());
        PropertyCheck.ForAll(Gen.Zip(lists, Gen.Choose(1, 100)), 300, pair =>
        {
            var (sorted, percent) = pair;
            var value = Percentiles.NearestRank(sorted, percent);
            Assert.Contains(value, sorted);
            Assert.True(sorted.Count(v => v <= value) * 100 >= percent * sorted.Length);
            // The smallest such value: one rank lower no longer covers P%.
            var rank = Percentiles.Rank(percent, sorted.Length);
            Assert.True((rank - 1) * 100 < percent * sorted.Length);
        });
    }

    [Fact]
    public void percentiles_refuse_what_has_no_rank()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Rank(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Rank(101, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Rank(50, 0));
    }

    [Theory]
    [InlineData("2026-01-07", Period.Day, "2026-01-07")]
    [InlineData("2026-01-07", Period.Week, "2026-01-05")]
    [InlineData("2026-01-05", Period.Week, "2026-01-05")]
    [InlineData("2026-01-04", Period.Week, "2025-12-29")]
    [InlineData("2026-02-28", Period.Month, "2026-02-01")]
    public void periods_start_on_the_day_monday_or_first_of_the_month(string date, Period period, string start) =>
        Assert.Equal(start, Periods.Label(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), period));

    [Fact]
    public void ledger_positions_round_trip_and_sort_in_ledger_order()
    {
        var positions =
            from height in Gen.Choose(0, int.MaxValue)
            from transaction in Gen.Choose(0, 4095)
            from leaf in Gen.Choose(0, 9999)
            select ((ulong)height, transaction, leaf);
        PropertyCheck.ForAll(Gen.Zip(positions, positions), 500, pair =>
        {
            var (a, b) = pair;
            Assert.Equal(a, LedgerPosition.Unpack(LedgerPosition.Pack(a.Item1, a.Item2, a.Item3)));
            Assert.Equal(a.CompareTo(b), LedgerPosition.Pack(a.Item1, a.Item2, a.Item3).CompareTo(LedgerPosition.Pack(b.Item1, b.Item2, b.Item3)));
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerPosition.Pack(LedgerPosition.MaxHeight + 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerPosition.Pack(1, 4096, 0));
    }

    [Fact]
    public void a_kpi_window_reads_the_clock_span_before_the_first_day_and_a_day_past_the_last()
    {
        var (fromMs, toMs) = QueryWindows.Kpi(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddDays(-91).ToUnixTimeMilliseconds(), fromMs);
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), toMs);
        Assert.Throws<ArgumentException>(() => QueryWindows.CheckRange(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1)));
        Assert.Throws<ArgumentException>(() => QueryWindows.CheckRange(new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 3)));
    }

    [Fact]
    public void a_clock_needs_distinct_start_and_end_milestones()
    {
        Assert.Throws<ArgumentException>(() => new KpiClock("x", [], MilestonePick.First, [TradeEventType.Released], MilestonePick.First));
        Assert.Throws<ArgumentException>(() => new KpiClock("x", [TradeEventType.Released], MilestonePick.First, [TradeEventType.Released], MilestonePick.First));
        Assert.Equal(KpiClocks.All.Count, KpiClocks.All.Select(c => c.Name).Distinct().Count());
        Assert.Same(KpiClocks.CustomsClearance, KpiClocks.Find("customs_clearance"));
    }

    [Fact]
    public void the_most_specific_matching_sla_target_applies()
    {
        SlaTarget[] targets =
        [
            new(null, null, null, TimeSpan.FromHours(48)),
            new(null, TransportMode.Air, null, TimeSpan.FromHours(24)),
            new("CNPEK", null, null, TimeSpan.FromHours(36)),
            new("CNPEK", TransportMode.Air, TradeDirection.Import, TimeSpan.FromHours(12)),
        ];
        Assert.Equal(TimeSpan.FromHours(12), SlaTargets.For(targets, "CNPEK", TransportMode.Air, TradeDirection.Import)!.Target);
        Assert.Equal(TimeSpan.FromHours(36), SlaTargets.For(targets, "CNPEK", TransportMode.Air, TradeDirection.Export)!.Target);
        Assert.Equal(TimeSpan.FromHours(24), SlaTargets.For(targets, "CNSHA", TransportMode.Air, TradeDirection.Export)!.Target);
        Assert.Equal(TimeSpan.FromHours(48), SlaTargets.For(targets, "CNTSN", TransportMode.Sea, TradeDirection.Export)!.Target);
        Assert.Null(SlaTargets.For(targets[1..2], "CNTSN", TransportMode.Sea, null));
        Assert.Throws<ArgumentException>(() => SlaTargets.CheckUnique([targets[0], targets[0] with { Target = TimeSpan.FromHours(1) }]));
    }

    [Fact]
    public void the_rollup_recomputes_late_days_and_catches_up_in_bounded_runs()
    {
        var today = new DateOnly(2026, 3, 10);
        Assert.Equal(Days("2026-03-07", 3), RollupPlanner.DaysToRoll(new DateOnly(2026, 3, 9), today, lateDays: 3, backfillDays: 90, maxDays: 31));
        Assert.Equal(Days("2026-03-01", 9), RollupPlanner.DaysToRoll(new DateOnly(2026, 2, 28), today, 3, 90, 31));
        Assert.Equal(Days("2026-03-03", 5), RollupPlanner.DaysToRoll(null, today, 3, backfillDays: 7, maxDays: 5));
        Assert.Empty(RollupPlanner.DaysToRoll(new DateOnly(2026, 3, 9), today, lateDays: 0, 90, 31));
    }

    [Fact]
    public void retention_keeps_the_newest_backups_and_leaves_foreign_directories()
    {
        var at = new DateTimeOffset(2026, 3, 10, 1, 2, 3, TimeSpan.Zero);
        var names = Enumerable.Range(0, 5).Select(i => RetentionPlanner.BackupName(at.AddDays(i))).Append("analytics-not-a-time").Append("other").ToArray();
        Assert.Equal("analytics-20260310T010203Z", names[0]);
        Assert.Equal(names[..3], RetentionPlanner.BackupsToDelete(names.Reverse(), keep: 2));
        Assert.Empty(RetentionPlanner.BackupsToDelete(names, keep: 5));
        Assert.Equal(at.AddDays(-400), RetentionPlanner.EventCutoff(at, TimeSpan.FromDays(400)));
        Assert.Null(RetentionPlanner.EventCutoff(at, null));
    }

    [Fact]
    public void a_breach_is_news_once_per_clock_and_shipment()
    {
        SlaBreachRow Breach(string clock, string master, string house) => new(clock, master, house, "CNTSN", TransportMode.Sea, TradeDirection.Import, "", DateTimeOffset.UnixEpoch, null, 10, 5, TradeEventType.Released, "");
        var known = new HashSet<SlaBreachKey> { new("a", "M1", "") };
        var fresh = SlaBreachTracker.NewBreaches(known, [Breach("a", "M1", ""), Breach("b", "M1", ""), Breach("a", "M1", "H1"), Breach("a", "M1", "H1")]);
        Assert.Equal([new SlaBreachKey("b", "M1", ""), new SlaBreachKey("a", "M1", "H1")], fresh.Select(SlaBreachKey.Of));
    }

    [Fact]
    public void migrations_apply_in_order_and_refuse_a_store_from_a_newer_build()
    {
        var available = Migrations.Load(typeof(Analytics.DuckDb.DuckDbAnalyticsStore).Assembly, "TradeChain.Analytics.DuckDb.Migrations.");
        Assert.Equal([1], available.Select(m => m.Version));
        Assert.Equal(available, Migrations.Pending([], available));
        Assert.Empty(Migrations.Pending([1], available));
        Assert.Throws<InvalidOperationException>(() => Migrations.Pending([1, 2], available));
        Assert.Equal(5, available[0].Statements().Count);
        Assert.Equal(["CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"], new Migration(1, "t", "-- note; not a statement\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (y INT);\n").Statements());
    }

    private static DateOnly[] Days(string first, int count) =>
        Enumerable.Range(0, count).Select(i => DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture).AddDays(i)).ToArray();
}
