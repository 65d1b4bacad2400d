using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TradeChain.Api.Tests;

/// <summary>The rows of docs/access.md's matrix for subscriptions, usage statistics and partner records, for every role.</summary>
[Trait("Category", "Api")]
public sealed class WebhookAccessMatrixTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Columns: create a subscription, list own subscriptions, usage statistics, push receipts, dead letters.
    [Theory]
    [InlineData("exporter-a", 201, 200, 403, 403, 403)]
    [InlineData("importer-b", 201, 200, 403, 403, 403)]
    [InlineData("bureau", 201, 200, 200, 403, 403)]
    [InlineData("customs", 201, 200, 403, 403, 403)]
    [InlineData("port-cntsn", 201, 200, 403, 200, 200)]
    [InlineData("airport-cnpek", 201, 200, 403, 403, 403)]
    [InlineData("tax", 201, 200, 403, 403, 403)]
    [InlineData("regulator", 201, 200, 200, 403, 403)]
    [InlineData("operator", 403, 200, 200, 403, 403)]
    public async Task each_role_reaches_exactly_its_cells(string principal, int subscribe, int list, int usage, int submissions, int deadLetters)
    {
        using var client = fixture.As(principal);
        var created = await client.PostAsJsonAsync("/api/v1/subscriptions", new { url = $"https://hooks.example.com/{principal}" }, Cancel);
        var cells = new (string Name, int Expected, HttpResponseMessage Response)[]
        {
            ("subscribe", subscribe, created),
            ("list subscriptions", list, await client.GetAsync("/api/v1/subscriptions", Cancel)),
            ("usage", usage, await client.GetAsync("/api/v1/usage", Cancel)),
            ("submissions", submissions, await client.GetAsync("/api/v1/feeds/submissions", Cancel)),
            ("dead letters", deadLetters, await client.GetAsync("/api/v1/dead-letters", Cancel)),
        };
        foreach (var (name, expected, response) in cells)
        {
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(expected == (int)response.StatusCode, $"{principal} → {name}: expected {expected}, got {(int)response.StatusCode}: {body}");
            if (expected >= 400)
            {
                await Problems.AssertAsync(response, (HttpStatusCode)expected);
            }
        }
        if (created.StatusCode == HttpStatusCode.Created)
        {
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("subscription").GetProperty("id").GetString();
            // Only the owner sees it; everyone else's list stays its own.
            using var other = fixture.As(principal == "bureau" ? "customs" : "bureau");
            await Problems.AssertAsync(await other.GetAsync($"/api/v1/subscriptions/{id}", Cancel), HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/subscriptions/{id}", Cancel)).StatusCode);
        }
    }
}
