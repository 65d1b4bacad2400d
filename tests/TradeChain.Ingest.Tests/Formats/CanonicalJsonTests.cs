using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests.Formats;

[Trait("Category", "Ingest")]
public sealed class CanonicalJsonTests
{
    private static readonly CanonicalJsonParser Parser = new();

    /// <summary>The single-window partner as SampleEvents.SeaImport's member, so the sample parses to exactly that event.</summary>
    private static readonly ParseContext SeaImportContext = TestPartners.Context(
        TestPartners.SingleWindow with { MemberId = "tianjin-customs" }, Feed.CustomsStatus);

    private static ParseResult Parse(string json, ParseContext? context = null) =>
        Parser.Parse(System.Text.Encoding.UTF8.GetBytes(json), context ?? SeaImportContext);

    [Fact]
    public void The_sample_file_is_the_sample_sea_import_event()
    {
        var result = Parser.Parse(Samples.Bytes("tradechain-json/customs-release-and-tax.json"), SeaImportContext);

        Assert.Empty(result.Rejected);
        Assert.Equal(SampleEvents.SeaImport(), result.Events[0]);
        Assert.Equal(TradeEventType.TaxPaid, result.Events[1].EventType);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 57, 41, TimeSpan.FromHours(8)), result.Events[1].Attributes["paid_at_bank"].AsTimestamp());
        Assert.Equal(EventAttributeKind.Decimal, result.Events[1].Attributes["duty_cny"].Kind);
    }

    [Fact]
    public void Writing_then_parsing_gives_the_same_event() =>
        PropertyCheck.ForAll(TradeEventGenerators.TradeEvents(), generated =>
        {
            var tradeEvent = generated.Sensitive?.IsSealed == true ? generated with { Sensitive = null } : generated;
            var partner = TestPartners.SingleWindow with { MemberId = tradeEvent.MemberId, SourceSystem = tradeEvent.SourceSystem };
            var result = Parser.Parse(CanonicalJsonWriter.WriteMessage([tradeEvent]), new ParseContext(partner, tradeEvent.Feed, TestPartners.ReceivedAt));
            Assert.Empty(result.Rejected);
            Assert.Equal(tradeEvent, Assert.Single(result.Events));
        }, maxTest: 300);

    [Fact]
    public void Every_problem_of_an_event_is_reported_with_its_path_and_the_good_events_kept()
    {
        const string json = """
            {"schema": "tradechain.event/1", "events": [
              {"sourceReference": "ok-1", "eventType": "GateIn", "mode": "Sea", "direction": "Import", "port": "CNTSN",
               "occurredAt": "2025-03-14T10:32:00+08:00", "references": {"containers": ["CSQU3054383"]}},
              {"sourceReference": "bad-1", "eventType": "GateInn", "mode": "Boat", "direction": "Import", "port": "CNTSN",
               "occurredAt": "2025-03-14 10:32", "refrences": {}, "attributes": {"weight": [1, 2]}}
            ]}
            """;

        var result = Parse(json);

        Assert.Equal("ok-1", Assert.Single(result.Events).SourceReference);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("$.events[1]", rejected.Item);
        Assert.Equal(
            ["$.events[1].eventType", "$.events[1].mode", "$.events[1].occurredAt", "$.events[1].attributes.weight", "$.events[1].refrences"],
            rejected.Errors.Select(e => e.Position));
        Assert.Equal([ParseCodes.FieldInvalid, ParseCodes.FieldInvalid, ParseCodes.TimestampInvalid, ParseCodes.FieldInvalid, ParseCodes.FieldUnknown], rejected.Errors.Select(e => e.Code));
        Assert.Equal("'GateInn'", rejected.Errors[0].Found);
    }

    [Theory]
    [InlineData("""{"schema": "tradechain.event/2", "events": []}""", ParseCodes.JsonSchema)]
    [InlineData("""{"events": []}""", ParseCodes.FieldMissing)]
    [InlineData("""{"schema": "tradechain.event/1", "events": [], "events": []}""", ParseCodes.JsonSyntax)]
    [InlineData("""{"schema": "tradechain.event/1", "events": [,]}""", ParseCodes.JsonSyntax)]
    [InlineData("""[1, 2]""", ParseCodes.FieldInvalid)]
    [InlineData("   ", ParseCodes.MessageEmpty)]
    public void Unreadable_messages_are_rejected_whole(string json, string code)
    {
        var rejected = Assert.Single(Parse(json).Rejected);

        Assert.Equal(ParseResult.WholeMessage, rejected.Item);
        Assert.Equal(code, rejected.Code);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_a_syntax_error()
    {
        var json = string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40));

        Assert.Equal(ParseCodes.JsonSyntax, Assert.Single(Parse(json).Rejected).Code);
    }

    [Fact]
    public void A_syntax_error_names_line_and_byte()
    {
        var error = Assert.Single(Assert.Single(Parse("{\"schema\": \"tradechain.event/1\",\n  \"events\": [}").Rejected).Errors);

        Assert.Equal("line 2, byte 14", error.Position);
    }

    [Fact]
    public void A_partner_cannot_write_into_another_members_stream()
    {
        const string json = """{"schema": "tradechain.event/1", "events": [{"memberId": "someone-else", "sourceReference": "x", "eventType": "GateIn", "mode": "Sea", "direction": "Import", "port": "CNTSN", "occurredAt": "2025-03-14T10:32:00+08:00"}]}""";

        var error = Assert.Single(Assert.Single(Parse(json).Rejected).Errors);

        Assert.Equal("$.events[0].memberId", error.Position);
        Assert.Equal(ParseCodes.FieldInvalid, error.Code);
    }

    [Fact]
    public void Latin1_bytes_are_an_encoding_error()
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes("""{"schema": "tradechain.event/1", "events": [{"location": "Zürich"}]}""");

        var error = Assert.Single(Assert.Single(Parser.Parse(bytes, SeaImportContext).Rejected).Errors);

        Assert.Equal(ParseCodes.MessageEncoding, error.Code);
    }

    [Fact]
    public void Too_many_events_reject_the_message()
    {
        var context = SeaImportContext with { Limits = FormatLimits.Default with { MaxEventsPerMessage = 2 } };
        var json = System.Text.Encoding.UTF8.GetString(CanonicalJsonWriter.WriteMessage(SampleEvents.SeaImportSeries(3)));

        Assert.Equal(ParseCodes.MessageTooManyEvents, Assert.Single(Parse(json, context).Rejected).Code);
    }
}
