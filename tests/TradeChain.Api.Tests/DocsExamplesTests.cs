using System.Net;
using System.Text.RegularExpressions;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Tests;

/// <summary>
/// The curl examples of docs/api.md, run against the fixture's API: every GET example must reach a
/// route (no "no resource" 404, no 405), be accepted as written (no 400) and not fail (no 5xx). A
/// 404 that a route answers (an example reference the test data does not hold) is fine. Each
/// section runs as the role it is written for; a "sm3:…" id is replaced by one the ledger holds.
/// </summary>
[Trait("Category", "Api")]
public sealed partial class DocsExamplesTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly (string Heading, string Principal)[] Sections =
    [
        ("### Exporters and importers", "exporter-a"),
        ("### Commerce bureau", "bureau"),
        ("### Partners", "port-cntsn"),
        ("### Operators and regulators", "regulator"),
        ("### Ledger explorer", "bureau"),
    ];

    [Fact]
    public async Task every_get_example_in_the_api_doc_reaches_its_route_and_is_accepted()
    {
        var examples = Examples(File.ReadAllText(DocPath())).ToArray();
        Assert.Contains(examples, e => e.Path.StartsWith("/api/v1/explorer/events/", StringComparison.Ordinal));
        Assert.True(examples.Length >= 20, $"found {examples.Length} GET examples");
        foreach (var (principal, path) in examples)
        {
            using var client = fixture.As(principal);
            var response = await client.GetAsync(Concrete(path), Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            var status = (int)response.StatusCode;
            Assert.True(status < 500 && status is not (400 or 405), $"{principal} GET {path}: {status} {body}");
            Assert.False(response.StatusCode == HttpStatusCode.NotFound && body.Contains("no resource at", StringComparison.Ordinal), $"GET {path} has no route");
        }
    }

    /// <summary>(principal, path and query) of every GET curl line under a known section; continuation lines joined.</summary>
    private static IEnumerable<(string Principal, string Path)> Examples(string markdown)
    {
        string? principal = null;
        foreach (var line in markdown.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
        {
            // "## …" headings; "# …" lines are comments inside the shell examples.
            if (line.StartsWith("##", StringComparison.Ordinal))
            {
                principal = Sections.FirstOrDefault(s => line.StartsWith(s.Heading, StringComparison.Ordinal)).Principal;
                continue;
            }
            var trimmed = line.TrimStart();
            if (principal is null || !trimmed.StartsWith("curl ", StringComparison.Ordinal) || trimmed.Contains(" -X ", StringComparison.Ordinal)
                || trimmed.Contains(" -d ", StringComparison.Ordinal) || trimmed.Contains("--data", StringComparison.Ordinal))
            {
                continue;
            }
            if (ApiUrl().Match(trimmed) is { Success: true } match && !match.Groups[1].Value.Contains('<', StringComparison.Ordinal))
            {
                yield return (principal, match.Groups[1].Value);
            }
        }
    }

    /// <summary>Replaces the doc's elided ids with ones the fixture's ledger holds.</summary>
    private string Concrete(string path)
    {
        if (!path.Contains('…', StringComparison.Ordinal))
        {
            return path;
        }
        var block = fixture.Ledger.ReadBlock(1)!;
        var eventId = fixture.EventsById.First(e => e.Value.EventType == TradeEventType.DeclarationFiled && e.Value.References.DeclarationNumber == fixture.DeclarationOfA).Key;
        var id = path.Contains("/transactions/", StringComparison.Ordinal) ? block.Transactions[0].ComputeId(block.Suite).ToString() : eventId;
        return ElidedId().Replace(path, id);
    }

    private static string DocPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "api.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("docs/api.md above the test's base directory");
    }

    [GeneratedRegex(@"\$API(/api/v1/[^\s""'>]+)")]
    private static partial Regex ApiUrl();

    [GeneratedRegex(@"[a-z0-9]+:…")]
    private static partial Regex ElidedId();
}
