using TradeChain.Node.Configuration;
using TradeChain.Testing;

namespace TradeChain.Node.Tests;

/// <summary>The node's config explains every problem in plain language before anything starts, and the environment overrides the file.</summary>
[Trait("Category", "Node")]
public sealed class NodeOptionsTests
{
    [Fact]
    public void an_empty_config_lists_everything_missing()
    {
        var errors = new NodeOptions { Node = new NodeSection { MemberId = "", ExpectedGenesisHash = "" } }.Validate();
        Assert.Contains(errors, e => e.StartsWith("node.memberId is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("node.expectedGenesisHash is required: a node must refuse", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("node.adminToken must be at least 32 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void limits_and_endpoints_are_checked_against_each_other()
    {
        var options = Valid();
        options.Listen.Client = options.Listen.Peer;
        options.Mempool.MaxBatchesPerMember = options.Mempool.MaxBatches + 1;
        options.Consensus.RebroadcastIntervalMs = 1;
        options.Node.ExpectedGenesisHash = "sm3:nothex";
        var errors = options.Validate();
        Assert.Contains(errors, e => e.Contains("must use different ports", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("cannot exceed mempool.maxBatches", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("consensus.rebroadcastIntervalMs must be 50..60000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("node.expectedGenesisHash: digest hex must be 64", StringComparison.Ordinal));
        Assert.Empty(Valid().Validate());
    }

    [Fact]
    public void plaintext_needs_no_transport_certificate()
    {
        var options = Valid();
        options.Node.TransportCertificateFile = "";
        Assert.Contains(options.Validate(), e => e.StartsWith("node.transportCertificateFile is required", StringComparison.Ordinal));
        options.Transport.PlaintextForLocalDevelopment = true;
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void environment_variables_override_the_file_and_paths_resolve_against_it()
    {
        using var temp = new TempDirectory();
        var file = temp.File("node.json");
        File.WriteAllText(file, """{ "node": { "memberId": "from-file", "dataDirectory": "data" }, "listen": { "client": "127.0.0.1:7201" } }""");
        var options = NodeOptions.Load(file, new Dictionary<string, string?> { ["listen:client"] = "127.0.0.1:9999" });
        Assert.Equal("from-file", options.Node.MemberId);
        Assert.Equal("127.0.0.1:9999", options.Listen.Client);
        Assert.Equal(Path.Combine(temp.Path, "data"), options.Resolve(options.Node.DataDirectory));
        Assert.Throws<FileNotFoundException>(() => NodeOptions.Load(temp.File("missing.json")));
    }

    private static NodeOptions Valid() => new()
    {
        Node = new NodeSection
        {
            MemberId = "customs",
            ExpectedGenesisHash = "sm3:" + new string('a', 64),
            AdminToken = new string('t', 48),
        },
        Listen = new ListenSection { Peer = "127.0.0.1:7100", Client = "127.0.0.1:7200" },
    };
}
