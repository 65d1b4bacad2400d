using System.Net;
using System.Text;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Tests;

[Trait("Category", "Api")]
public sealed class HostTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task openapi_document_describes_every_v1_endpoint()
    {
        using var client = fixture.Server.Client();
        var document = await Json.ReadAsync(await client.GetAsync("/openapi/v1.json", Cancel));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        foreach (var expected in new[] { "/api/v1/shipments/{reference}", "/api/v1/shipments/{reference}/events", "/api/v1/shipments/{reference}/events/{eventId}/proof", "/api/v1/kpis", "/api/v1/volumes", "/api/v1/feeds/{format}", "/api/v1/node/status", "/api/v1/audit", "/api/v1/auth/token" })
        {
            Assert.Contains(expected, paths);
        }
        Assert.Equal("TradeChain API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task reference_page_is_served_locally_without_external_assets()
    {
        using var client = fixture.Server.Client();
        var response = await client.GetAsync("/reference", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("/openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task health_endpoints_answer_without_credentials()
    {
        using var client = fixture.Server.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Cancel)).StatusCode);
    }

    [Fact]
    public async Task unknown_route_is_a_404_problem()
    {
        using var client = fixture.As("bureau");
        await Problems.AssertAsync(await client.GetAsync("/api/v1/nothing-here", Cancel), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await client.GetAsync("/nothing", Cancel), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task wrong_method_is_a_405_problem()
    {
        using var client = fixture.As("bureau");
        await Problems.AssertAsync(await client.DeleteAsync("/api/v1/kpis", Cancel), HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed);
    }

    [Fact]
    public async Task missing_and_wrong_credentials_are_401_problems_that_say_why()
    {
        using var anonymous = fixture.Server.Client();
        var missing = await Problems.AssertAsync(await anonymous.GetAsync("/api/v1/kpis", Cancel), HttpStatusCode.Unauthorized, ProblemTypes.Unauthenticated);
        Assert.Contains("needs credentials", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var wrongKey = fixture.Server.Client(apiKey: "tck_0000000000000000_" + new string('A', 43));
        var wrong = await Problems.AssertAsync(await wrongKey.GetAsync("/api/v1/kpis", Cancel), HttpStatusCode.Unauthorized);
        Assert.Contains("API key", wrong.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var garbage = fixture.Server.Client(bearer: "not-a-token");
        var bad = await Problems.AssertAsync(await garbage.GetAsync("/api/v1/kpis", Cancel), HttpStatusCode.Unauthorized);
        Assert.Contains("compact JWT", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/kpis?clock=customs_clearance&from=2026-13-01&to=2026-02-01", "from '2026-13-01'")]
    [InlineData("/api/v1/kpis?clock=nonsense&from=2026-01-01&to=2026-02-01", "clock 'nonsense'")]
    [InlineData("/api/v1/kpis?clock=customs_clearance&from=2026-01-01&to=2028-02-01", "366-day")]
    [InlineData("/api/v1/kpis?clock=customs_clearance&from=2026-01-01&to=2026-02-01&mode=boat", "mode 'boat'")]
    [InlineData("/api/v1/kpis?clock=customs_clearance&from=2026-01-01&to=2026-02-01&maxRows=abc", "maxRows")]
    [InlineData("/api/v1/shipments/X/events?limit=0", "limit must be 1..500")]
    public async Task invalid_parameters_are_400_problems_naming_the_parameter(string url, string detail)
    {
        using var client = fixture.As("bureau");
        var problem = await Problems.AssertAsync(await client.GetAsync(url, Cancel), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task malformed_json_body_is_a_400_problem()
    {
        using var client = fixture.Server.Client();
        var response = await client.PostAsync("/api/v1/auth/token", new StringContent("{not json", Encoding.UTF8, "application/json"), Cancel);
        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task oversized_bodies_are_413_problems()
    {
        using var client = fixture.As("port-cntsn");
        var feed = await client.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new ByteArrayContent(new byte[300 * 1024]), Cancel);
        var problem = await Problems.AssertAsync(feed, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Contains("262144", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var login = await client.PostAsync("/api/v1/auth/token", new StringContent("{\"principal\":\"" + new string('x', 70 * 1024) + "\"}", Encoding.UTF8, "application/json"), Cancel);
        await Problems.AssertAsync(login, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
    }
}
