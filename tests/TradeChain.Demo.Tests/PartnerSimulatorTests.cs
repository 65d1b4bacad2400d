using TradeChain.Demo;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Pipeline;

namespace TradeChain.Demo.Tests;

[Trait("Category", "Demo")]
public sealed class PartnerSimulatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_seed_gives_the_same_messages_byte_for_byte()
    {
        var options = new SimulatorOptions { Seed = 42, Shipments = 60 };
        var first = PartnerSimulator.Plan(options, Now);
        var second = PartnerSimulator.Plan(options, Now);
        Assert.Equal(first.Messages.Count, second.Messages.Count);
        foreach (var (a, b) in first.Messages.Zip(second.Messages))
        {
            Assert.Equal((a.Topic, a.Key, a.Partner, a.Format, a.DueMs, a.ExpectedErrorCode), (b.Topic, b.Key, b.Partner, b.Format, b.DueMs, b.ExpectedErrorCode));
            Assert.Equal(a.Payload, b.Payload);
        }
        var other = PartnerSimulator.Plan(options with { Seed = 43 }, Now);
        Assert.NotEqual(first.Messages.Select(m => Convert.ToHexString(m.Payload)), other.Messages.Select(m => Convert.ToHexString(m.Payload)));
    }

    [Fact]
    public void Messages_are_due_in_order_in_the_past_and_reach_every_feeding_member()
    {
        var plan = PartnerSimulator.Plan(new SimulatorOptions { Seed = 7, Shipments = 80 }, Now);
        Assert.True(plan.Messages.Zip(plan.Messages.Skip(1)).All(p => p.First.DueMs <= p.Second.DueMs));
        Assert.True(plan.EndMs <= Now.ToUnixTimeMilliseconds());
        Assert.Equal(new[] { DemoMembers.Airport, DemoMembers.Port, DemoMembers.Customs }.Order(StringComparer.Ordinal), plan.PartnersByMember.Keys.Order(StringComparer.Ordinal));
        Assert.All(plan.Messages, m => Assert.StartsWith(m.MemberId + ".", m.Topic, StringComparison.Ordinal));
        Assert.NotNull(plan.SampleExporter);
        Assert.NotNull(plan.SampleImporter);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_message_parses_except_the_malformed_ones_which_are_refused_with_their_code(int seed)
    {
        var plan = PartnerSimulator.Plan(new SimulatorOptions { Seed = seed, Shipments = 60, MalformedRate = 0.15 }, Now);
        var pipelines = plan.PartnersByMember.ToDictionary(p => p.Key, p => new FeedPipeline(p.Value.Select(o => o.ToProfile(p.Key)), new VehicleRegistry()));
        var malformed = 0;
        for (var i = 0; i < plan.Messages.Count; i++)
        {
            var message = plan.Messages[i];
            var outcome = pipelines[message.MemberId].Process(
                new IncomingMessage(new SourcePosition(message.Topic, 0, i), System.Text.Encoding.UTF8.GetBytes(message.Key), message.Payload, message.Partner, message.Format, Now),
                message.Feed, Now);
            if (message.Malformed)
            {
                malformed++;
                Assert.Empty(outcome.Events);
                Assert.Equal(message.ExpectedErrorCode, Assert.Single(outcome.Rejections).Code);
            }
            else
            {
                Assert.True(outcome.Rejections.Count == 0, $"message {i} ({message.Partner}) refused: {string.Join("; ", outcome.Rejections.Select(r => $"{r.Code} {r.Reason}"))}");
                Assert.NotEmpty(outcome.Events);
                var source = message.Source!;
                // One event per container for CODECO, else one; each says what the partner meant.
                Assert.Equal(message.Format == "edifact" && source.Feed == TradeChain.Trade.Events.Feed.PortGate ? source.References.Containers.Count : 1, outcome.Events.Count);
                Assert.All(outcome.Events, e =>
                {
                    Assert.Equal(message.MemberId, e.MemberId);
                    Assert.Equal((source.EventType, source.Mode, source.Direction, source.Port, source.References.MasterBill, source.References.DeclarationNumber), (e.EventType, e.Mode, e.Direction, e.Port, e.References.MasterBill, e.References.DeclarationNumber));
                    Assert.Equal(source.OccurredAt.ToUnixTimeMilliseconds() / 60_000, e.OccurredAt.ToUnixTimeMilliseconds() / 60_000);
                });
            }
        }
        Assert.InRange(malformed, 1, plan.Messages.Count / 5);
        Assert.Equal(malformed, plan.MalformedByKind.Values.Sum());
        Assert.Equal(
            new[] { PartnerSimulator.ContainerCheckDigit, PartnerSimulator.EdifactSegmentCount, PartnerSimulator.JsonFieldMissing, PartnerSimulator.XmlBroken }.Order(StringComparer.Ordinal),
            plan.MalformedByKind.Keys.Order(StringComparer.Ordinal));
        foreach (var type in new[] { "CODECO", "CUSRES", "CUSCAR" })
        {
            Assert.Contains(plan.Messages, m => m.Format == "edifact" && !m.Malformed && System.Text.Encoding.Latin1.GetString(m.Payload).Contains(type, StringComparison.Ordinal));
        }
        foreach (var root in new[] { "StatusMessage", "Waybill" })
        {
            Assert.Contains(plan.Messages, m => m.Format == "cargo-xml" && !m.Malformed && System.Text.Encoding.UTF8.GetString(m.Payload).Contains(":" + root + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Cargo_reports_and_air_waybills_round_trip_with_their_references_parties_and_conveyance()
    {
        var plan = PartnerSimulator.Plan(new SimulatorOptions { Seed = 4, Shipments = 40, MalformedRate = 0 }, Now);
        var pipelines = plan.PartnersByMember.ToDictionary(p => p.Key, p => new FeedPipeline(p.Value.Select(o => o.ToProfile(p.Key)), new VehicleRegistry()));
        var cuscar = plan.Messages.Where(m => m.Partner == DemoPartners.SeaCustomsManifests && !m.Malformed).ToArray();
        var xfwb = plan.Messages.Where(m => m.Partner == DemoPartners.AirWaybills && !m.Malformed).ToArray();
        Assert.NotEmpty(cuscar);
        Assert.NotEmpty(xfwb);
        foreach (var message in cuscar.Concat(xfwb))
        {
            var outcome = pipelines[message.MemberId].Process(
                new IncomingMessage(new SourcePosition(message.Topic, 0, 0), System.Text.Encoding.UTF8.GetBytes(message.Key), message.Payload, message.Partner, message.Format, Now),
                message.Feed, Now);
            Assert.Empty(outcome.Rejections);
            var parsed = Assert.Single(outcome.Events);
            var source = message.Source!;
            Assert.Equal(TradeChain.Trade.Events.TradeEventType.ManifestFiled, parsed.EventType);
            Assert.Equal((source.Mode, source.Direction, source.Port), (parsed.Mode, parsed.Direction, parsed.Port));
            Assert.Equal(source.References with { VehicleRegistration = null }, parsed.References);
            Assert.Equal(source.Parties.OrderBy(p => p.Role), parsed.Parties.OrderBy(p => p.Role));
            Assert.Equal(source.OccurredAt.ToUnixTimeMilliseconds() / 60_000, parsed.OccurredAt.ToUnixTimeMilliseconds() / 60_000);
        }
    }
}
