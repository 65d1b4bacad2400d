using System.Net;
using System.Net.Http.Headers;
using TradeChain.Api.Dashboard;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Tests;

/// <summary>How the API host serves the dashboard: from the assembly, with a strict CSP and revalidating caches; and the session endpoint the page starts from.</summary>
[Trait("Category", "Api")]
public sealed class DashboardHostTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void every_dashboard_file_is_embedded_with_a_known_content_type()
    {
        var files = DashboardSite.All;
        Assert.Contains("index.html", files.Keys);
        Assert.Contains("js/app.js", files.Keys);
        Assert.Contains("views/exporter.js", files.Keys);
        Assert.All(files.Values, f => Assert.NotEmpty(f.Content));
    }

    [Fact]
    public async Task the_page_is_served_with_a_strict_policy_and_revalidates_by_entity_tag()
    {
        using var anonymous = fixture.Server.Client();
        var redirect = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.Address }.GetAsync("/dashboard", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/dashboard/", redirect.Headers.Location?.ToString());

        var page = await anonymous.GetAsync("/dashboard/", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(page.Headers.CacheControl?.NoCache);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        // No inline script: the CSP would block it, so there must be none to block.
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);

        var module = await anonymous.GetAsync("/dashboard/js/app.js", Cancel);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        var tag = module.Headers.ETag ?? throw new InvalidOperationException("no ETag on a dashboard file");
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/dashboard/js/app.js");
        revalidate.Headers.IfNoneMatch.Add(tag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(revalidate, Cancel)).StatusCode);

        var missing = await anonymous.GetAsync("/dashboard/js/nothing.js", Cancel);
        await Problems.AssertAsync(missing, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Theory]
    [InlineData("exporter-a", "exporter")]
    [InlineData("port-cntsn", "port")]
    [InlineData("operator", "operator")]
    public async Task the_session_names_the_credentials_principal_role_and_bindings(string principalId, string role)
    {
        using var client = fixture.As(principalId);
        var session = await Json.ReadAsync(await client.GetAsync("/api/v1/session", Cancel));
        Assert.Equal(principalId, session.GetProperty("principal").GetString());
        Assert.Equal(role, session.GetProperty("role").GetString());
        var principal = fixture.Principals.Single(p => p.Id == principalId);
        Assert.Equal(principal.EnterpriseUscc, session.TryGetProperty("enterpriseUscc", out var uscc) ? uscc.GetString() : null);
        Assert.Equal(principal.Port, session.TryGetProperty("port", out var port) ? port.GetString() : null);

        using var anonymous = fixture.Server.Client();
        await Problems.AssertAsync(await anonymous.GetAsync("/api/v1/session", Cancel), HttpStatusCode.Unauthorized);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/v1/session");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.ApiKeys[principalId]);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(bearer, Cancel)).StatusCode);
    }
}
