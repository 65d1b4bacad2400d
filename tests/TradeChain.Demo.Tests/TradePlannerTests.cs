using TradeChain.Demo;
using TradeChain.Trade.Events;

namespace TradeChain.Demo.Tests;

/// <summary>Properties of the simulator's plan over many shipments: the clocks it draws and the shares it promises.</summary>
[Trait("Category", "Demo")]
public sealed class TradePlannerTests
{
    private static readonly long Start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Border_compliance_centres_on_the_configured_medians_per_mode_and_direction(int seed)
    {
        var timings = new ClearanceTimings();
        var planner = new TradePlanner(seed, timings);
        planner.Plan(2_000, 20, Start);
        var expected = new Dictionary<ShipmentKind, double>
        {
            [ShipmentKind.SeaImport] = timings.SeaImportBorderHours,
            [ShipmentKind.SeaExport] = timings.SeaExportBorderHours,
            [ShipmentKind.AirImport] = timings.AirImportBorderHours,
            [ShipmentKind.AirExport] = timings.AirExportBorderHours,
        };
        foreach (var (kind, hours) in expected)
        {
            var durations = planner.Shipments.Where(s => s.Kind == kind).Select(s => s.BorderHours).Order().ToArray();
            Assert.Equal(500, durations.Length);
            var median = durations[durations.Length / 2];
            // Inspections and holds lengthen a few clocks, so the median sits a little above the drawn one.
            Assert.InRange(median, hours * 0.9, hours * 1.2);
            Assert.All(durations, d => Assert.True(d > 0, $"{kind}: a border clock of {d} h"));
        }
        var seaImport = planner.Shipments.Where(s => s.Kind == ShipmentKind.SeaImport).Select(s => s.BorderHours).Order().ToArray();
        var airImport = planner.Shipments.Where(s => s.Kind == ShipmentKind.AirImport).Select(s => s.BorderHours).Order().ToArray();
        Assert.True(airImport[^(airImport.Length / 4)] < seaImport[seaImport.Length / 4], "air imports clear faster than sea imports, even their slow quarter");
    }

    [Fact]
    public void About_five_percent_are_inspected_and_take_longer_some_are_held_then_released()
    {
        var planner = new TradePlanner(21, new ClearanceTimings());
        var events = planner.Plan(2_000, 20, Start);
        var shipments = planner.Shipments;
        var inspected = shipments.Count(s => s.Inspected);
        Assert.InRange(inspected / (double)shipments.Count, 0.035, 0.065);
        Assert.InRange(shipments.Count(s => s.Held) / (double)shipments.Count, 0.015, 0.045);
        foreach (var kind in Enum.GetValues<ShipmentKind>())
        {
            var ofKind = shipments.Where(s => s.Kind == kind && !s.Held).ToArray();
            var plain = ofKind.Where(s => !s.Inspected).Select(s => s.BorderHours).Order().ToArray();
            var checkedOnes = ofKind.Where(s => s.Inspected).Select(s => s.BorderHours).Order().ToArray();
            Assert.NotEmpty(checkedOnes);
            Assert.True(checkedOnes[checkedOnes.Length / 2] > plain[plain.Length / 2], $"{kind}: inspected median {checkedOnes[checkedOnes.Length / 2]:0.0} h, others {plain[plain.Length / 2]:0.0} h");
        }
        // Every hold ends in a release of the same declaration, after it.
        var byDeclaration = events.DistinctBy(e => e.Event.SourceReference).Where(e => e.Event.References.DeclarationNumber is not null).GroupBy(e => e.Event.References.DeclarationNumber!);
        var holds = 0;
        foreach (var declaration in byDeclaration)
        {
            var held = declaration.Where(e => e.Event.EventType == TradeEventType.Held).ToArray();
            holds += held.Length;
            var released = Assert.Single(declaration, e => e.Event.EventType == TradeEventType.Released);
            Assert.All(held, h => Assert.True(h.Event.OccurredAt < released.Event.OccurredAt));
            var accepted = declaration.Where(e => e.Event.EventType == TradeEventType.DeclarationAccepted).Min(e => e.Event.OccurredAt);
            Assert.True(declaration.Where(e => e.Event.EventType == TradeEventType.DeclarationFiled).Min(e => e.Event.OccurredAt) < accepted);
            Assert.True(accepted < released.Event.OccurredAt);
        }
        Assert.Equal(shipments.Count(s => s.Held), holds);
    }

    [Fact]
    public void Some_messages_arrive_late_and_overtaken_and_some_are_sent_twice()
    {
        var timings = new ClearanceTimings();
        var planner = new TradePlanner(31, timings);
        var events = planner.Plan(1_000, 20, Start);
        var distinct = events.DistinctBy(e => e.Event.SourceReference).ToArray();
        Assert.InRange(distinct.Count(e => e.Late) / (double)distinct.Length, timings.LateRate * 0.7, timings.LateRate * 1.3);
        Assert.All(distinct.Where(e => e.Late), e => Assert.True(e.DueMs - e.Event.OccurredAt.ToUnixTimeMilliseconds() >= timings.LateHours.Min * 3_600_000));
        // Out of order: a late milestone is sent after a later milestone of the same shipment.
        var overtaken = distinct.Where(e => e.Late).Count(late => distinct.Any(other =>
            other.Event.References.MasterBill == late.Event.References.MasterBill && other.Event.OccurredAt > late.Event.OccurredAt && other.DueMs < late.DueMs));
        Assert.True(overtaken > distinct.Count(e => e.Late) / 2, $"only {overtaken} late messages overtaken");
        var resent = events.Count - distinct.Length;
        Assert.InRange(resent / (double)distinct.Length, timings.ResendRate * 0.5, timings.ResendRate * 1.6);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.DueMs <= p.Second.DueMs), "the plan is in due order");
    }

    [Fact]
    public void The_malformed_share_is_kept_each_kind_is_counted_and_each_is_sent_again_corrected()
    {
        var plan = PartnerSimulator.Plan(new SimulatorOptions { Seed = 5, Shipments = 800, MalformedRate = 0.01 }, new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
        var malformed = plan.Messages.Where(m => m.Malformed).ToArray();
        Assert.InRange(malformed.Length / (double)plan.Messages.Count, 0.005, 0.02);
        Assert.Equal(malformed.Length, plan.MalformedByKind.Values.Sum());
        Assert.All(plan.MalformedByKind, k => Assert.True(k.Value > 0, k.Key));
        foreach (var bad in malformed)
        {
            Assert.Contains(plan.Messages, m => !m.Malformed && m.Source == bad.Source && m.DueMs > bad.DueMs);
        }
    }

    [Fact]
    public void Timings_out_of_range_are_refused_in_plain_words()
    {
        var problems = new ClearanceTimings { SeaImportBorderHours = 0, InspectionRate = 1.5, HoldHours = (5, 1) }.Validate();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("sea import", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new TradePlanner(1, new ClearanceTimings { LateRate = -0.1 }));
    }
}
