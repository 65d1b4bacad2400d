using TradeChain.Analytics.Jobs;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Sql;
using TradeChain.Analytics.Store;
using TradeChain.Contract;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Tests.Shared;

/// <summary>
/// The one test suite every analytics store must pass: the same generated ledger, the same
/// queries, and answers equal to the oracle's. DuckDB runs it in the normal tests, ClickHouse in
/// the container tests.
/// </summary>
public abstract class AnalyticsStoreContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AnalyticsStoreFixture
{
    protected TFixture Fixture { get; } = fixture;

    private IAnalyticsStore Store => Fixture.Store;

    private Oracle Oracle => Fixture.Oracle;

    private static DateOnly From => AnalyticsStoreFixture.Options.FirstDay.AddDays(-10);

    private static DateOnly To => AnalyticsStoreFixture.Options.FirstDay.AddDays(AnalyticsStoreFixture.Options.Days + 20);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task projection_holds_each_ledger_event_once_and_checkpoints_the_tip()
    {
        Fixture.SkipIfUnavailable();
        var checkpoint = await Store.GetCheckpointAsync(Cancel);
        var tip = Fixture.Ledger.Blocks[^1];
        Assert.Equal(new ProjectionCheckpoint(tip.Height, tip.Id.ToString(), tip.Header.TimestampMs), checkpoint);
        var digest = await ((SqlAnalyticsStore)Store).TableDigestAsync(Cancel);
        Assert.Equal(Oracle.Events.Count, digest.Events);
        Assert.Equal(Oracle.Events.Sum(e => e.Keys.Count), digest.Refs);
        Assert.Equal(Oracle.Events.Count, Fixture.Progress.EventsWritten);
        // The generator resends about 1% of events: the ledger holds them, the store does not.
        Assert.True(Fixture.Ledger.Generated.Count > Oracle.Events.Count, "the data set has duplicates to skip");
    }

    [Fact]
    public async Task kpis_of_every_standard_clock_equal_the_oracle()
    {
        Fixture.SkipIfUnavailable();
        foreach (var clock in KpiClocks.All)
        {
            var query = new KpiQuery(clock, From, To, KpiGrouping.Port | KpiGrouping.Mode | KpiGrouping.Direction | KpiGrouping.Period, Period.Month);
            var expected = Oracle.Kpi(query);
            Assert.True(expected.Sum(r => r.Count) > 10, $"clock {clock} measures shipments in the data set");
            Assert.Equal(expected, (await Store.KpiAsync(query, Cancel)).Rows);
        }
    }

    [Theory]
    [InlineData(KpiGrouping.None, Period.Month)]
    [InlineData(KpiGrouping.Period, Period.Day)]
    [InlineData(KpiGrouping.Period | KpiGrouping.Port, Period.Week)]
    [InlineData(KpiGrouping.Enterprise, Period.Month)]
    [InlineData(KpiGrouping.Enterprise | KpiGrouping.Mode | KpiGrouping.Direction, Period.Month)]
    public async Task kpis_group_by_port_mode_direction_enterprise_and_period_as_the_oracle_does(KpiGrouping grouping, Period period)
    {
        Fixture.SkipIfUnavailable();
        foreach (var clock in new[] { KpiClocks.CustomsClearance, KpiClocks.OverallImport, KpiClocks.SeaImportGateOut })
        {
            var query = new KpiQuery(clock, From, To, grouping, period);
            Assert.Equal(Oracle.Kpi(query), (await Store.KpiAsync(query, Cancel)).Rows);
        }
    }

    [Fact]
    public async Task kpi_filters_and_row_limit_are_applied()
    {
        Fixture.SkipIfUnavailable();
        var first = AnalyticsStoreFixture.Options.FirstDay;
        var filtered = new KpiQuery(KpiClocks.CustomsClearance, first.AddDays(5), first.AddDays(12), KpiGrouping.Period, Period.Day, Port: "CNPEK", Mode: TransportMode.Air, Direction: TradeDirection.Import);
        var expected = Oracle.Kpi(filtered);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, (await Store.KpiAsync(filtered, Cancel)).Rows);

        var limited = await Store.KpiAsync(filtered with { MaxRows = 2 }, Cancel);
        Assert.True(limited.Truncated);
        Assert.Equal(expected.Take(2), limited.Rows);
    }

    [Fact]
    public async Task traces_by_every_kind_of_reference_equal_the_oracle_with_ledger_locations()
    {
        Fixture.SkipIfUnavailable();
        var events = Oracle.Events.Where(e => !e.Redacted).ToArray();
        var samples = new List<(string Reference, ShipmentKeyKind Kind)>();
        foreach (var kind in Enum.GetValues<ShipmentKeyKind>())
        {
            samples.AddRange(events.SelectMany(e => e.Keys).Where(k => k.Kind == kind).Select(k => (k.Value, kind)).Distinct().Take(6));
        }
        foreach (var (reference, kind) in samples)
        {
            var trace = await Store.TraceAsync(new TraceQuery(reference), Cancel);
            var expected = Oracle.Trace(reference);
            Assert.Equal(expected.Select(Describe), trace.Events.Select(Describe));
            Assert.False(trace.Truncated);
            Assert.Equal(kind, trace.Kind);
            var key = new ShipmentKey(kind, reference);
            if (kind != ShipmentKeyKind.HouseBill)
            {
                // Master, container and declaration traces hold exactly the events the contract keys
                // by the reference, so the timeline ends in the ledger's own contract state.
                Assert.Equal(Fixture.Ledger.Chain.ShipmentState(key), trace.Timeline.State);
            }
            Assert.Equal(trace.Events.Select(e => e.EventId), trace.Timeline.Entries.Select(t => t.EventId));
        }
    }

    [Fact]
    public async Task a_trace_can_be_narrowed_to_one_kind_and_cut_at_its_limit()
    {
        Fixture.SkipIfUnavailable();
        var house = Oracle.Events.SelectMany(e => e.HouseBills).First();
        var houseOnly = await Store.TraceAsync(new TraceQuery(house, ShipmentKeyKind.HouseBill), Cancel);
        Assert.Equal(Oracle.Trace(house, ShipmentKeyKind.HouseBill).Select(Describe), houseOnly.Events.Select(Describe));
        Assert.Empty((await Store.TraceAsync(new TraceQuery(house, ShipmentKeyKind.Container), Cancel)).Events);
        Assert.Empty((await Store.TraceAsync(new TraceQuery("NOSUCHREF"), Cancel)).Events);

        var cut = await Store.TraceAsync(new TraceQuery(house, MaxEvents: 2), Cancel);
        Assert.True(cut.Truncated);
        Assert.Equal(Oracle.Trace(house).Take(2).Select(Describe), cut.Events.Select(Describe));
    }

    [Fact]
    public async Task master_bill_splits_equal_the_oracle()
    {
        Fixture.SkipIfUnavailable();
        var masters = Oracle.Events.Where(e => e.Mode == TransportMode.Air && e.Direction == TradeDirection.Import && e.HouseBills.Count > 1)
            .Select(e => e.MasterBill).Distinct().Take(8).ToArray();
        Assert.NotEmpty(masters);
        foreach (var master in masters)
        {
            var expected = Oracle.MasterSplit(master);
            var actual = await Store.MasterSplitAsync(new MasterSplitQuery(master), Cancel);
            Assert.Equal(expected, actual.Rows);
            Assert.All(actual.Rows, h => Assert.Contains(h.Destination, Generation.ShipmentGenerator.AirDistributionPoints));
        }
    }

    [Theory]
    [InlineData(Period.Day)]
    [InlineData(Period.Week)]
    [InlineData(Period.Month)]
    public async Task volumes_equal_the_oracle(Period period)
    {
        Fixture.SkipIfUnavailable();
        var query = new VolumeQuery(From, To, period);
        var expected = Oracle.Volumes(query);
        Assert.True(expected.Sum(v => v.Declarations) > 100);
        Assert.Equal(expected, (await Store.VolumesAsync(query, Cancel)).Rows);
        var tianjin = query with { Port = "CNTSN" };
        Assert.Equal(Oracle.Volumes(tianjin), (await Store.VolumesAsync(tianjin, Cancel)).Rows);
    }

    [Fact]
    public async Task cargo_in_port_now_and_over_a_window_equals_the_oracle()
    {
        Fixture.SkipIfUnavailable();
        var first = new DateTimeOffset(AnalyticsStoreFixture.Options.FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        foreach (var query in new[]
        {
            new CargoInPortQuery(first.AddDays(12), first.AddDays(12)),
            new CargoInPortQuery(first.AddDays(3), first.AddDays(10)),
            new CargoInPortQuery(first.AddDays(20), first.AddDays(20), Port: "CNTSN"),
        })
        {
            var expected = Oracle.CargoInPort(query);
            Assert.True(expected.Sum(r => r.Units) > 5, $"cargo in port at {query.From}");
            Assert.Equal(expected, (await Store.CargoInPortAsync(query, Cancel)).Rows);
        }
    }

    [Fact]
    public async Task vessel_and_flight_turnarounds_equal_the_oracle()
    {
        Fixture.SkipIfUnavailable();
        var first = new DateTimeOffset(AnalyticsStoreFixture.Options.FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        var query = new TurnaroundQuery(first, first.AddDays(AnalyticsStoreFixture.Options.Days));
        var expected = Oracle.Turnaround(query);
        Assert.Contains(expected, t => t.Mode == TransportMode.Sea && t.Turnaround is not null);
        Assert.Contains(expected, t => t.Mode == TransportMode.Air && t.Turnaround is not null);
        Assert.Equal(expected, (await Store.TurnaroundAsync(query, Cancel)).Rows);
    }

    [Fact]
    public async Task sla_breaches_equal_the_oracle_with_the_most_specific_target()
    {
        Fixture.SkipIfUnavailable();
        SlaTarget[] targets =
        [
            new(null, null, null, TimeSpan.FromHours(30)),
            new("CNTSN", null, null, TimeSpan.FromHours(40)),
            new("CNPEK", TransportMode.Air, TradeDirection.Import, TimeSpan.FromHours(20)),
        ];
        var asOf = new DateTimeOffset(AnalyticsStoreFixture.Options.FirstDay.AddDays(20).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));
        foreach (var clock in new[] { KpiClocks.CustomsClearance, KpiClocks.OverallImport })
        {
            var query = new SlaQuery(clock, targets, asOf);
            var expected = Oracle.SlaBreaches(query);
            Assert.Contains(expected, b => b.Open);
            Assert.Contains(expected, b => !b.Open);
            Assert.Equal(expected, (await Store.SlaBreachesAsync(query, Cancel)).Rows);
        }
    }

    [Fact]
    public async Task vehicle_movements_by_plate_equal_the_oracle()
    {
        Fixture.SkipIfUnavailable();
        var plates = Oracle.Events.Where(e => e.VehicleRegistration != "" && AnalyticsSql.GateTypes.Contains(e.EventType)).Select(e => e.VehicleRegistration).Distinct().Take(10).ToArray();
        Assert.True(plates.Length >= 5, "the data set has trucks at the gate");
        foreach (var plate in plates)
        {
            var query = new VehicleMovementQuery(plate);
            var expected = Oracle.VehicleMovements(query);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Select(Describe), (await Store.VehicleMovementsAsync(query, Cancel)).Rows.Select(Describe));
        }
        Assert.Empty((await Store.VehicleMovementsAsync(new VehicleMovementQuery("NOSUCHPLATE"), Cancel)).Rows);
    }

    [Fact]
    public async Task a_truck_working_two_ports_is_listed_newest_first_per_port_and_cut_at_the_limit()
    {
        Fixture.SkipIfUnavailable();
        const string plate = "津B12345";
        var gates = Oracle.Events.Where(e => e.EventType is TradeEventType.GateIn or TradeEventType.GateOut && e.Containers.Count > 0).Take(7).ToArray();
        Assert.Equal(7, gates.Length);
        // Seven gate moves of one truck, alternately at two ports, and a loading that names the truck but is no gate move.
        var moves = gates.Select((e, i) => e with
        {
            EventId = SyntheticId(i),
            VehicleRegistration = plate,
            Port = i % 2 == 0 ? "CNTSN" : "CNQIN",
            AttributesJson = $"{{\"vehicle.registered\":true,\"vehicle.registration_id\":\"R-{i}\"}}",
        }).Append(gates[0] with { EventId = SyntheticId(99), EventType = TradeEventType.Loaded, VehicleRegistration = plate }).ToArray();
        var store = await Fixture.OpenFreshStoreAsync("vehicles");
        await store.WriteAsync(new ProjectionBatch(moves, null), Cancel);
        var oracle = new Oracle(moves);

        var all = await store.VehicleMovementsAsync(new VehicleMovementQuery(plate), Cancel);
        Assert.Equal(7, all.Rows.Count);
        Assert.False(all.Truncated);
        Assert.Equal(oracle.VehicleMovements(new VehicleMovementQuery(plate)).Select(Describe), all.Rows.Select(Describe));
        Assert.True(all.Rows.Zip(all.Rows.Skip(1)).All(p => p.First.OccurredAt >= p.Second.OccurredAt), "newest first");

        var atQingdao = await store.VehicleMovementsAsync(new VehicleMovementQuery(plate, "CNQIN"), Cancel);
        Assert.Equal(3, atQingdao.Rows.Count);
        Assert.All(atQingdao.Rows, r => Assert.Equal("CNQIN", r.Port));

        var cut = await store.VehicleMovementsAsync(new VehicleMovementQuery(plate, MaxRows: 2), Cancel);
        Assert.True(cut.Truncated);
        Assert.Equal(all.Rows.Take(2).Select(Describe), cut.Rows.Select(Describe));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VehicleMovementQuery(plate, MaxRows: AnalyticsLimits.MaxVehicleMovements + 1).Check());
    }

    [Fact]
    public async Task restarts_at_random_heights_and_replays_from_any_height_give_identical_tables()
    {
        Fixture.SkipIfUnavailable();
        var reference = await ((SqlAnalyticsStore)Store).TableDigestAsync(Cancel);
        var store = await Fixture.OpenFreshStoreAsync("restarted");
        var source = new ListBlockSource(Fixture.Ledger.Blocks);
        var random = new Random(7);
        var tip = (ulong)(Fixture.Ledger.Blocks.Count - 1);
        // The ledger grows in steps; each step is a new projector (a restart), sometimes replaying from below the checkpoint.
        for (var height = 0UL; height < tip;)
        {
            height = Math.Min(tip, height + (ulong)random.Next(1, 12));
            source.Tip = height;
            var projector = AnalyticsStoreFixture.Projector(source, store, new ProjectorOptions { MaxBlocksPerBatch = random.Next(1, 6), MaxBatchEvents = random.Next(50, 400) });
            if (random.Next(3) == 0)
            {
                await projector.ReplayFromAsync((ulong)random.Next(0, (int)height + 1), Cancel);
            }
            await projector.CatchUpAsync(Cancel);
            Assert.Equal(height, (await store.GetCheckpointAsync(Cancel))!.Height);
        }
        var full = await AnalyticsStoreFixture.Projector(source, store).ReplayFromAsync(0, Cancel);
        Assert.Equal(0, full.EventsWritten);
        Assert.Equal(reference, await ((SqlAnalyticsStore)store).TableDigestAsync(Cancel));
        Assert.Equal(tip, (await store.GetCheckpointAsync(Cancel))!.Height);
    }

    [Fact]
    public async Task kpi_rollups_are_replaced_per_day_and_read_back()
    {
        Fixture.SkipIfUnavailable();
        var store = await Fixture.OpenFreshStoreAsync("rollups");
        var day = AnalyticsStoreFixture.Options.FirstDay.AddDays(3);
        Assert.Null(await store.LastRolledUpDayAsync(Cancel));
        var rows = (await Store.KpiAsync(new KpiQuery(KpiClocks.CustomsClearance, day, day.AddDays(1), KpiGrouping.Port | KpiGrouping.Mode | KpiGrouping.Direction), Cancel)).Rows;
        Assert.NotEmpty(rows);
        await store.ReplaceKpiRollupAsync(day, rows, Cancel);
        await store.ReplaceKpiRollupAsync(day, rows.Take(1).ToArray(), Cancel);
        await store.ReplaceKpiRollupAsync(day.AddDays(1), rows, Cancel);
        Assert.Equal(day.AddDays(1), await store.LastRolledUpDayAsync(Cancel));
        var stored = (await store.ReadKpiRollupAsync(day, day.AddDays(1), Cancel)).Rows;
        Assert.Equal([rows[0] with { Period = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Enterprise = "" }], stored.Select(s => s.Kpi));
        Assert.All(stored, s => Assert.Equal(day, s.Day));
    }

    [Fact]
    public async Task sla_breaches_are_recorded_once_per_clock_and_shipment()
    {
        Fixture.SkipIfUnavailable();
        var store = await Fixture.OpenFreshStoreAsync("breaches");
        var asOf = new DateTimeOffset(AnalyticsStoreFixture.Options.FirstDay.AddDays(20).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        var breaches = (await Store.SlaBreachesAsync(new SlaQuery(KpiClocks.CustomsClearance, [new(null, null, null, TimeSpan.FromHours(24))], asOf), Cancel)).Rows;
        Assert.True(breaches.Count > 2);
        var first = await store.RecordNewBreachesAsync(breaches.Take(2).ToArray(), asOf, Cancel);
        var second = await store.RecordNewBreachesAsync(breaches, asOf.AddMinutes(5), Cancel);
        Assert.Equal(breaches.Take(2), first);
        Assert.Equal(breaches.Skip(2), second);
        Assert.Empty(await store.RecordNewBreachesAsync(breaches, asOf.AddMinutes(10), Cancel));
    }

    [Fact]
    public async Task retention_deletes_events_and_references_before_the_cutoff()
    {
        Fixture.SkipIfUnavailable();
        var store = await Fixture.OpenFreshStoreAsync("retention");
        await AnalyticsStoreFixture.Projector(new ListBlockSource(Fixture.Ledger.Blocks), store).CatchUpAsync(Cancel);
        var cutoff = new DateTimeOffset(AnalyticsStoreFixture.Options.FirstDay.AddDays(10).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var deleted = await store.DeleteOccurredBeforeAsync(cutoff, Cancel);
        Assert.Equal(Oracle.Events.Count(e => e.OccurredAt < cutoff), deleted);
        var digest = await ((SqlAnalyticsStore)store).TableDigestAsync(Cancel);
        Assert.Equal(Oracle.Events.Count - deleted, digest.Events);
        Assert.Equal(Oracle.Events.Where(e => e.OccurredAt >= cutoff).Sum(e => e.Keys.Count), digest.Refs);
    }

    private static string SyntheticId(int i) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"vehicle-move-{i}")));

    private static string Describe(VehicleMovementRow r) =>
        $"{r.EventId} {r.Height}/{r.TransactionIndex}/{r.LeafIndex} {r.EventType} {r.OccurredAt.ToUnixTimeMilliseconds()} {r.Port} {r.Location} {r.MasterBill} [{string.Join(",", r.Containers)}] {r.AttributesJson}";

    /// <summary>Everything a trace row says, as one comparable string (lists compare by content).</summary>
    private static string Describe(TraceEvent e) =>
        $"{e.EventId} {e.Height}/{e.TransactionIndex}/{e.LeafIndex} {e.EventType} {e.OccurredAt.ToUnixTimeMilliseconds()} {e.MemberId} {e.SourceSystem} {e.Mode} {e.Direction} {e.Port} {e.Location} {e.MasterBill} [{string.Join(",", e.HouseBills)}] [{string.Join(",", e.Containers)}] {e.DeclarationNumber} {e.Redacted}";

    private static string Describe(ProjectedEvent e) =>
        $"{e.EventId} {e.Height}/{e.TransactionIndex}/{e.LeafIndex} {e.EventType} {e.OccurredAtMs} {e.MemberId} {e.SourceSystem} {e.Mode} {e.Direction} {e.Port} {e.Location} {e.MasterBill} [{string.Join(",", e.HouseBills)}] [{string.Join(",", e.Containers)}] {e.DeclarationNumber} {e.Redacted}";
}
