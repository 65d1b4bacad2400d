using FsCheck;
using FsCheck.Fluent;
using TradeChain.Ingest.Formats.CargoXml;
using TradeChain.Ingest.Formats.Dcsa;
using TradeChain.Ingest.Formats.Edifact;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests.Formats;

/// <summary>
/// Parsers never throw on any input: they return events and coded errors. Inputs are random
/// bytes, and — since random bytes rarely get past the first check — the sample files truncated,
/// with bytes flipped, spliced and repeated, which reach deep into every parser.
/// </summary>
[Trait("Category", "Ingest")]
public sealed class ParserRobustnessTests
{
    private static readonly (IFeedParser Parser, string Sample, ParseContext Context)[] Cases =
    [
        (new EdifactParser(), "edifact/codeco-gate-in-out.edi", TestPartners.Context(TestPartners.TerminalGate, Feed.PortGate)),
        (new EdifactParser(), "edifact/codeco-custom-separators.edi", TestPartners.Context(TestPartners.TerminalGate, Feed.PortGate)),
        (new EdifactParser(), "edifact/cusres-release-reject-inspect.edi", TestPartners.Context(TestPartners.Customs, Feed.CustomsStatus)),
        (new EdifactParser(), "edifact/cuscar-sea-import-manifest.edi", TestPartners.Context(TestPartners.CarrierManifest, Feed.Manifest)),
        (new CargoXmlParser(), "cargo-xml/xfsu-departure.xml", TestPartners.Context(TestPartners.AirCargoTerminal, Feed.TransportMovement)),
        (new CargoXmlParser(), "cargo-xml/xfsu-import-arrival.xml", TestPartners.Context(TestPartners.AirCargoTerminal, Feed.TransportMovement)),
        (new CargoXmlParser(), "cargo-xml/xfwb-master-waybill.xml", TestPartners.Context(TestPartners.AirCargoTerminal, Feed.Manifest)),
        (new DcsaEventParser(), "dcsa/tnt-events.json", TestPartners.Context(TestPartners.CarrierDcsa, Feed.TransportMovement)),
        (new CanonicalJsonParser(), "tradechain-json/customs-release-and-tax.json", TestPartners.Context(TestPartners.SingleWindow, Feed.CustomsStatus)),
    ];

    public static TheoryData<int> CaseIndexes => new(Enumerable.Range(0, Cases.Length));

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Mutated_samples_give_events_or_coded_errors_never_exceptions(int caseIndex)
    {
        var (parser, sample, context) = Cases[caseIndex];
        var original = Samples.Bytes(sample);
        PropertyCheck.ForAll(Mutations(original), 300, bytes => AssertWellBehaved(parser.Parse(bytes, context)));
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Random_bytes_give_coded_errors_never_exceptions(int caseIndex)
    {
        var (parser, _, context) = Cases[caseIndex];
        PropertyCheck.ForAll(TradeEventGenerators.Bytes(0, 300), 200, bytes => AssertWellBehaved(parser.Parse(bytes, context)));
    }

    [Fact]
    public void The_registration_parser_never_throws_either()
    {
        var parser = new VehicleRegistrationParser();
        PropertyCheck.ForAll(Mutations(Samples.Bytes("vehicles/registrations.json")), 300, bytes =>
        {
            var result = parser.Parse(bytes, TestPartners.PortVehicles, FormatLimits.Default);
            Assert.All(result.Rejected, r => Assert.NotEmpty(r.Errors));
        });
    }

    private static void AssertWellBehaved(ParseResult result)
    {
        Assert.All(result.Rejected, r =>
        {
            Assert.NotEmpty(r.Errors);
            Assert.All(r.Errors, e => Assert.False(string.IsNullOrEmpty(e.Code) || string.IsNullOrEmpty(e.Position)));
        });
    }

    private static Gen<byte[]> Mutations(byte[] original) => Gen.OneOf(
        from cut in Gen.Choose(0, original.Length)
        select original[..cut],
        from count in Gen.Choose(1, 8)
        from positions in Gen.ArrayOf(Gen.Choose(0, original.Length - 1), count)
        from values in Gen.ArrayOf(Gen.Choose(0, 255), count)
        select Flip(original, positions, values),
        from start in Gen.Choose(0, original.Length - 1)
        from length in Gen.Choose(1, 200)
        from at in Gen.Choose(0, original.Length)
        select Splice(original, start, length, at),
        from specials in Gen.ArrayOf(Gen.Elements("'", "+", ":", "?", "<", ">", "\"", "{", "}", "[", "]", ",", "&", "\u00e9", "津", "\n"), 4)
        from at in Gen.Choose(0, original.Length)
        select Insert(original, at, System.Text.Encoding.UTF8.GetBytes(string.Concat(specials))));

    private static byte[] Flip(byte[] original, int[] positions, int[] values)
    {
        var copy = (byte[])original.Clone();
        for (var i = 0; i < positions.Length; i++)
        {
            copy[positions[i]] = (byte)values[i];
        }
        return copy;
    }

    private static byte[] Splice(byte[] original, int start, int length, int at)
    {
        var piece = original.AsSpan(start, Math.Min(length, original.Length - start)).ToArray();
        return Insert(original, at, piece);
    }

    private static byte[] Insert(byte[] original, int at, byte[] piece) => [.. original[..at], .. piece, .. original[at..]];
}
