using System.Collections.Frozen;
using TradeChain.Ingest.Formats.CargoXml;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Tests.Formats;

[Trait("Category", "Ingest")]
public sealed class CargoXmlParserTests
{
    private static readonly CargoXmlParser Parser = new();
    private static readonly TradeEventValidator Validator = new();

    private static ParseResult Parse(string xml) =>
        Parser.Parse(System.Text.Encoding.UTF8.GetBytes(xml), TestPartners.Context(TestPartners.AirCargoTerminal, Feed.TransportMovement));

    [Fact]
    public void An_XFSU_departure_becomes_a_Departed_event_with_flight_and_waybill()
    {
        var departed = Assert.Single(Parse(Samples.Text("cargo-xml/xfsu-departure.xml")).Events);

        Assert.Equal(TradeEventType.Departed, departed.EventType);
        Assert.Equal("99912345675", departed.References.MasterBill);
        Assert.Equal("CA1041", departed.References.FlightNumber);
        Assert.Equal(new DateOnly(2025, 3, 15), departed.References.FlightDate);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 13, 47, 0, TimeSpan.FromHours(8)), departed.OccurredAt);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 13, 52, 41, TimeSpan.FromHours(8)), departed.RecordedAt);
        Assert.Equal("CNPEK", departed.Port);
        Assert.Equal(TradeDirection.Export, departed.Direction);
        Assert.Equal(TransportMode.Air, departed.Mode);
        Assert.Equal(12L, departed.Attributes["pieces"].AsInt64());
        Assert.Equal("XFSU:99912345675:DEP:202503150547:CNPEK:CA1041", departed.SourceReference);
        Assert.Empty(Validator.Validate(departed, SampleEvents.Now));
    }

    [Fact]
    public void Each_reported_status_is_its_own_event()
    {
        var result = Parse(Samples.Text("cargo-xml/xfsu-import-arrival.xml"));

        Assert.Empty(result.Rejected);
        Assert.Equal([TradeEventType.Arrived, TradeEventType.ReceivedFromFlight, TradeEventType.NotifiedForDelivery], result.Events.Select(e => e.EventType));
        Assert.All(result.Events, e => Assert.Equal(TradeDirection.Import, e.Direction));
        Assert.All(result.Events, e => Assert.Equal("CNPVG", e.Port));
        Assert.Equal("PACTL WEST CARGO TERMINAL", result.Events[1].Location);
        Assert.Equal(1210m, result.Events[1].Attributes["gross_weight_kg"].AsDecimal());
        Assert.All(result.Events, e => Assert.Empty(Validator.Validate(e, SampleEvents.Now)));
    }

    [Fact]
    public void An_estimated_departure_is_refused_as_not_actual()
    {
        var xml = Samples.Text("cargo-xml/xfsu-departure.xml").Replace("<ram:DepartureDateTimeTypeCode>A<", "<ram:DepartureDateTimeTypeCode>E<", StringComparison.Ordinal);

        var rejected = Assert.Single(Parse(xml).Rejected);

        Assert.Equal("ReportedStatus 1 DEP", rejected.Item);
        Assert.Equal(ParseCodes.FieldInvalid, rejected.Code);
        Assert.Contains("DepartureDateTimeTypeCode", rejected.Errors[0].Position);
        Assert.Matches(@"^line \d+, column \d+ ", rejected.Errors[0].Position);
    }

    [Fact]
    public void A_bad_status_is_rejected_and_the_others_kept()
    {
        var xml = Samples.Text("cargo-xml/xfsu-import-arrival.xml").Replace("<ram:ReasonCode>RCF</ram:ReasonCode>", "<ram:ReasonCode>XYZ</ram:ReasonCode>", StringComparison.Ordinal);

        var result = Parse(xml);

        Assert.Equal(2, result.Events.Count);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("ReportedStatus 2 XYZ", rejected.Item);
        Assert.Equal(ParseCodes.CodeUnmapped, rejected.Code);
        Assert.Contains("ReportedStatus[2]/ReasonCode", rejected.Errors[0].Position);
    }

    [Fact]
    public void An_airport_without_a_mapping_is_named()
    {
        var xml = Samples.Text("cargo-xml/xfsu-departure.xml").Replace("<ram:ID>FRA</ram:ID>", "<ram:ID>MUC</ram:ID>", StringComparison.Ordinal);

        var rejected = Assert.Single(Parse(xml).Rejected);

        Assert.Equal(ParseCodes.LocationUnmapped, rejected.Code);
        Assert.Equal("'MUC'", rejected.Errors[0].Found);
    }

    [Fact]
    public void An_XFWB_issues_the_transport_document_with_sealed_consignee_and_declared_value()
    {
        var waybill = Assert.Single(Parse(Samples.Text("cargo-xml/xfwb-master-waybill.xml")).Events);

        Assert.Equal(TradeEventType.TransportDocumentIssued, waybill.EventType);
        Assert.Equal("XFWB:99912345675", waybill.SourceReference);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 10, 0, 0, TimeSpan.FromHours(8)), waybill.OccurredAt);
        Assert.Equal(TradeDirection.Export, waybill.Direction);
        Assert.Equal("CNPEK", waybill.Port);
        var details = waybill.Sensitive!.Plaintext!;
        Assert.Equal(12500.00m, details.DeclaredValue);
        Assert.Equal("USD", details.Currency);
        Assert.Equal("Beispiel Elektronik Vertrieb GmbH", details.ConsigneeName);
        Assert.Equal("Cargo City Süd, Gebäude 558, Frankfurt am Main, 60549, DE", details.ConsigneeAddress);
        Assert.Equal("+49 69 5550 1234", details.ConsigneeContact);
        Assert.Contains(waybill.Parties, p => p.Role == PartyRole.Shipper && p.Uscc == "91110105MA01XY83K6");
        Assert.Contains(waybill.Parties, p => p.Role == PartyRole.Forwarder);
        Assert.Equal("ELI,GEN", waybill.Attributes["iata.shc"].AsString());
        Assert.Empty(Validator.Validate(waybill, SampleEvents.Now));
    }

    [Fact]
    public void A_carrier_that_files_its_waybills_as_the_manifest_maps_XFWB_to_ManifestFiled()
    {
        var partner = TestPartners.AirCargoTerminal with
        {
            StatusCodes = new Dictionary<string, TradeEventType> { ["XFWB:740"] = TradeEventType.ManifestFiled }.ToFrozenDictionary(),
        };

        var result = Parser.Parse(Samples.Bytes("cargo-xml/xfwb-master-waybill.xml"), TestPartners.Context(partner, Feed.Manifest));

        var manifest = Assert.Single(result.Events);
        Assert.Equal(TradeEventType.ManifestFiled, manifest.EventType);
        Assert.Empty(Validator.Validate(manifest, SampleEvents.Now));
    }

    [Fact]
    public void A_DTD_is_refused_so_entities_cannot_expand()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <StatusMessage>&lol2;</StatusMessage>
            """;

        var rejected = Assert.Single(Parse(xml).Rejected);

        Assert.Equal(ParseCodes.XmlDtdProhibited, rejected.Code);
    }

    [Theory]
    [InlineData("<StatusMessage><MasterConsignment>", ParseCodes.XmlSyntax)]
    [InlineData("<Invoice/>", ParseCodes.XmlRoot)]
    [InlineData("<?xml version=\"1.0\" encoding=\"GB2312\"?><Waybill/>", ParseCodes.MessageEncoding)]
    [InlineData("<StatusMessage/>", ParseCodes.FieldMissing)]
    public void Broken_documents_are_coded(string xml, string code)
    {
        var rejected = Assert.Single(Parse(xml).Rejected);

        Assert.Equal(code, rejected.Code);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused()
    {
        var xml = string.Concat(Enumerable.Repeat("<a>", 100)) + string.Concat(Enumerable.Repeat("</a>", 100));

        var error = Assert.Single(Assert.Single(Parse(xml).Rejected).Errors);

        Assert.Equal(ParseCodes.XmlSyntax, error.Code);
        Assert.Equal("level 65", error.Found);
    }

    [Fact]
    public void A_deletion_cannot_unsay_a_waybill()
    {
        var xml = Samples.Text("cargo-xml/xfwb-master-waybill.xml").Replace("<ram:PurposeCode>Creation<", "<ram:PurposeCode>Deletion<", StringComparison.Ordinal);

        Assert.Equal(ParseCodes.FunctionUnsupported, Assert.Single(Parse(xml).Rejected).Code);
    }
}
