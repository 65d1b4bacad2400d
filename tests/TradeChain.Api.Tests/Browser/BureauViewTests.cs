using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace TradeChain.Api.Tests.Browser;

/// <summary>
/// The commerce bureau signs in, narrows the clearance KPIs to the fixture's trading weeks, reads
/// every section against the API's answer for the same query, exports a CSV, and drills from an
/// SLA breach into that shipment's timeline.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BureauViewTests(ApiFixture fixture, Chromium chromium)
{
    /// <summary>Inside the generated trade (arrivals from 2026-01-05 over 20 days): cargo is in port and shipments are over 48 h at the end.</summary>
    private const string From = "2026-01-01";
    private const string To = "2026-01-20";
    private const string ToExclusive = "2026-01-21";
    private const string AsOf = "2026-01-21T00:00:00.000Z";
    private const string Clock = "customs_clearance";
    private const int TargetHours = 24;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_bureau_filters_the_kpis_and_every_section_shows_what_the_api_answers()
    {
        using var api = fixture.As("bureau");
        var kpiQuery = $"clock={Clock}&from={From}&to={ToExclusive}";
        var overall = (await RowsAsync(api, $"/api/v1/kpis?{kpiQuery}")).Single();
        var groups = await RowsAsync(api, $"/api/v1/kpis?{kpiQuery}&groupBy=port,mode,direction");
        var volumes = await RowsAsync(api, $"/api/v1/volumes?from={From}&to={ToExclusive}&period=week");
        var cargo = await RowsAsync(api, $"/api/v1/cargo-in-port?at={Uri.EscapeDataString(AsOf)}");
        var breaches = await RowsAsync(api, $"/api/v1/sla-breaches?clock={Clock}&targetHours={TargetHours}&asOf={Uri.EscapeDataString(AsOf)}&maxRows=100");
        Assert.True(overall.GetProperty("count").GetInt64() > 0 && cargo.Length > 0 && breaches.Length > 0, "the fixture's trade should give KPIs, cargo in port and breaches in the window");

        await using var page = await chromium.OpenAsync(fixture.Server.Address, "zh-CN");
        await page.LoginWithPasswordAsync("bureau", ApiFixture.TestPassword);
        Assert.Equal(["shipments", "bureau"], await page.Page.Locator("#nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.view)"));
        await page.Page.Locator("#nav a[data-view=bureau]").ClickAsync();
        await page.Page.Locator("main section[data-section=kpi]").WaitForAsync();

        await page.Page.Locator("input[name=from]").FillAsync(From);
        await page.Page.Locator("input[name=to]").FillAsync(To);
        await page.Page.Locator("select[name=clock]").SelectOptionAsync(Clock);
        await page.Page.Locator("select[name=period]").SelectOptionAsync("week");
        await page.Page.Locator("input[name=target]").FillAsync(TargetHours.ToString(CultureInfo.InvariantCulture));
        await page.Page.Locator("form.card button[type=submit]").ClickAsync();
        await WaitForSectionsAsync(page.Page);

        var shown = await ShownAsync(page.Page);
        Assert.Equal(overall.GetProperty("count").GetInt64(), shown.Kpi["count"]);
        Assert.Equal(overall.GetProperty("p50Ms").GetInt64(), shown.Kpi["p50"]);
        Assert.Equal(overall.GetProperty("p90Ms").GetInt64(), shown.Kpi["p90"]);
        Assert.Equal(groups.ToDictionary(GroupKey, g => (g.GetProperty("count").GetInt64(), g.GetProperty("p50Ms").GetInt64(), g.GetProperty("p90Ms").GetInt64())),
            shown.Groups.ToDictionary(g => g.Key, g => (g.Count, g.P50, g.P90)));
        foreach (var clock in new[] { "border_compliance_import", "documentary_compliance_import", "border_compliance_export", "documentary_compliance_export" })
        {
            var rows = await RowsAsync(api, $"/api/v1/kpis?clock={clock}&from={From}&to={ToExclusive}");
            Assert.Equal(rows.Length == 0 ? 0 : rows[0].GetProperty("count").GetInt64(), shown.Compliance[clock]);
        }
        Assert.Equal(volumes.Sum(v => v.GetProperty("declarations").GetInt64()), shown.Volumes["declarations"]);
        Assert.Equal(volumes.Where(v => v.GetProperty("direction").GetString() == "Import").Sum(v => v.GetProperty("declarations").GetInt64()), shown.Volumes["importDeclarations"]);
        Assert.Equal(volumes.Sum(v => v.GetProperty("manifests").GetInt64()), shown.Volumes["manifests"]);
        Assert.Equal(cargo.Sum(c => c.GetProperty("units").GetInt64()), shown.CargoUnits);
        Assert.Equal(breaches.Select(b => $"{b.GetProperty("reference").GetString()} after {b.GetProperty("waitingAfter").GetString()}"), shown.Breaches);
        await AssertNoMissingValuesAsync(page.Page);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("bureau-zh-CN");

        // The export is the API's own answer for the table's query, byte for byte.
        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.Locator("[data-section=kpi] button[data-export=csv]").ClickAsync());
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!, Cancel);
        Assert.Equal(await api.GetStringAsync($"/api/v1/kpis?{kpiQuery}&groupBy=port,mode,direction&format=csv", Cancel), exported);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);

        await page.SwitchLanguageAsync("en");
        await WaitForSectionsAsync(page.Page);
        Assert.Equal("Clearance KPIs", await page.Page.Locator("main h1").TextContentAsync());
        Assert.Equal(shown, await ShownAsync(page.Page));
        await AssertNoMissingValuesAsync(page.Page);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("bureau-en");

        // Drill-down: the longest breach opens that shipment's timeline, as GET /shipments/{reference} has it.
        var reference = breaches[0].GetProperty("reference").GetString()!;
        var summary = await Json.ReadAsync(await api.GetAsync(breaches[0].GetProperty("shipmentLink").GetString(), Cancel));
        await page.Page.Locator($"[data-section=sla] a[data-drill='{reference}']").ClickAsync();
        await page.Page.WaitForFunctionAsync("count => document.querySelectorAll('ol.timeline > li').length === count", summary.GetProperty("timeline").GetArrayLength());
        Assert.Equal(reference, await page.Page.Locator("[data-fact=reference]").TextContentAsync());
        Assert.Equal(summary.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!),
            await page.Page.Locator("ol.timeline > li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.eventId)"));
        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('ol.timeline button.badge[data-state=pending], ol.timeline button.badge[data-state=checking]').length === 0");
        // The bureau may not have proofs of events holding plaintext sensitive details (docs/access.md): those answer 403 by design.
        page.AssertCleanRun(expectedApiStatuses: [403]);
    }

    [Fact]
    public async Task a_filter_the_api_refuses_shows_its_problem_detail_in_the_section()
    {
        using var api = fixture.As("bureau");
        var problem = await Problems.AssertAsync(await api.GetAsync("/api/v1/kpis?clock=customs_clearance&from=2024-01-01&to=2026-01-21", Cancel), System.Net.HttpStatusCode.BadRequest);

        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        await page.LoginWithApiKeyAsync(fixture.ApiKeys["bureau"]);
        await OperationsViewTests.GoToAsync(page, "#/bureau?from=2024-01-01&to=2026-01-20");
        var error = page.Page.Locator("[data-section=kpi] .error");
        await error.WaitForAsync();
        Assert.Contains(problem.GetProperty("detail").GetString()!, await error.TextContentAsync(), StringComparison.Ordinal);
        page.AssertCleanRun(expectedApiStatuses: [400]);
    }

    [Fact]
    public async Task the_inclusive_end_date_becomes_the_apis_exclusive_end_and_cargo_is_taken_at_it_or_now()
    {
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        var json = await page.Page.EvaluateAsync<string>("""
            async () => {
              const m = await import('/dashboard/views/bureau.js');
              const now = new Date('2026-03-10T09:30:00Z');
              const filters = m.filtersOf(new URLSearchParams('from=2026-01-01&to=2026-01-20&clock=overall_import&mode=air&target=0'), now);
              const defaults = m.filtersOf(new URLSearchParams('from=not-a-date&clock=unknown&port=cntsn'), now);
              return JSON.stringify({
                past: m.apiWindow(filters, now),
                ongoing: m.apiWindow({ ...filters, to: '2026-03-10' }, now),
                filters, defaults,
                volumes: m.volumesByPeriod([
                  { period: '2026-01-05', mode: 'Sea', direction: 'Import', declarations: 3, manifests: 2 },
                  { period: '2026-01-05', mode: 'Air', direction: 'Export', declarations: 4, manifests: 1 },
                  { period: '2026-01-04', mode: 'Air', direction: 'Import', declarations: 5, manifests: 0 },
                ], { mode: 'air', direction: '' }),
                cargo: m.cargoByPort([
                  { port: 'CNTSN', mode: 'Sea', direction: 'Import', enterprise: 'A', units: 2, totalDwellMs: 10, maxDwellMs: 7 },
                  { port: 'CNTSN', mode: 'Sea', direction: 'Import', enterprise: 'B', units: 3, totalDwellMs: 20, maxDwellMs: 9 },
                  { port: 'CNPEK', mode: 'Air', direction: 'Export', enterprise: 'A', units: 1, totalDwellMs: 5, maxDwellMs: 5 },
                ], { mode: '', direction: 'import' }),
              });
            }
            """);
        var result = JsonDocument.Parse(json).RootElement;
        Assert.Equal(("2026-01-01", "2026-01-21", "2026-01-21T00:00:00.000Z"), Window(result.GetProperty("past")));
        Assert.Equal(("2026-01-01", "2026-03-11", "2026-03-10T09:30:00.000Z"), Window(result.GetProperty("ongoing")));
        Assert.Equal(("overall_import", "air", 48), (result.GetProperty("filters").GetProperty("clock").GetString(), result.GetProperty("filters").GetProperty("mode").GetString(), result.GetProperty("filters").GetProperty("target").GetInt32()));
        var defaults = result.GetProperty("defaults");
        Assert.Equal(("2026-02-08", "2026-03-10", "customs_clearance", ""), (defaults.GetProperty("from").GetString(), defaults.GetProperty("to").GetString(), defaults.GetProperty("clock").GetString(), defaults.GetProperty("port").GetString()));
        // Only the air rows, per period in order: imports + exports / all declarations.
        Assert.Equal(["2026-01-04:5+0/5", "2026-01-05:0+4/4"], result.GetProperty("volumes").EnumerateArray().Select(v =>
            $"{v.GetProperty("period").GetString()}:{v.GetProperty("import").GetInt32()}+{v.GetProperty("export").GetInt32()}/{v.GetProperty("declarations").GetInt32()}"));
        var cargo = result.GetProperty("cargo").EnumerateArray().Single();
        Assert.Equal(("CNTSN|Sea|Import", 5, 30, 9), (cargo.GetProperty("key").GetString(), cargo.GetProperty("units").GetInt32(), cargo.GetProperty("totalDwellMs").GetInt32(), cargo.GetProperty("maxDwellMs").GetInt32()));
        page.AssertCleanRun();

        static (string?, string?, string?) Window(JsonElement w) => (w.GetProperty("from").GetString(), w.GetProperty("to").GetString(), w.GetProperty("at").GetString());
    }

    /// <summary>A field the view reads under a wrong name shows up as these words in the page.</summary>
    internal static async Task AssertNoMissingValuesAsync(IPage page)
    {
        var text = await page.Locator("main").InnerTextAsync();
        foreach (var word in new[] { "undefined", "NaN", "null", "[object" })
        {
            Assert.False(text.Contains(word, StringComparison.Ordinal), $"the page shows '{word}':\n{text}");
        }
    }

    /// <summary>Every section of the range drawn and loaded (the view of the previous route stays until the new one replaces it).</summary>
    private static async Task WaitForSectionsAsync(IPage page, string range = $"{From}/{To}") =>
        await page.WaitForFunctionAsync("range => document.querySelectorAll(`main section[data-range='${range}']`).length === 5 && document.querySelectorAll('main .loading').length === 0", range);

    private static async Task<JsonElement[]> RowsAsync(HttpClient api, string path)
    {
        var response = await api.GetAsync(path, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        return (await Json.ReadAsync(response)).GetProperty("rows").EnumerateArray().ToArray();
    }

    private static string GroupKey(JsonElement row) =>
        $"{row.GetProperty("port").GetString()}|{row.GetProperty("mode").GetString()}|{row.GetProperty("direction").GetString()}";

    private static async Task<ShownBureau> ShownAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => {
              const values = (selector, key) => Object.fromEntries([...document.querySelectorAll(selector)].map(e => [e.dataset[key], Number(e.dataset.value)]));
              return JSON.stringify({
                kpi: values('[data-section=kpi] dd[data-kpi]', 'kpi'),
                groups: [...document.querySelectorAll('[data-table=kpi-groups] tbody tr')].map(r => ({ key: r.dataset.group, count: Number(r.dataset.count), p50: Number(r.dataset.p50), p90: Number(r.dataset.p90) })),
                compliance: Object.fromEntries([...document.querySelectorAll('[data-table=compliance] tbody tr')].map(r => [r.dataset.clock, Number(r.dataset.count)])),
                volumes: values('[data-section=volumes] dd[data-volume]', 'volume'),
                cargoUnits: Number(document.querySelector('[data-section=cargo] dd[data-cargo=units]')?.dataset.value ?? 0),
                breaches: [...document.querySelectorAll('[data-table=sla] tbody tr')].map(r => `${r.dataset.reference} after ${r.dataset.waiting}`),
              });
            }
            """);
        var shown = JsonSerializer.Deserialize<ShownBureau>(json, JsonSerializerOptions.Web)!;
        return shown;
    }

    private sealed record ShownGroup(string Key, long Count, long P50, long P90);

    private sealed record ShownBureau(Dictionary<string, long> Kpi, ShownGroup[] Groups, Dictionary<string, long> Compliance, Dictionary<string, long> Volumes, long CargoUnits, string[] Breaches)
    {
        // Records compare collections by reference; the language switch must leave every figure as it was.
        public bool Equals(ShownBureau? other) =>
            other is not null && Kpi.OrderBy(k => k.Key).SequenceEqual(other.Kpi.OrderBy(k => k.Key)) && Groups.SequenceEqual(other.Groups)
            && Compliance.OrderBy(k => k.Key).SequenceEqual(other.Compliance.OrderBy(k => k.Key)) && Volumes.OrderBy(k => k.Key).SequenceEqual(other.Volumes.OrderBy(k => k.Key))
            && CargoUnits == other.CargoUnits && Breaches.SequenceEqual(other.Breaches);

        public override int GetHashCode() => HashCode.Combine(CargoUnits, Breaches.Length);
    }
}
