using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace TradeChain.Api.Tests.Browser;

/// <summary>
/// The operations board as the operator and the regulator see it: every node of GET /node/board
/// with its height, round, peers and mempool, read again on its own; the day's ledger activity as
/// the explorer counts it; the day's volumes by direction where the role may read them.
/// </summary>
[Trait("Category", "Browser")]
public sealed class OperationsViewTests(ApiFixture fixture, Chromium chromium)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_operator_reads_the_board_as_the_api_answers_and_it_refreshes_on_its_own()
    {
        using var api = fixture.As("operator");
        var board = await Json.ReadAsync(await api.GetAsync("/api/v1/node/board", Cancel));
        var (day, ledger) = await LedgerDayAsync(api);
        var volumes = await VolumeRowsAsync(api, day);

        await using var page = await chromium.OpenAsync(fixture.Server.Address, "zh-CN");
        await page.LoginWithApiKeyAsync(fixture.ApiKeys["operator"]);
        Assert.Equal(["operations"], await page.Page.Locator("#nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.view)"));
        await WaitForBoardAsync(page.Page);

        var nodes = board.GetProperty("nodes").EnumerateArray().ToArray();
        var shown = await ShownNodesAsync(page.Page);
        Assert.Equal(nodes.Select(n => n.GetProperty("node").GetString()!), shown.Select(s => s.Node));
        foreach (var (node, row) in nodes.Zip(shown))
        {
            var status = node.GetProperty("status");
            var peers = status.GetProperty("peers").EnumerateArray().ToArray();
            Assert.Equal(new ShownNode(node.GetProperty("node").GetString()!, "true", status.GetProperty("height").GetUInt64().ToString(CultureInfo.InvariantCulture),
                status.GetProperty("round").GetInt32().ToString(CultureInfo.InvariantCulture), status.GetProperty("mempoolBatches").GetUInt32().ToString(CultureInfo.InvariantCulture),
                $"{peers.Count(p => p.GetProperty("connected").GetBoolean())}/{peers.Length}", "0"), row);
        }
        Assert.Equal(board.GetProperty("reachable").GetInt32(), await FactAsync(page.Page, "[data-board=reachable]"));
        Assert.Equal(fixture.Ledger.Tip!.Height, (ulong)await FactAsync(page.Page, "[data-board=tip]"));

        // The board reads itself again: a second reading turns the commit rate into a figure (the test chain is still: 0).
        var firstAsOf = await page.Page.Locator("[data-role=as-of]").GetAttributeAsync("data-at");
        await page.Page.WaitForFunctionAsync("before => document.querySelector('[data-role=as-of]').dataset.at !== before", firstAsOf, new PageWaitForFunctionOptions { Timeout = 3 * 5_000 });
        await page.Page.WaitForFunctionAsync("() => !document.querySelector('[data-table=nodes] tbody tr').textContent.includes('待下次刷新')");

        await page.Page.Locator("input[name=day]").FillAsync(day);
        await page.Page.Locator("[data-section=activity] button[type=submit]").ClickAsync();
        await WaitForBoardAsync(page.Page, day);
        Assert.Equal(ledger, await LedgerFactsAsync(page.Page));
        await BureauViewTests.AssertNoMissingValuesAsync(page.Page);
        await AssertVolumesShownAsync(page.Page, volumes);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("operations-zh-CN");

        await page.SwitchLanguageAsync("en");
        await WaitForBoardAsync(page.Page, day);
        Assert.Equal("Operations board", await page.Page.Locator("main h1").TextContentAsync());
        Assert.Equal(shown, await ShownNodesAsync(page.Page));
        Assert.Equal(ledger, await LedgerFactsAsync(page.Page));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("operations-en");
        page.AssertCleanRun();
    }

    [Fact]
    public async Task the_regulator_sees_the_days_declarations_and_manifests_by_direction()
    {
        using var api = fixture.As("regulator");
        // The busiest filing day of the generated trade, so the figures are not all zero.
        var month = await Json.ReadAsync(await api.GetAsync("/api/v1/volumes?from=2026-01-01&to=2026-02-15&period=day", Cancel));
        var day = month.GetProperty("rows").EnumerateArray().GroupBy(r => r.GetProperty("period").GetString()!)
            .MaxBy(g => g.Sum(r => r.GetProperty("declarations").GetInt64()))!.Key;
        var rows = await VolumeRowsAsync(api, day);
        Assert.True(rows.Any(r => r.GetProperty("declarations").GetInt64() > 0), $"no declarations on {day}");

        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        await page.LoginWithApiKeyAsync(fixture.ApiKeys["regulator"]);
        await GoToAsync(page, $"#/operations?day={day}");
        await WaitForBoardAsync(page.Page, day);
        await AssertVolumesShownAsync(page.Page, rows);
        await BureauViewTests.AssertNoMissingValuesAsync(page.Page);
        await page.AssertAccessibleAsync();
        page.AssertCleanRun();
    }

    private static async Task<JsonElement[]> VolumeRowsAsync(HttpClient api, string day) =>
        (await Json.ReadAsync(await api.GetAsync($"/api/v1/volumes?from={day}&to={NextDay(day)}&period=day", Cancel))).GetProperty("rows").EnumerateArray().ToArray();

    /// <summary>The day's declarations by direction and its manifests on the board equal the API's volume rows.</summary>
    private static async Task AssertVolumesShownAsync(IPage page, JsonElement[] rows)
    {
        long Declarations(string direction) => rows.Where(r => r.GetProperty("direction").GetString() == direction).Sum(r => r.GetProperty("declarations").GetInt64());
        Assert.Equal(Declarations("Import"), await FactAsync(page, "[data-volume=import]"));
        Assert.Equal(Declarations("Export"), await FactAsync(page, "[data-volume=export]"));
        Assert.Equal(rows.Sum(r => r.GetProperty("manifests").GetInt64()), await FactAsync(page, "[data-volume=manifests]"));
    }

    [Fact]
    public async Task the_commit_rate_is_blocks_per_minute_over_the_last_minute_of_readings()
    {
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        var rates = await page.Page.EvaluateAsync<double?[]>("""
            async () => {
              const { commitRate } = await import('/dashboard/views/operations.js');
              const reading = (seconds, a, b) => ({ atMs: seconds * 1000, heights: { a, b } });
              const readings = [reading(0, 100, 7), reading(30, 110, null), reading(60, 130, null), reading(90, 160, 7)];
              return [commitRate(readings, 'a'), commitRate(readings, 'b'), commitRate(readings.slice(0, 1), 'a'), commitRate(readings, 'missing')];
            }
            """);
        // a: the readings within a minute of the last (30 s → 90 s) gained 50 blocks; b: 0 blocks over 90 s (down in between); one reading or none: no rate yet.
        Assert.Equal([50.0, 0.0, null, null], rates);
        page.AssertCleanRun();
    }

    /// <summary>The UTC day of the newest block, and the blocks, transactions and events the explorer lists for it.</summary>
    private static async Task<(string Day, LedgerFacts Facts)> LedgerDayAsync(HttpClient api)
    {
        var blocks = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await Json.ReadAsync(await api.GetAsync("/api/v1/explorer/blocks?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), Cancel));
            blocks.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        var dayOf = (JsonElement b) => DateTimeOffset.FromUnixTimeMilliseconds(b.GetProperty("timestampMs").GetInt64()).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var day = dayOf(blocks[0]);
        var ofDay = blocks.Where(b => dayOf(b) == day).ToArray();
        return (day, new LedgerFacts(ofDay.Length, ofDay.Sum(b => b.GetProperty("transactionCount").GetInt64()), ofDay.Sum(b => b.GetProperty("eventCount").GetInt64())));
    }

    private static string NextDay(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Opens a route by its address, as a bookmark would, once the view shown after sign-in is drawn:
    /// the shell draws a view whose module arrives after a newer route over it when the first route is empty.
    /// </summary>
    internal static async Task GoToAsync(DashboardPage page, string hash)
    {
        await page.Page.Locator("main h1.view-heading").WaitForAsync();
        await page.Page.EvaluateAsync("hash => { location.hash = hash; }", hash);
        await page.Page.WaitForFunctionAsync("hash => location.hash === hash && document.querySelector('main h1.view-heading')", hash);
    }

    /// <summary>The board and the activity of the day drawn (today's when no day is given: the view of the previous route stays until the new one replaces it).</summary>
    private static async Task WaitForBoardAsync(IPage page, string? day = null) =>
        await page.WaitForFunctionAsync(
            "day => document.querySelector('[data-table=nodes]') && document.querySelector(`[data-section=activity][data-day='${day ?? new Date().toISOString().slice(0, 10)}'] [data-ledger=blocks]`) && document.querySelectorAll('main .loading').length === 0",
            day);

    private static async Task<long> FactAsync(IPage page, string selector) =>
        long.Parse((await page.Locator(selector).GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

    private static async Task<LedgerFacts> LedgerFactsAsync(IPage page) =>
        new(await FactAsync(page, "[data-ledger=blocks]"), await FactAsync(page, "[data-ledger=transactions]"), await FactAsync(page, "[data-ledger=events]"));

    private static async Task<ShownNode[]> ShownNodesAsync(IPage page) =>
        JsonSerializer.Deserialize<ShownNode[]>(await page.Locator("[data-table=nodes] tbody tr").EvaluateAllAsync<string>(
            "rows => JSON.stringify(rows.map(r => ({ node: r.dataset.node, reachable: r.dataset.reachable, height: r.dataset.height, round: r.dataset.round, mempool: r.dataset.mempool, peers: r.dataset.peers, lag: r.dataset.lag })))"),
            JsonSerializerOptions.Web)!;

    private sealed record ShownNode(string Node, string Reachable, string Height, string Round, string Mempool, string Peers, string Lag);

    private sealed record LedgerFacts(long Blocks, long Transactions, long Events);
}
