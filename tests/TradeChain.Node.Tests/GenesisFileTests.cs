using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Genesis;
using TradeChain.Testing;

namespace TradeChain.Node.Tests;

/// <summary>The genesis file: a readable form of one canonical encoding whose hash names the network.</summary>
[Trait("Category", "Node")]
public sealed class GenesisFileTests : IDisposable
{
    private readonly TestChain _chain = new();

    [Fact]
    public void the_file_round_trips_to_the_same_canonical_bytes_and_hash()
    {
        var text = GenesisFile.Write(_chain.Configuration);
        var read = GenesisFile.Read(text);
        Assert.Equal(_chain.Configuration.Encode(), read.Encode());
        Assert.Equal(_chain.Configuration.Hash(), read.Hash());
        Assert.Contains($"\"genesisHash\": \"{_chain.Configuration.Hash()}\"", text);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", text);
    }

    [Fact]
    public void the_hash_moves_with_every_field_that_matters()
    {
        var c = _chain.Configuration;
        NetworkConfiguration[] variants =
        [
            c with { ChainId = "other" },
            c with { GenesisTimeMs = c.GenesisTimeMs + 1 },
            c with { Validators = c.Validators.Select(v => v with { Power = 2 }).ToArray() },
            c with { Consensus = c.Consensus with { ProposeTimeoutMs = 2000 } },
            c with { Governance = new GovernanceRule(2, 3) },
            c with { Members = c.Members.Select(m => m with { Address = "https://10.9.9.9:7100" }).ToArray() },
        ];
        Assert.Equal(variants.Length + 1, variants.Select(v => v.Hash()).Append(c.Hash()).Distinct().Count());
    }

    [Fact]
    public void an_edited_file_is_caught_by_its_own_hash_and_a_bad_one_says_why()
    {
        var text = GenesisFile.Write(_chain.Configuration);
        var edited = text.Replace("\"power\": 1", "\"power\": 5", StringComparison.Ordinal);
        Assert.Contains("the file was edited after it was made", Assert.Throws<FormatException>(() => GenesisFile.Read(edited)).Message);
        var noValidators = _chain.Configuration with { Validators = [new ValidatorSeat("nobody", 1)] };
        Assert.Equal("validator 'nobody' is not a member", noValidators.Check());
        Assert.Throws<FormatException>(() => GenesisFile.Read("""{ "format": "tradechain.genesis/0" }"""));
    }

    [Fact]
    public void a_node_refuses_to_start_on_a_genesis_it_did_not_agree_to()
    {
        using var temp = new TempDirectory();
        var dir = temp.Sub("node");
        Cluster.NodeCluster.Cli("node", "init", "--dir", dir, "--member", "customs", "--suite", "intl", "--plaintext",
            "--peer-listen", "127.0.0.1:17001", "--client-listen", "127.0.0.1:17002");
        Cluster.NodeCluster.Cli("genesis", "--chain-id", "mine", "--suite", "intl", "--node", dir, "--out", temp.File("genesis.json"));
        Cluster.NodeCluster.Cli("node", "init", "--dir", dir, "--genesis", temp.File("genesis.json"));
        // Someone swaps the genesis file for another network's.
        Cluster.NodeCluster.Cli("genesis", "--chain-id", "theirs", "--suite", "intl", "--node", dir, "--out", Path.Combine(dir, "genesis.json"));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.TradeChainCli.Run(["node", "run", "--config", Path.Combine(dir, "node.json")], output, error);
        Assert.Equal(2, code);
        Assert.Contains("refusing to join a network it did not agree to", error.ToString());
        Assert.False(Directory.Exists(Path.Combine(dir, "data", "ledger")), "nothing may be opened before the genesis check");
    }

    public void Dispose() => _chain.Dispose();
}
