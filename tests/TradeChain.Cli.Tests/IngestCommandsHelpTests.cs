namespace TradeChain.Cli.Tests;

/// <summary>The ingest commands are part of the one tradechain tree, explain themselves with --help, and refuse unusable input with exit 2.</summary>
[Trait("Category", "Cli")]
public sealed class IngestCommandsHelpTests
{
    [Theory]
    [InlineData("ingest")]
    [InlineData("ingest", "check")]
    [InlineData("ingest", "run")]
    [InlineData("ingest", "replay-dlq")]
    public void each_ingest_command_has_help(params string[] command)
    {
        var result = CliRunner.Run([.. command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
    }

    [Fact]
    public void missing_config_or_file_and_unknown_format_are_usage_errors()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.json");
        Assert.Equal(2, CliRunner.Run("ingest", "run", "--config", missing).ExitCode);
        Assert.Equal(2, CliRunner.Run("ingest", "replay-dlq", "--config", missing).ExitCode);
        Assert.Equal(2, CliRunner.Run("ingest", "check", "--format", "edifact", missing).ExitCode);
        Assert.Equal(2, CliRunner.Run("ingest", "check", "--format", "x12", missing).ExitCode);
    }
}
