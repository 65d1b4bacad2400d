using System.Collections.Frozen;
using TradeChain.Ingest.Formats.Edifact;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Tests.Formats;

[Trait("Category", "Ingest")]
public sealed class EdifactParserTests
{
    private static readonly EdifactParser Parser = new();
    private static readonly TradeEventValidator Validator = new();

    private static ParseResult Parse(string text, Feed feed = Feed.PortGate) =>
        Parser.Parse(System.Text.Encoding.UTF8.GetBytes(text), TestPartners.Context(TestPartners.TerminalGate, feed));

    [Fact]
    public void A_CODECO_interchange_becomes_one_gate_event_per_container()
    {
        var result = Parser.Parse(Samples.Bytes("edifact/codeco-gate-in-out.edi"), TestPartners.Context(TestPartners.TerminalGate, Feed.PortGate));

        Assert.Empty(result.Rejected);
        Assert.Equal(3, result.Events.Count);
        var first = result.Events[0];
        Assert.Equal(TradeEventType.GateIn, first.EventType);
        Assert.Equal("CODECO:GI20250314000187:CSQU3054383", first.SourceReference);
        Assert.Equal(["CSQU3054383"], first.References.Containers);
        Assert.Equal("EGLV142500012345", first.References.MasterBill);
        Assert.Equal("津A12345", first.References.VehicleRegistration);
        Assert.Equal("9811000", first.References.VesselImo);
        Assert.Equal("EVER GIVEN", first.References.VesselName);
        Assert.Equal("1125W", first.References.VoyageNumber);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 32, 0, TimeSpan.FromHours(8)), first.OccurredAt);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 45, 0, TimeSpan.FromHours(8)), first.RecordedAt);
        Assert.Equal(TradeDirection.Import, first.Direction);
        Assert.Equal("CNTSN", first.Port);
        Assert.Equal("PCT", first.Location);
        Assert.Equal(24500m, first.Attributes["gross_weight_kg"].AsDecimal());
        Assert.Equal("EMC4412876", first.Attributes["seals"].AsString());
        Assert.Equal("full", first.Attributes["full_empty"].AsString());
        Assert.Equal(16750.5m, result.Events[1].Attributes["gross_weight_kg"].AsDecimal());

        var gateOut = result.Events[2];
        Assert.Equal(TradeEventType.GateOut, gateOut.EventType);
        Assert.Equal(TradeDirection.Export, gateOut.Direction);
        Assert.Equal("COSU8801234567", gateOut.References.BookingNumber);
        Assert.Equal("冀B55123", gateOut.References.VehicleRegistration);
        Assert.All(result.Events, e => Assert.Empty(Validator.Validate(e, SampleEvents.Now)));
    }

    [Fact]
    public void UNA_appoints_other_separators_and_the_release_character_escapes_them()
    {
        var result = Parser.Parse(Samples.Bytes("edifact/codeco-custom-separators.edi"), TestPartners.Context(TestPartners.TerminalGate, Feed.PortGate));

        var gateIn = Assert.Single(result.Events);
        Assert.Empty(result.Rejected);
        Assert.Equal(["OOLU1882343"], gateIn.References.Containers);
        Assert.Equal("COSU6123456780", gateIn.References.MasterBill);
        Assert.Equal("津A12345", gateIn.References.VehicleRegistration);
        Assert.Contains(gateIn.Parties, p => p.Role == PartyRole.Carrier && p.Uscc == "91120222MA05TR9X1T");
    }

    [Fact]
    public void The_release_character_keeps_a_separator_as_data()
    {
        var result = Parse(Codeco("NAD+CF+TERMINAL?+PORT?:1?'S?? CODE"));

        Assert.Empty(result.Rejected);
        var gateIn = result.Events[0];
        Assert.Equal("TERMINAL+PORT:1'S? CODE", gateIn.Attributes["party.cf"].AsString());
    }

    [Fact]
    public void A_message_with_a_wrong_UNT_count_is_rejected_and_its_neighbours_kept()
    {
        var text = Interchange(CodecoMessage("1", "CSQU3054383", extraSegments: 0), CodecoMessage("2", "MSKU9070323", extraSegments: 0, untAdjust: 1));

        var result = Parse(text);

        Assert.Equal(2, result.Events.Count);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("message 2 (UNH 2)", rejected.Item);
        Assert.Equal(ParseCodes.EdifactCountMismatch, rejected.Code);
        Assert.StartsWith("segment 21 UNT", rejected.Errors[0].Position);
        Assert.Contains("found UNT count '11'", rejected.Errors[0].Message);
    }

    [Fact]
    public void A_wrong_UNZ_count_rejects_the_whole_interchange()
    {
        var text = Interchange(CodecoMessage("1", "CSQU3054383")).Replace("UNZ+1+", "UNZ+2+", StringComparison.Ordinal);

        var rejected = Assert.Single(Parse(text).Rejected);

        Assert.Equal(ParseResult.WholeMessage, rejected.Item);
        Assert.Equal(ParseCodes.EdifactCountMismatch, rejected.Code);
    }

    [Fact]
    public void A_truncated_interchange_is_rejected_with_the_position_where_it_ends()
    {
        var text = Interchange(CodecoMessage("1", "CSQU3054383"));
        var truncated = text[..text.IndexOf("DTM+7", StringComparison.Ordinal)] + "DTM+7:2025031";

        var error = Assert.Single(Assert.Single(Parse(truncated).Rejected).Errors);

        Assert.Equal(ParseCodes.EdifactSyntax, error.Code);
        Assert.StartsWith("segment 6 ", error.Position);
        Assert.Contains("truncated", error.Found);
    }

    [Fact]
    public void A_mismatched_control_reference_is_named()
    {
        var text = Interchange(CodecoMessage("1", "CSQU3054383")).Replace("UNZ+1+TJ0001", "UNZ+1+TJ0002", StringComparison.Ordinal);

        var error = Assert.Single(Assert.Single(Parse(text).Rejected).Errors);

        Assert.Equal(ParseCodes.EdifactReferenceMismatch, error.Code);
        Assert.Contains("'TJ0001'", error.Expected);
        Assert.Equal("'TJ0002'", error.Found);
    }

    [Fact]
    public void UNOA_with_non_ASCII_bytes_is_an_encoding_error()
    {
        var text = Interchange(CodecoMessage("1", "CSQU3054383")).Replace("UNOW:4", "UNOA:2", StringComparison.Ordinal);

        var error = Assert.Single(Assert.Single(Parse(text).Rejected).Errors);

        Assert.Equal(ParseCodes.MessageEncoding, error.Code);
        Assert.StartsWith("byte ", error.Position);
    }

    [Fact]
    public void UNOW_with_invalid_UTF8_is_an_encoding_error_at_the_byte()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Interchange(CodecoMessage("1", "CSQU3054383")));
        var at = Array.IndexOf(bytes, (byte)'B', 20);
        bytes[at] = 0xC3;

        var error = Assert.Single(Assert.Single(Parser.Parse(bytes, TestPartners.Context(TestPartners.TerminalGate, Feed.PortGate)).Rejected).Errors);

        Assert.Equal(ParseCodes.MessageEncoding, error.Code);
        Assert.Equal($"byte {at}", error.Position);
    }

    [Fact]
    public void A_byte_order_mark_before_the_interchange_is_ignored()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Interchange(CodecoMessage("1", "CSQU3054383")))];

        Assert.Equal(2, Parser.Parse(bytes, TestPartners.Context(TestPartners.TerminalGate, Feed.PortGate)).Events.Count);
    }

    [Fact]
    public void A_bad_equipment_group_is_rejected_alone()
    {
        var result = Parse(Interchange(CodecoMessage("1", "CSQU3054383", badSecondDate: true)));

        Assert.Single(result.Events);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("message 1 (UNH 1 CODECO), EQD 2 MSKU9070323", rejected.Item);
        Assert.Equal(ParseCodes.TimestampInvalid, rejected.Code);
        Assert.Contains("element 1, component 2", rejected.Errors[0].Position);
        Assert.Equal("'202513141039'", rejected.Errors[0].Found);
    }

    [Fact]
    public void An_unknown_document_code_is_unmapped_unless_the_partner_maps_it()
    {
        var text = Interchange(CodecoMessage("1", "CSQU3054383").Replace("BGM+34+", "BGM+99+", StringComparison.Ordinal));

        var rejected = Assert.Single(Parse(text).Rejected);
        Assert.Equal(ParseCodes.CodeUnmapped, rejected.Code);
        Assert.Contains("34, 36", rejected.Errors[0].Expected);

        var mapped = TestPartners.TerminalGate with
        {
            StatusCodes = new Dictionary<string, TradeEventType> { ["CODECO:99"] = TradeEventType.GateIn }.ToFrozenDictionary(),
        };
        var result = Parser.Parse(System.Text.Encoding.UTF8.GetBytes(text), TestPartners.Context(mapped, Feed.PortGate));
        Assert.Equal(2, result.Events.Count);
    }

    [Fact]
    public void A_cancellation_is_refused_and_a_replacement_is_a_new_report()
    {
        var cancelled = Parse(Interchange(CodecoMessage("1", "CSQU3054383").Replace("+9'", "+1'", StringComparison.Ordinal)));
        Assert.Equal(ParseCodes.FunctionUnsupported, Assert.Single(cancelled.Rejected).Code);

        var replaced = Parse(Interchange(CodecoMessage("7", "CSQU3054383").Replace("+9'", "+5'", StringComparison.Ordinal)));
        Assert.Equal("CODECO:GI7:CSQU3054383:RTJ0001.7", replaced.Events[0].SourceReference);
    }

    [Fact]
    public void An_unsupported_message_type_is_rejected_by_name()
    {
        var text = Interchange(CodecoMessage("1", "CSQU3054383").Replace("CODECO:D:95B:UN", "IFTSTA:D:99B:UN", StringComparison.Ordinal));

        var rejected = Assert.Single(Parse(text).Rejected);

        Assert.Equal(ParseCodes.EdifactMessageType, rejected.Code);
        Assert.Contains("CODECO, CUSCAR, CUSRES", rejected.Errors[0].Expected);
    }

    [Theory]
    [InlineData("UNA:+", ParseCodes.EdifactServiceString)]
    [InlineData("UNA:::? 'UNB+UNOC:3+A+B+250314:1045+1'UNZ+0+1'", ParseCodes.EdifactServiceString)]
    [InlineData("UNB+UNOZ:3+A+B+250314:1045+1'UNZ+0+1'", ParseCodes.EdifactEnvelope)]
    [InlineData("UNH+1+CODECO:D:95B:UN'UNT+2+1'", ParseCodes.EdifactEnvelope)]
    [InlineData("UNB+UNOC:3+A+B+250314:1045+1'UNG+X'UNZ+0+1'", ParseCodes.EdifactEnvelope)]
    [InlineData("UNB+UNOC:3+A+B+250314:1045+1'bgm+34'UNZ+0+1'", ParseCodes.EdifactSyntax)]
    [InlineData("UNB+UNOC:3+A+B+250314:1045+1'UNZ+0+1?", ParseCodes.EdifactSyntax)]
    [InlineData("", ParseCodes.MessageEmpty)]
    public void Broken_envelopes_and_syntax_are_coded(string text, string code)
    {
        var rejected = Assert.Single(Parse(text).Rejected);

        Assert.Equal(ParseResult.WholeMessage, rejected.Item);
        Assert.Equal(code, rejected.Code);
    }

    [Fact]
    public void Oversized_interchanges_are_refused_before_reading()
    {
        var context = TestPartners.Context(TestPartners.TerminalGate, Feed.PortGate) with { Limits = FormatLimits.Default with { MaxMessageBytes = 100 } };

        var rejected = Assert.Single(Parser.Parse(Samples.Bytes("edifact/codeco-gate-in-out.edi"), context).Rejected);

        Assert.Equal(ParseCodes.MessageTooLarge, rejected.Code);
    }

    [Fact]
    public void CUSRES_statuses_become_customs_events_and_errors_a_rejection()
    {
        var result = Parser.Parse(Samples.Bytes("edifact/cusres-release-reject-inspect.edi"), TestPartners.Context(TestPartners.Customs, Feed.CustomsStatus));

        Assert.Empty(result.Rejected);
        Assert.Equal([TradeEventType.Released, TradeEventType.DeclarationRejected, TradeEventType.InspectionOrdered], result.Events.Select(e => e.EventType));
        var released = result.Events[0];
        Assert.Equal("020220251000012345", released.References.DeclarationNumber);
        Assert.Equal(TradeDirection.Import, released.Direction);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 32, 15, TimeSpan.FromHours(8)), released.OccurredAt);
        Assert.Equal(["CSQU3054383", "MSKU9070323"], released.References.Containers);
        Assert.Contains(released.Parties, p => p.Role == PartyRole.Declarant);
        Assert.Equal("CUSRES:REL-020220251000012345:REL", released.SourceReference);
        var rejected = result.Events[1];
        Assert.Equal("E0417,E0522", rejected.Attributes["customs.error_codes"].AsString());
        Assert.Contains("REFERENCE PRICE", rejected.Attributes["customs.remarks"].AsString());
        Assert.All(result.Events, e => Assert.Empty(Validator.Validate(e, SampleEvents.Now)));
    }

    [Fact]
    public void CUSCAR_files_one_manifest_event_per_bill_with_sealed_consignee_details()
    {
        var result = Parser.Parse(Samples.Bytes("edifact/cuscar-sea-import-manifest.edi"), TestPartners.Context(TestPartners.CarrierManifest, Feed.Manifest));

        Assert.Empty(result.Rejected);
        Assert.Equal(2, result.Events.Count);
        var first = result.Events[0];
        Assert.Equal(TradeEventType.ManifestFiled, first.EventType);
        Assert.Equal(TradeDirection.Import, first.Direction);
        Assert.Equal("CNTSN", first.Port);
        Assert.Equal("EGLV142500012345", first.References.MasterBill);
        Assert.Equal(["TJHB250001"], first.References.HouseBills);
        Assert.Equal(["CSQU3054383", "MSKU9070323"], first.References.Containers);
        Assert.Equal(1480L, first.Attributes["packages"].AsInt64());
        Assert.Equal("天津滨海示例进出口有限公司", first.Sensitive!.Plaintext!.ConsigneeName);
        Assert.Equal("示例路 88 号, 天津市, 300450, CN", first.Sensitive.Plaintext.ConsigneeAddress);
        Assert.Contains(first.Parties, p => p.Role == PartyRole.Consignee && p.Uscc == "91120116MA05JJ8B4G");
        Assert.All(result.Events, e => Assert.Empty(Validator.Validate(e, SampleEvents.Now)));
    }

    [Fact]
    public void A_replaced_CUSCAR_amends_the_manifest()
    {
        var text = Samples.Text("edifact/cuscar-sea-import-manifest.edi").Replace("BGM+785+EGLV-1125W-CNTSN+9", "BGM+785+EGLV-1125W-CNTSN+5", StringComparison.Ordinal);

        var result = Parser.Parse(System.Text.Encoding.UTF8.GetBytes(text), TestPartners.Context(TestPartners.CarrierManifest, Feed.Manifest));

        Assert.All(result.Events, e => Assert.Equal(TradeEventType.ManifestAmended, e.EventType));
        Assert.All(result.Events, e => Assert.EndsWith(":REG2503100001.M0001", e.SourceReference));
    }

    private static string Codeco(string extraHeaderSegment) => Interchange(CodecoMessage("1", "CSQU3054383", header: extraHeaderSegment));

    /// <summary>A CODECO gate-in with two containers; the first is <paramref name="container"/>.</summary>
    private static string CodecoMessage(string reference, string container, int extraSegments = 0, int untAdjust = 0, bool badSecondDate = false, string? header = null)
    {
        List<string> body =
        [
            $"BGM+34+GI{reference}+9",
            "DTM+137:202503141045:203",
        ];
        if (header is not null)
        {
            body.Add(header);
        }
        body.AddRange([
            $"EQD+CN+{container}+45G1:102:5++3+5",
            "DTM+7:202503141032:203",
            "LOC+165+CNTSN:139:6",
            "EQD+CN+MSKU9070323+22G1:102:5++3+5",
            $"DTM+7:{(badSecondDate ? "202513141039" : "202503141039")}:203",
            "TDT+1++3+31++++津A12345",
        ]);
        var segments = new List<string> { $"UNH+{reference}+CODECO:D:95B:UN" };
        segments.AddRange(body);
        segments.Add($"UNT+{segments.Count + 1 + untAdjust + extraSegments}+{reference}");
        return string.Concat(segments.Select(s => s + "'\n"));
    }

    private static string Interchange(params string[] messages) =>
        $"UNA:+.? '\nUNB+UNOW:4+TJPCT:ZZZ+TRADECHAIN:ZZZ+250314:1045+TJ0001'\n{string.Concat(messages)}UNZ+{messages.Length}+TJ0001'\n";
}
