using System.Net;
using System.Text;
using System.Text.Json;
using TradeChain.Analytics.Queries;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Tests;

/// <summary>
/// The rows of docs/access.md's matrix for the explorer, the node board, the vehicle lookup and
/// the operational analytics, through the real HTTP pipeline, and what each role's answer holds
/// compared with the analytics store's own answer.
/// </summary>
[Trait("Category", "Api")]
public sealed class OperationsAccessTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string CargoWindow = "/api/v1/cargo-in-port?from=2026-01-05T00:00:00Z&to=2026-02-05T00:00:00Z";
    private const string Sla = "/api/v1/sla-breaches?clock=customs_clearance&targetHours=24&asOf=2026-01-25T00:00:00Z";
    private const string Turnaround = "/api/v1/turnaround?from=2026-01-01&to=2026-02-15";

    // Columns: cargo in port, SLA breaches, turnaround, explorer blocks, explorer event of A, node board, vehicle at CNTSN.
    [Theory]
    [InlineData("exporter-a", 200, 200, 403, 200, 200, 403, 403)]
    [InlineData("importer-b", 200, 200, 403, 200, 404, 403, 403)]
    [InlineData("bureau", 200, 200, 200, 200, 200, 403, 403)]
    [InlineData("customs", 200, 200, 200, 200, 200, 403, 200)]
    [InlineData("port-cntsn", 200, 200, 200, 200, 200, 403, 200)]
    [InlineData("airport-cnpek", 200, 200, 200, 200, 404, 403, 404)]
    [InlineData("tax", 200, 200, 200, 200, 200, 403, 403)]
    [InlineData("regulator", 200, 200, 200, 200, 200, 200, 200)]
    [InlineData("operator", 403, 403, 403, 200, 403, 200, 403)]
    public async Task each_role_reaches_exactly_its_cells(string principal, int cargo, int sla, int turnaround, int blocks, int eventOfA, int board, int vehicle)
    {
        using var client = fixture.As(principal);
        var (master, consignees) = await AirMasterWithHousesAsync();
        var housesExpected = principal switch
        {
            "exporter-a" => consignees.Contains(fixture.EnterpriseA) ? 200 : 404,
            "importer-b" => consignees.Contains(fixture.EnterpriseB) ? 200 : 404,
            "port-cntsn" => 404,
            "operator" => 403,
            _ => 200,
        };
        var cells = new (string Name, int Expected, string Url)[]
        {
            ("cargo in port", cargo, CargoWindow),
            ("SLA breaches", sla, Sla),
            ("turnaround", turnaround, Turnaround),
            ("houses", housesExpected, $"/api/v1/shipments/{master}/houses"),
            ("explorer blocks", blocks, "/api/v1/explorer/blocks?limit=1"),
            ("explorer event", eventOfA, $"/api/v1/explorer/events/{DeclarationFiledOfA()}"),
            ("node board", board, "/api/v1/node/board"),
            ("vehicle", vehicle, $"/api/v1/vehicles/{Uri.EscapeDataString(PlateAtTianjin().Plate)}"),
        };
        foreach (var (name, expected, url) in cells)
        {
            var response = await client.GetAsync(url, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(expected == (int)response.StatusCode, $"{principal} → {name}: expected {expected}, got {(int)response.StatusCode}: {body}");
            if (expected >= 400)
            {
                await Problems.AssertAsync(response, (HttpStatusCode)expected);
            }
        }
    }

    [Fact]
    public async Task cargo_in_port_gives_an_enterprise_its_rows_and_a_port_its_port_merged_over_enterprises()
    {
        var all = (await fixture.Analytics.CargoInPortAsync(new CargoInPortQuery(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero)), Cancel)).Rows;
        Assert.Contains(all, r => r.Enterprise == fixture.EnterpriseA);

        var exporter = await RowsAsync("exporter-a", CargoWindow);
        Assert.Equal(all.Where(r => r.Enterprise == fixture.EnterpriseA).Sum(r => r.Units), exporter.Sum(r => r.GetProperty("units").GetInt64()));
        Assert.All(exporter, r => Assert.Equal(fixture.EnterpriseA, r.GetProperty("enterprise").GetString()));

        var port = await RowsAsync("port-cntsn", CargoWindow);
        Assert.All(port, r => Assert.Equal(("CNTSN", ""), (r.GetProperty("port").GetString(), r.GetProperty("enterprise").GetString())));
        Assert.Equal(all.Where(r => r.Port == "CNTSN").Sum(r => r.Units), port.Sum(r => r.GetProperty("units").GetInt64()));
        Assert.Equal(all.Where(r => r.Port == "CNTSN").Max(r => r.MaxDwellMs), port.Max(r => r.GetProperty("maxDwellMs").GetInt64()));

        using var portClient = fixture.As("port-cntsn");
        await Problems.AssertAsync(await portClient.GetAsync(CargoWindow + "&port=CNPEK", Cancel), HttpStatusCode.Forbidden);
        var bureau = await RowsAsync("bureau", CargoWindow);
        Assert.Equal(all.Count, bureau.Length);

        using var csv = fixture.As("bureau");
        var export = await csv.GetAsync(CargoWindow + "&format=csv", Cancel);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("port,mode,direction,enterprise,units", await export.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task sla_breaches_carry_a_reference_that_drills_down_and_are_kept_per_role()
    {
        var bureau = await RowsAsync("bureau", Sla);
        Assert.True(bureau.Length > 3, "the data set has shipments over a 24 h clearance");
        using var client = fixture.As("bureau");
        foreach (var row in bureau.Take(3))
        {
            var house = row.GetProperty("houseBill").GetString();
            Assert.Equal(string.IsNullOrEmpty(house) ? row.GetProperty("masterBill").GetString() : house, row.GetProperty("reference").GetString());
            var drill = await Json.ReadAsync(await client.GetAsync(row.GetProperty("shipmentLink").GetString(), Cancel));
            Assert.Equal(row.GetProperty("reference").GetString(), drill.GetProperty("reference").GetString());
        }

        var exporter = await RowsAsync("exporter-a", Sla);
        Assert.Equal(bureau.Count(r => r.GetProperty("enterprise").GetString() == fixture.EnterpriseA), exporter.Length);
        var port = await RowsAsync("port-cntsn", Sla);
        Assert.Equal(bureau.Count(r => r.GetProperty("port").GetString() == "CNTSN"), port.Length);
        Assert.All(port, r => Assert.Equal("", r.GetProperty("enterprise").GetString()));

        using var bad = fixture.As("bureau");
        await Problems.AssertAsync(await bad.GetAsync("/api/v1/sla-breaches?clock=customs_clearance", Cancel), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await bad.GetAsync(Sla + "&asOf=yesterday", Cancel), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task turnaround_of_a_port_is_its_own_and_equals_the_store_for_the_bureau()
    {
        var stored = (await fixture.Analytics.TurnaroundAsync(new TurnaroundQuery(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 15, 0, 0, 0, TimeSpan.Zero)), Cancel)).Rows;
        Assert.NotEmpty(stored);
        var bureau = await RowsAsync("bureau", Turnaround);
        Assert.Equal(stored.Select(r => r.Conveyance), bureau.Select(r => r.GetProperty("conveyance").GetString()));
        var airport = await RowsAsync("airport-cnpek", Turnaround);
        Assert.Equal(stored.Count(r => r.Port == "CNPEK"), airport.Length);
        Assert.All(airport, r => Assert.Equal("CNPEK", r.GetProperty("port").GetString()));
    }

    [Fact]
    public async Task a_master_bill_split_hides_consignees_from_the_airport_and_shows_them_to_customs()
    {
        var (master, consignees) = await AirMasterWithHousesAsync();
        var customs = await RowsAsync("customs", $"/api/v1/shipments/{master}/houses");
        Assert.Equal(consignees.Count, customs.Length);
        Assert.Equal(consignees.Order(), customs.Select(r => r.GetProperty("consignee").GetString()!).Order());
        var airport = await RowsAsync("airport-cnpek", $"/api/v1/shipments/{master}/houses");
        Assert.Equal(customs.Length, airport.Length);
        Assert.All(airport, r => Assert.Equal("", r.GetProperty("consignee").GetString()));
    }

    [Fact]
    public async Task a_vehicle_lists_its_gate_movements_newest_first_and_a_port_only_its_own()
    {
        var (plate, at) = PlateAtTianjin();
        var expected = fixture.EventsById.Values.Where(e => e.References.VehicleRegistration == plate && e.EventType is TradeEventType.GateIn or TradeEventType.GateOut).ToArray();
        using var customs = fixture.As("customs");
        var view = await Json.ReadAsync(await customs.GetAsync($"/api/v1/vehicles/{Uri.EscapeDataString(plate)}", Cancel));
        var movements = view.GetProperty("movements").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, movements.Length);
        Assert.Contains(movements, m => m.GetProperty("occurredAt").GetDateTimeOffset() == at);
        Assert.True(movements.Zip(movements.Skip(1)).All(p => p.First.GetProperty("occurredAt").GetDateTimeOffset() >= p.Second.GetProperty("occurredAt").GetDateTimeOffset()));
        var link = await Json.ReadAsync(await customs.GetAsync(movements[0].GetProperty("explorerLink").GetString(), Cancel));
        Assert.Equal(movements[0].GetProperty("eventId").GetString(), link.GetProperty("eventId").GetString());

        using var port = fixture.As("port-cntsn");
        var portView = await Json.ReadAsync(await port.GetAsync($"/api/v1/vehicles/{Uri.EscapeDataString(plate)}", Cancel));
        Assert.All(portView.GetProperty("movements").EnumerateArray(), m => Assert.Equal("CNTSN", m.GetProperty("port").GetString()));
        await Problems.AssertAsync(await port.GetAsync($"/api/v1/vehicles/{Uri.EscapeDataString(plate)}?port=CNPEK", Cancel), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await customs.GetAsync($"/api/v1/vehicles/{Uri.EscapeDataString(plate)}?limit=1001", Cancel), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_registration_pushed_on_the_vehicle_feed_is_the_vehicles_registration()
    {
        const string registration = """
            {"schema":"tradechain.vehicle-registration/1","registrations":[{"registrationId":"TJGK-VR-TEST-0001","plate":"津D·00771","plateColor":"yellow",
             "carrierUscc":"91120116MA06KL2P3G","carrierName":"天津滨海示例物流有限公司","permits":[{"kind":"road-transport","number":"RT-1","validUntil":"2030-06-30"}],
             "validFrom":"2025-01-01T00:00:00+08:00","effectiveAt":"2025-01-02T09:14:00+08:00"}]}
            """;
        using var port = fixture.As("port-cntsn");
        var receipt = await Json.ReadAsync(await port.PostAsync("/api/v1/feeds/vehicle-registration?feed=port-gate", new StringContent(registration, Encoding.UTF8, "application/json"), Cancel));
        Assert.Equal(1, receipt.GetProperty("registrationsApplied").GetInt32());

        var view = await Json.ReadAsync(await port.GetAsync($"/api/v1/vehicles/{Uri.EscapeDataString("津d 00771")}", Cancel));
        Assert.Equal("津D00771", view.GetProperty("plate").GetString());
        var registered = view.GetProperty("registration");
        Assert.Equal(("registry", "TJGK-VR-TEST-0001", "91120116MA06KL2P3G", true), (registered.GetProperty("source").GetString(), registered.GetProperty("registrationId").GetString(),
            registered.GetProperty("carrierUscc").GetString(), registered.GetProperty("validNow").GetBoolean()));
        Assert.Empty(view.GetProperty("movements").EnumerateArray());

        using var customs = fixture.As("customs");
        await Problems.AssertAsync(await customs.GetAsync($"/api/v1/vehicles/{Uri.EscapeDataString("津D99999")}", Cancel), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_explorer_board_vehicle_and_operations_endpoints()
    {
        using var client = fixture.Server.Client();
        var document = await Json.ReadAsync(await client.GetAsync("/openapi/v1.json", Cancel));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        string[] expected =
        [
            "/api/v1/explorer/blocks", "/api/v1/explorer/blocks/{height}", "/api/v1/explorer/transactions/{transactionId}", "/api/v1/explorer/events/{eventId}",
            "/api/v1/node/board", "/api/v1/vehicles/{plate}", "/api/v1/cargo-in-port", "/api/v1/sla-breaches", "/api/v1/turnaround", "/api/v1/shipments/{master}/houses",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
    }

    private async Task<JsonElement[]> RowsAsync(string principal, string url)
    {
        using var client = fixture.As(principal);
        var response = await client.GetAsync(url, Cancel);
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"{principal} {url}: {body}");
        return body.GetProperty("rows").EnumerateArray().ToArray();
    }

    private string DeclarationFiledOfA() =>
        fixture.EventsById.First(e => e.Value.EventType == TradeEventType.DeclarationFiled && e.Value.References.DeclarationNumber == fixture.DeclarationOfA).Key;

    /// <summary>A plate whose gate movements are all at Tianjin, and the time of one of them.</summary>
    private (string Plate, DateTimeOffset At) PlateAtTianjin()
    {
        var gate = fixture.EventsById.Values
            .Where(e => e.EventType is TradeEventType.GateIn or TradeEventType.GateOut && e.References.VehicleRegistration is not null)
            .GroupBy(e => e.References.VehicleRegistration!)
            .First(g => g.All(e => e.Port == "CNTSN"));
        return (gate.Key, gate.First().OccurredAt);
    }

    /// <summary>An air master at Beijing Capital with houses, preferring one consigned in part to enterprise B, and its houses' consignees.</summary>
    private async Task<(string Master, IReadOnlyList<string> Consignees)> AirMasterWithHousesAsync()
    {
        var masters = fixture.EventsById.Values
            .Where(e => e.Mode == TransportMode.Air && e.Port == "CNPEK" && e.References.HouseBills.Count > 0 && e.References.MasterBill is not null)
            .Select(e => e.References.MasterBill!).Distinct().Take(20).ToArray();
        var splits = new List<(string Master, IReadOnlyList<string> Consignees)>();
        foreach (var master in masters)
        {
            var rows = (await fixture.Analytics.MasterSplitAsync(new MasterSplitQuery(master), Cancel)).Rows;
            splits.Add((master, rows.Select(r => r.Consignee).ToArray()));
        }
        Assert.NotEmpty(splits);
        return splits.OrderByDescending(s => s.Consignees.Contains(fixture.EnterpriseB)).ThenBy(s => s.Master, StringComparer.Ordinal).First();
    }
}
