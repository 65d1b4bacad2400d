using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TradeChain.Api.Audit;
using TradeChain.Api.Auth;
using TradeChain.Api.Usage;
using TradeChain.Testing;

namespace TradeChain.Api.Tests;

/// <summary>Usage statistics folded from the audit log, and the audit log's compatibility with records written before routes were recorded.</summary>
[Trait("Category", "Api")]
public sealed class UsageTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task calls_are_counted_per_route_pattern_principal_and_organisation()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        // A principal of its own, so calls made by tests running alongside do not count here.
        var principals = fixture.Server.Services.GetRequiredService<PrincipalStore>();
        principals.Upsert(new Principal { Id = "usage-exporter", Role = Role.Exporter, Organisation = "Usage Test Org", EnterpriseUscc = fixture.EnterpriseA });
        using var exporter = fixture.Server.Client(principals.Issue("usage-exporter").PlainText);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await exporter.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}", Cancel)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await exporter.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfB}", Cancel)).StatusCode);
        using var bureau = fixture.As("bureau");
        var url = $"/api/v1/usage?from={Uri.EscapeDataString(since.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}";
        JsonElement report = default;
        await Eventually.HoldsAsync(async () =>
        {
            report = await bureau.GetFromJsonAsync<JsonElement>(url, Cancel);
            return Row(report, "byPrincipal", "principal", "usage-exporter") is { } row && row.GetProperty("calls").GetInt64() >= 4;
        }, "the exporter's calls are counted");
        Assert.True(Row(report, "byFunction", "function", "GET /shipments/{reference}") is not null, report.ToString());
        var shipments = Row(report, "byFunction", "function", "GET /shipments/{reference}")!.Value;
        Assert.True(shipments.GetProperty("calls").GetInt64() >= 4);
        Assert.True(shipments.GetProperty("errors").GetInt64() >= 1);
        var exporterRow = Row(report, "byPrincipal", "principal", "usage-exporter")!.Value;
        Assert.Equal((4, 1), (exporterRow.GetProperty("calls").GetInt64(), exporterRow.GetProperty("errors").GetInt64()));
        Assert.Equal(fixture.EnterpriseA, exporterRow.GetProperty("enterprise").GetString());
        Assert.Equal(4, Row(report, "byOrganisation", "organisation", "Usage Test Org")!.Value.GetProperty("calls").GetInt64());
        Assert.Equal(report.GetProperty("byFunction").EnumerateArray().Sum(f => f.GetProperty("calls").GetInt64()), report.GetProperty("calls").GetInt64());

        await Problems.AssertAsync(await exporter.GetAsync("/api/v1/usage", Cancel), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await bureau.GetAsync("/api/v1/usage?from=2026-02-01&to=2026-01-01", Cancel), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await bureau.GetAsync("/api/v1/usage?from=yesterday", Cancel), HttpStatusCode.BadRequest);
    }

    [Fact]
    public void records_written_before_routes_were_recorded_still_verify_and_count_by_method()
    {
        using var temp = new TempDirectory();
        var path = temp.File("audit.log");
        // A line exactly as the log wrote it before the route field existed.
        var json = $"{{\"seq\":1,\"principal\":\"bureau\",\"role\":\"commerce-bureau\",\"action\":\"GET /api/v1/kpis?clock=x\",\"atMs\":1000,\"result\":200,\"prev\":\"{AuditLog.GenesisHash}\"}}";
        File.WriteAllText(path, $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))} {json}\n");
        using (var log = AuditLog.Open(path))
        {
            log.Append(new AuditEntry("bureau", "commerce-bureau", "GET /api/v1/usage", DateTimeOffset.FromUnixTimeMilliseconds(2000), 200, "GET /usage"));
            log.Append(new AuditEntry("anonymous", "", "GET /api/v1/nothing", DateTimeOffset.FromUnixTimeMilliseconds(3000), 404, UsageReports.FunctionName("GET", null)));
        }
        var verification = AuditLog.Verify(path);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(3, verification.Records);
        Assert.Equal(json, File.ReadLines(path).First()[65..]);
        using var reopened = AuditLog.Open(path);
        var report = UsageReports.Build(reopened.Scan(), DateTimeOffset.UnixEpoch, DateTimeOffset.FromUnixTimeMilliseconds(10_000), _ => null);
        Assert.Equal(["GET (no route)", "GET (route not recorded)", "GET /usage"], report.ByFunction.Select(f => f.Function).Order(StringComparer.Ordinal));
        Assert.Equal(1, report.Errors);
        Assert.Equal("GET /shipments/{reference}", UsageReports.FunctionName("GET", "/api/v1/shipments/{reference}"));
    }

    private static JsonElement? Row(JsonElement report, string list, string key, string value) =>
        report.GetProperty(list).EnumerateArray().Where(r => r.GetProperty(key).GetString() == value).Cast<JsonElement?>().FirstOrDefault();
}
