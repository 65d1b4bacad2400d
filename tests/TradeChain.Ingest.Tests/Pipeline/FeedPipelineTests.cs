using System.Text;
using TradeChain.Ingest.Checking;
using TradeChain.Ingest.DeadLetters;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Pipeline;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Tests.Pipeline;

[Trait("Category", "Ingest")]
public sealed class FeedPipelineTests
{
    private readonly FeedPipeline _pipeline = new(TestPartners.All, new VehicleRegistry());

    private MessageOutcome Process(byte[]? payload, string? partner, string? format, Feed feed = Feed.PortGate) =>
        _pipeline.Process(new IncomingMessage(new SourcePosition("tradechain.port-gate", 2, 41), [1], payload, partner, format, TestPartners.ReceivedAt), feed, SampleEvents.Now);

    [Theory]
    [InlineData(null, "edifact", IngestCodes.PartnerMissing)]
    [InlineData("nobody", "edifact", IngestCodes.PartnerUnknown)]
    [InlineData("tjpct-gate", null, IngestCodes.FormatMissing)]
    [InlineData("tjpct-gate", "x12", IngestCodes.FormatUnknown)]
    public void Messages_without_a_known_partner_or_format_are_refused_whole(string? partner, string? format, string code)
    {
        var outcome = Process(Samples.Bytes("edifact/codeco-gate-in-out.edi"), partner, format);

        Assert.Empty(outcome.Events);
        Assert.Equal(code, Assert.Single(outcome.Rejections).Code);
    }

    [Fact]
    public void An_event_that_parses_but_fails_validation_is_refused_with_the_validation_code()
    {
        // A wrong check digit: the parser reads what was sent, the validator refuses it.
        var text = Samples.Text("edifact/codeco-gate-in-out.edi").Replace("EQD+CN+MSKU9070323", "EQD+CN+MSKU9070324", StringComparison.Ordinal);

        var outcome = Process(Encoding.UTF8.GetBytes(text), "tjpct-gate", "edifact");

        Assert.Equal(2, outcome.Events.Count);
        var rejection = Assert.Single(outcome.Rejections);
        Assert.Equal(ValidationCodes.ContainerCheckDigit, rejection.Code);
        Assert.Equal("CODECO:GI20250314000187:MSKU9070324", rejection.Item);
        Assert.Contains("check digit is 4, expected 3", rejection.Reason);
    }

    [Fact]
    public void Registrations_update_the_registry_that_gate_events_are_linked_against()
    {
        var registered = Process(Samples.Bytes("vehicles/registrations.json"), "tianjin-port-vehicles", "vehicle-registration");
        Assert.Equal(3, registered.RegistrationsApplied);

        var gate = Process(Samples.Bytes("edifact/codeco-gate-in-out.edi"), "tjpct-gate", "edifact");

        Assert.True(gate.Events[0].Attributes[GateVehicleLinker.RegisteredAttribute].AsBool());
        Assert.Equal("91120116MA06KL2P3G", gate.Events[0].Attributes[GateVehicleLinker.CarrierUsccAttribute].AsString());
        // 冀B55123's registration is revoked: the gate-out is recorded, flagged as unregistered.
        Assert.False(gate.Events[2].Attributes[GateVehicleLinker.RegisteredAttribute].AsBool());
    }

    [Fact]
    public void A_dead_letter_carries_the_reason_and_where_the_message_came_from()
    {
        var rejection = Process(Encoding.UTF8.GetBytes("UNB+UNOC:3'"), "tjpct-gate", "edifact").Rejections[0];

        var record = DeadLetterRecord.For(rejection, new SourcePosition("tradechain.port-gate", 2, 41), "tjpct-gate", "edifact", [1], [9, 9]);

        Assert.Equal("tradechain.port-gate.dlq", record.Topic);
        Assert.Equal(rejection.Code, record.Header(IngestHeaders.ErrorCode));
        Assert.Equal(rejection.Reason, record.Header(IngestHeaders.ErrorReason));
        Assert.Equal("tjpct-gate", record.Header(IngestHeaders.Partner));
        Assert.Equal("edifact", record.Header(IngestHeaders.Format));
        Assert.Equal("tradechain.port-gate", record.Header(IngestHeaders.OriginalTopic));
        Assert.Equal("2", record.Header(IngestHeaders.OriginalPartition));
        Assert.Equal("41", record.Header(IngestHeaders.OriginalOffset));
        Assert.Equal([9, 9], record.Value);
    }

    [Fact]
    public void Dead_letter_headers_are_bounded()
    {
        var rejection = new Rejection("x", new string('天', 10_000), "message");

        var record = DeadLetterRecord.For(rejection, new SourcePosition("t", 0, 0), null, null, null, []);

        Assert.True(Encoding.UTF8.GetByteCount(record.Header(IngestHeaders.ErrorReason)) <= DeadLetterRecord.MaxHeaderValueBytes);
        Assert.EndsWith("…", record.Header(IngestHeaders.ErrorReason));
    }

    [Fact]
    public void Check_prints_canonical_lines_for_a_good_file_and_coded_errors_for_a_bad_one()
    {
        var good = FeedFileChecker.Check(_pipeline, "bgs-cargo", FeedFormat.CargoXml, Feed.TransportMovement, Samples.Bytes("cargo-xml/xfsu-departure.xml"), SampleEvents.Now);
        Assert.True(good.Passed);
        Assert.StartsWith("{\"memberId\":\"tianjin-port\",\"sourceSystem\":\"bgs-cargo-xml\",\"sourceReference\":\"XFSU:99912345675:DEP:", Assert.Single(good.Lines()));

        var bad = FeedFileChecker.Check(_pipeline, "bgs-cargo", FeedFormat.CargoXml, Feed.TransportMovement, Encoding.UTF8.GetBytes("<StatusMessage><x>"), SampleEvents.Now);
        Assert.False(bad.Passed);
        Assert.Equal("REJECTED message [xml.syntax]", bad.Lines().First());
        Assert.StartsWith("  xml.syntax at line 1, column 19", bad.Lines().ElementAt(1));
    }
}
