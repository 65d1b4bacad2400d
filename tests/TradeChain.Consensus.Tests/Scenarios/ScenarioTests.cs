using System.Reflection;
using System.Text;
using Xunit;

namespace TradeChain.Consensus.Tests.Scenarios;

/// <summary>
/// Consensus behaviours as readable scripts (etcd raft's testdata style): each file in
/// Scenarios/ is a list of commands, each followed by "----" and exactly what the core emitted.
/// A bug report becomes a file anyone can replay. Set TRADECHAIN_UPDATE_SCENARIOS=1 to rewrite
/// the expected output in the source tree after an intended change, then review the diff.
/// </summary>
[Trait("Category", "Consensus")]
public sealed class ScenarioTests
{
    public static TheoryData<string> Files() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.txt").Select(Path.GetFileName).Order().Select(f => f!));

    [Theory]
    [MemberData(nameof(Files))]
    public void Scenario_output_matches(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Scenarios", file);
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        var actual = Run(expected);
        if (Environment.GetEnvironmentVariable("TRADECHAIN_UPDATE_SCENARIOS") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "Scenarios", file), actual);
            return;
        }
        Assert.Equal(expected, actual);
    }

    /// <summary>Re-runs every command of a script and returns the script with the actual outputs.</summary>
    internal static string Run(string script)
    {
        var driver = new ScenarioDriver();
        var output = new StringBuilder();
        var lines = script.Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#'))
            {
                output.Append(line).Append('\n');
                i++;
                continue;
            }
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var args = tokens.Skip(1).ToDictionary(t => t.Split('=', 2)[0], t => t.Contains('=') ? t.Split('=', 2)[1] : "", StringComparer.Ordinal);
            string result;
            try
            {
                result = driver.Execute(tokens[0], args).TrimEnd('\n') + "\n";
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                result = $"error: {e.GetType().Name}: {e.Message}\n";
            }
            output.Append(line).Append('\n').Append("----\n").Append(result).Append('\n');
            i++;
            if (i < lines.Length && lines[i] == "----")
            {
                // Skip the old expected output up to the blank line that ends it.
                while (i < lines.Length && lines[i].Length > 0)
                {
                    i++;
                }
            }
            if (i < lines.Length && lines[i].Length == 0)
            {
                i++;
            }
        }
        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static string SourceDirectory() =>
        typeof(ScenarioTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TestProjectDirectory").Value
        ?? throw new InvalidOperationException("TestProjectDirectory metadata missing");
}
