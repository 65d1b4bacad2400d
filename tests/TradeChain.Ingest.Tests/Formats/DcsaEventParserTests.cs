using TradeChain.Ingest.Formats.Dcsa;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Tests.Formats;

[Trait("Category", "Ingest")]
public sealed class DcsaEventParserTests
{
    private static readonly DcsaEventParser Parser = new();

    private static ParseResult Parse(string json) =>
        Parser.Parse(System.Text.Encoding.UTF8.GetBytes(json), TestPartners.Context(TestPartners.CarrierDcsa, Feed.TransportMovement));

    [Fact]
    public void Transport_equipment_and_shipment_events_map_through_the_DCSA_codes()
    {
        var result = Parse(Samples.Text("dcsa/tnt-events.json"));

        Assert.Empty(result.Rejected);
        Assert.Equal([TradeEventType.Arrived, TradeEventType.Discharged, TradeEventType.InspectionOrdered, TradeEventType.GateOut], result.Events.Select(e => e.EventType));
        var arrived = result.Events[0];
        Assert.Equal("DCSA:5e51e72c-d872-11ea-811c-0242ac130003", arrived.SourceReference);
        Assert.Equal("9321483", arrived.References.VesselImo);
        Assert.Equal("0231W", arrived.References.VoyageNumber);
        Assert.Equal("COSU6123456780", arrived.References.MasterBill);
        Assert.Equal("CNTSN", arrived.Port);
        var discharged = result.Events[1];
        Assert.Equal(["OOLU1882343"], discharged.References.Containers);
        Assert.Equal("CN2025031122", discharged.Attributes["seals"].AsString());
        Assert.Equal("full", discharged.Attributes["full_empty"].AsString());
        Assert.All(result.Events, e => Assert.Empty(new TradeEventValidator().Validate(e, SampleEvents.Now)));
    }

    [Theory]
    [InlineData("EST")]
    [InlineData("PLN")]
    public void Planned_and_estimated_events_are_refused_as_not_facts(string classifier)
    {
        var json = Samples.Text("dcsa/tnt-events.json").Replace("\"ACT\"", $"\"{classifier}\"", StringComparison.Ordinal);

        var result = Parse(json);

        Assert.Empty(result.Events);
        Assert.Equal(4, result.Rejected.Count);
        Assert.All(result.Rejected, r => Assert.Equal(ParseCodes.DcsaNotActual, r.Code));
        Assert.Equal("$[0].eventClassifierCode", result.Rejected[0].Errors[0].Position);
    }

    [Fact]
    public void A_bad_event_is_rejected_alone_with_its_path()
    {
        var json = Samples.Text("dcsa/tnt-events.json").Replace("\"eventDateTime\": \"2025-03-14T02:11:05+08:00\"", "\"eventDateTime\": \"2025-03-14 02:11\"", StringComparison.Ordinal);

        var result = Parse(json);

        Assert.Equal(3, result.Events.Count);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("$[1] (DCSA:84db923d-2a19-4eb0-beb5-446c1ec57d34)", rejected.Item);
        Assert.Equal(ParseCodes.TimestampInvalid, rejected.Code);
        Assert.Equal("$[1].eventDateTime", rejected.Errors[0].Position);
    }

    [Fact]
    public void An_unknown_event_code_says_which_codes_are_known()
    {
        var json = """[{"eventID":"e1","eventType":"EQUIPMENT","eventClassifierCode":"ACT","eventDateTime":"2025-03-14T02:11:05+08:00","equipmentEventTypeCode":"RSEA","equipmentReference":"OOLU1882343","eventLocation":{"UNLocationCode":"CNTSN"}}]""";

        var rejected = Assert.Single(Parse(json).Rejected);

        Assert.Equal(ParseCodes.CodeUnmapped, rejected.Code);
        Assert.Contains("EQUIPMENT/GTIN", rejected.Errors[0].Expected);
    }

    [Fact]
    public void A_repeated_event_id_in_one_message_is_a_duplicate_item()
    {
        var single = """{"eventID":"e1","eventType":"EQUIPMENT","eventClassifierCode":"ACT","eventDateTime":"2025-03-14T02:11:05+08:00","equipmentEventTypeCode":"GTIN","equipmentReference":"OOLU1882343","eventLocation":{"UNLocationCode":"CNTSN"}}""";

        var result = Parse($"[{single},{single}]");

        Assert.Single(result.Events);
        Assert.Equal(ParseCodes.ItemDuplicate, Assert.Single(result.Rejected).Code);
    }
}
