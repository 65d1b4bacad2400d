using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TradeChain.Ingest.Hosting;
using TradeChain.Ingest.Kafka;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests.Pipeline;

[Trait("Category", "Ingest")]
public sealed class IngestOptionsTests
{
    private static readonly Dictionary<string, string?> Configuration = new()
    {
        ["Ingest:MemberId"] = "tianjin-port",
        ["Ingest:BootstrapServers"] = "kafka-1:9092,kafka-2:9092",
        ["Ingest:Topics:PortGate"] = "tjport.gate",
        ["Ingest:BatchMaxEvents"] = "200",
        ["Ingest:Kafka:security.protocol"] = "SSL",
        ["Ingest:Partners:0:PartnerId"] = "tjpct-gate",
        ["Ingest:Partners:0:SourceSystem"] = "tjpct-gos",
        ["Ingest:Partners:0:DefaultPort"] = "CNTSN",
        ["Ingest:Partners:0:DefaultMode"] = "Sea",
        ["Ingest:Partners:0:StatusCodes:0:Code"] = "CODECO:98",
        ["Ingest:Partners:0:StatusCodes:0:EventType"] = "GateIn",
        ["Ingest:Partners:0:LocationCodes:TJPCT"] = "CNTSN",
        ["Ingest:SensitiveKey"] = Convert.ToBase64String(new byte[16]),
    };

    [Fact]
    public void Options_bind_from_configuration_with_defaults_for_the_rest()
    {
        var options = Bind(Configuration);

        Assert.Empty(options.Validate());
        Assert.Equal("tradechain-ingest-tianjin-port", options.ConsumerGroup);
        Assert.Equal(Feed.PortGate, options.Topics.ByTopic()["tjport.gate"]);
        Assert.Equal(Feed.Manifest, options.Topics.ByTopic()["tradechain.manifests"]);
        Assert.Equal("SSL", options.Kafka["security.protocol"]);
        var profile = Assert.Single(options.BuildProfiles());
        Assert.Equal("tianjin-port", profile.MemberId);
        Assert.Equal(TradeEventType.GateIn, profile.StatusCodes["CODECO:98"]);
        Assert.Equal("CNTSN", profile.Locode("TJPCT"));
    }

    [Fact]
    public void Every_problem_is_named_in_plain_words()
    {
        var options = Bind(new Dictionary<string, string?>(Configuration)
        {
            ["Ingest:MemberId"] = "",
            ["Ingest:BatchMaxBytes"] = "1000",
            ["Ingest:Topics:Tax"] = "tjport.gate",
            ["Ingest:Partners:0:DefaultPort"] = "Tianjin",
            ["Ingest:Partners:0:StatusCodes:0:Code"] = "98",
        });

        var problems = options.Validate();

        Assert.Contains(problems, p => p.StartsWith("member id is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("batch max bytes must hold the largest valid event", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("each feed needs its own topic", StringComparison.Ordinal));
        Assert.Contains(problems, p => p == "partner tjpct-gate: default port 'Tianjin' is not a UN/LOCODE");
        Assert.Contains(problems, p => p.Contains("needs the form FORMAT:code", StringComparison.Ordinal));
    }

    [Fact]
    public void The_host_refuses_to_start_with_bad_options()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(Configuration) { ["Ingest:BootstrapServers"] = "" }).Build().GetSection(IngestOptions.SectionName);
        using var provider = new ServiceCollection().AddTradeChainIngest(section).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IngestOptions>>().Value);

        Assert.Contains("bootstrap servers are required", failure.Message);
    }

    private static IngestOptions Bind(Dictionary<string, string?> values)
    {
        var options = new IngestOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(IngestOptions.SectionName).Bind(options);
        return options;
    }
}
