namespace TradeChain.Cli.Tests;

/// <summary>Every node and governance command explains itself with --help and refuses incomplete use with exit 2.</summary>
[Trait("Category", "Cli")]
public sealed class NodeCommandsHelpTests
{
    [Theory]
    [InlineData("genesis")]
    [InlineData("node", "init")]
    [InlineData("node", "run")]
    [InlineData("node", "status")]
    [InlineData("gov", "propose")]
    [InlineData("gov", "sign")]
    [InlineData("gov", "submit")]
    public void each_command_has_help(params string[] command)
    {
        var result = CliRunner.Run([.. command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
    }

    [Fact]
    public void genesis_without_members_and_node_run_without_a_config_file_are_usage_errors()
    {
        Assert.Equal(2, CliRunner.Run("genesis", "--chain-id", "x", "--suite", "sm").ExitCode);
        var run = CliRunner.Run("node", "run", "--config", Path.Combine(Path.GetTempPath(), "no-such-node.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("create one with 'tradechain node init'", run.Error);
    }
}
