using System.Net;
using System.Text;
using System.Text.Json;

namespace TradeChain.Api.Tests;

/// <summary>Every cell of the role × data matrix in docs/access.md, through the real HTTP pipeline.</summary>
[Trait("Category", "Api")]
public sealed class AccessMatrixTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Kpi = "/api/v1/kpis?clock=customs_clearance&from=2025-12-01&to=2026-03-01";

    // Columns: shipment of A (sea, CNTSN), shipment of B (air, CNPEK), KPIs, KPIs by enterprise, volumes, node status, audit log, API keys, feed push.
    [Theory]
    [InlineData("exporter-a", 200, 404, 200, 200, 403, 403, 403, 403, 403)]
    [InlineData("importer-b", 404, 200, 200, 200, 403, 403, 403, 403, 403)]
    [InlineData("bureau", 200, 200, 200, 200, 200, 403, 403, 403, 403)]
    [InlineData("customs", 200, 200, 200, 200, 200, 403, 403, 403, 403)]
    [InlineData("port-cntsn", 200, 404, 200, 403, 200, 403, 403, 403, 200)]
    [InlineData("airport-cnpek", 404, 200, 200, 403, 200, 403, 403, 403, 403)]
    [InlineData("tax", 200, 200, 200, 200, 200, 403, 403, 403, 403)]
    [InlineData("regulator", 200, 200, 200, 200, 200, 200, 200, 403, 403)]
    [InlineData("operator", 403, 403, 403, 403, 200, 200, 403, 200, 403)]
    public async Task each_role_reaches_exactly_its_cells(string principal, int shipmentA, int shipmentB, int kpis, int kpisByEnterprise, int volumes, int nodeStatus, int audit, int keys, int feedPush)
    {
        using var client = fixture.As(principal);
        var cells = new (string Name, int Expected, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("shipment A", shipmentA, () => client.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}", Cancel)),
            ("shipment B", shipmentB, () => client.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfB}/events", Cancel)),
            ("kpis", kpis, () => client.GetAsync(Kpi, Cancel)),
            ("kpis by enterprise", kpisByEnterprise, () => client.GetAsync(Kpi + "&groupBy=enterprise", Cancel)),
            ("volumes", volumes, () => client.GetAsync("/api/v1/volumes?from=2025-12-01&to=2026-03-01", Cancel)),
            ("node status", nodeStatus, () => client.GetAsync("/api/v1/node/status", Cancel)),
            ("audit", audit, () => client.GetAsync("/api/v1/audit?limit=1", Cancel)),
            ("keys", keys, () => client.GetAsync("/api/v1/principals/exporter-a/keys", Cancel)),
            ("feed push", feedPush, () => client.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new StringContent("{\"schema\":\"tradechain.event/1\",\"events\":[]}", Encoding.UTF8, "application/json"), Cancel)),
        };
        foreach (var (name, expected, call) in cells)
        {
            var response = await call();
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(expected == (int)response.StatusCode, $"{principal} → {name}: expected {expected}, got {(int)response.StatusCode}: {body}");
            if (expected >= 400)
            {
                await Problems.AssertAsync(response, (HttpStatusCode)expected);
            }
        }
    }

    [Theory]
    [InlineData("exporter-a", "withheld", true)]
    [InlineData("bureau", "withheld", true)]
    [InlineData("port-cntsn", "withheld", false)]
    [InlineData("customs", "plaintext", true)]
    [InlineData("tax", "plaintext", true)]
    [InlineData("regulator", "plaintext", true)]
    public async Task sensitive_details_and_parties_are_redacted_by_role(string principal, string sensitiveState, bool seesParties)
    {
        using var client = fixture.As(principal);
        var events = await EventsAsync(client, fixture.DeclarationOfA);
        var filed = events.Single(e => e.GetProperty("eventType").GetString() == "DeclarationFiled");
        var sensitive = filed.GetProperty("sensitive");
        Assert.Equal(sensitiveState, sensitive.GetProperty("state").GetString());
        Assert.Equal(sensitiveState == "plaintext", sensitive.TryGetProperty("declaredValue", out _));
        Assert.Equal(seesParties, filed.TryGetProperty("parties", out _));
    }

    [Theory]
    [InlineData("customs", "plaintext")]
    [InlineData("regulator", "plaintext")]
    [InlineData("bureau", "withheld")]
    public async Task sealed_details_are_opened_only_for_roles_allowed_to_see_them(string principal, string state)
    {
        var declaration = fixture.EventsById[fixture.SealedEventId].References.DeclarationNumber!;
        using var client = fixture.As(principal);
        var sealedEvent = (await EventsAsync(client, declaration)).Single(e => e.GetProperty("eventId").GetString() == fixture.SealedEventId);
        Assert.Equal(state, sealedEvent.GetProperty("sensitive").GetProperty("state").GetString());
        if (state == "plaintext")
        {
            Assert.True(fixture.EventsById[fixture.SealedEventId].Sensitive!.IsSealed, "the ledger holds only ciphertext");
            Assert.True(sealedEvent.GetProperty("sensitive").GetProperty("declaredValue").GetDecimal() > 0);
        }
    }

    [Fact]
    public async Task an_enterprise_gets_only_its_own_kpi_rows_and_a_port_only_its_port()
    {
        using var exporter = fixture.As("exporter-a");
        var rows = (await Json.ReadAsync(await exporter.GetAsync(Kpi + "&groupBy=enterprise,port", Cancel))).GetProperty("rows").EnumerateArray().ToArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(fixture.EnterpriseA, r.GetProperty("enterprise").GetString()));

        using var bureau = fixture.As("bureau");
        var all = (await Json.ReadAsync(await bureau.GetAsync(Kpi + "&groupBy=enterprise", Cancel))).GetProperty("rows").EnumerateArray().ToArray();
        Assert.True(all.Select(r => r.GetProperty("enterprise").GetString()).Distinct().Count() > 5, "the bureau sees every enterprise");

        using var port = fixture.As("port-cntsn");
        var portRows = (await Json.ReadAsync(await port.GetAsync(Kpi + "&groupBy=port", Cancel))).GetProperty("rows").EnumerateArray().ToArray();
        Assert.NotEmpty(portRows);
        Assert.All(portRows, r => Assert.Equal("CNTSN", r.GetProperty("port").GetString()));
        var other = await Problems.AssertAsync(await port.GetAsync(Kpi + "&port=CNPEK", Cancel), HttpStatusCode.Forbidden);
        Assert.Contains("CNTSN only", other.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_port_sees_only_events_at_its_port()
    {
        using var port = fixture.As("port-cntsn");
        var events = await EventsAsync(port, fixture.DeclarationOfA);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal("CNTSN", e.GetProperty("port").GetString()));
    }

    private static async Task<JsonElement[]> EventsAsync(HttpClient client, string reference)
    {
        var response = await client.GetAsync($"/api/v1/shipments/{reference}/events?limit=500", Cancel);
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("items").EnumerateArray().ToArray();
    }
}
