using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Pipeline;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests.Formats;

/// <summary>The published samples stay honest: each parses and validates cleanly, and docs/samples matches the test copies.</summary>
[Trait("Category", "Ingest")]
public sealed class SampleFilesTests
{
    /// <summary>Sample file → the partner that sends it, its format and the feed it arrives on.</summary>
    public static TheoryData<string, string, FeedFormat, Feed> SampleFiles => new()
    {
        { "edifact/codeco-gate-in-out.edi", TestPartners.TerminalGate.PartnerId, FeedFormat.Edifact, Feed.PortGate },
        { "edifact/codeco-custom-separators.edi", TestPartners.TerminalGate.PartnerId, FeedFormat.Edifact, Feed.PortGate },
        { "edifact/cusres-release-reject-inspect.edi", TestPartners.Customs.PartnerId, FeedFormat.Edifact, Feed.CustomsStatus },
        { "edifact/cuscar-sea-import-manifest.edi", TestPartners.CarrierManifest.PartnerId, FeedFormat.Edifact, Feed.Manifest },
        { "cargo-xml/xfsu-departure.xml", TestPartners.AirCargoTerminal.PartnerId, FeedFormat.CargoXml, Feed.TransportMovement },
        { "cargo-xml/xfsu-import-arrival.xml", TestPartners.AirCargoTerminal.PartnerId, FeedFormat.CargoXml, Feed.TransportMovement },
        { "cargo-xml/xfwb-master-waybill.xml", TestPartners.AirCargoTerminal.PartnerId, FeedFormat.CargoXml, Feed.Manifest },
        { "dcsa/tnt-events.json", TestPartners.CarrierDcsa.PartnerId, FeedFormat.DcsaTrackAndTrace, Feed.TransportMovement },
        { "tradechain-json/customs-release-and-tax.json", TestPartners.SingleWindow.PartnerId, FeedFormat.CanonicalJson, Feed.CustomsStatus },
        { "vehicles/registrations.json", TestPartners.PortVehicles.PartnerId, FeedFormat.VehicleRegistration, Feed.PortGate },
    };

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Each_sample_parses_and_validates_without_a_rejection(string sample, string partner, FeedFormat format, Feed feed)
    {
        var pipeline = new FeedPipeline(TestPartners.All, new VehicleRegistry());
        var message = new IncomingMessage(new SourcePosition("t", 0, 0), null, Samples.Bytes(sample), partner, FeedFormats.Name(format), TestPartners.ReceivedAt);

        var outcome = pipeline.Process(message, feed, SampleEvents.Now);

        Assert.Empty(outcome.Rejections);
        Assert.True(outcome.Events.Count + outcome.RegistrationsApplied > 0);
    }

    [Fact]
    public void Every_sample_file_is_listed_above()
    {
        var listed = SampleFiles.Select(row => ((ITheoryDataRow)row).GetData()[0] as string).Order(StringComparer.Ordinal);

        Assert.Equal(Samples.All().Where(p => !p.EndsWith(".md", StringComparison.Ordinal)), listed);
    }

    [Fact]
    public void The_documentation_samples_are_the_tested_samples()
    {
        var docs = Path.Combine(Samples.RepositoryRoot(), "docs", "samples");

        foreach (var sample in Samples.All())
        {
            var published = Path.Combine(docs, sample);
            Assert.True(File.Exists(published), $"docs/samples/{sample} is missing");
            Assert.Equal(Samples.Bytes(sample), File.ReadAllBytes(published));
        }
    }
}
