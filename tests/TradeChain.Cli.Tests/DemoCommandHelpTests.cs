namespace TradeChain.Cli.Tests;

/// <summary>The demo is part of the one tradechain tree, documents its options, and refuses unusable ones with exit 2 before starting anything.</summary>
[Trait("Category", "Cli")]
public sealed class DemoCommandHelpTests
{
    [Fact]
    public void demo_has_help_with_every_option()
    {
        var result = CliRunner.Run("demo", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--seed", "--shipments", "--rate", "--speed", "--seconds", "--data", "--api-port" })
        {
            Assert.Contains(option, result.Output);
        }
    }

    [Theory]
    [InlineData("--shipments", "0")]
    [InlineData("--speed", "0")]
    [InlineData("--api-port", "70000")]
    public void unusable_options_are_usage_errors(string option, string value)
    {
        Assert.Equal(2, CliRunner.Run("demo", option, value, "--data", Path.Combine(Path.GetTempPath(), $"no-demo-{Guid.NewGuid():N}")).ExitCode);
    }
}
