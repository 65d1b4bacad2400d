using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace TradeChain.Api.Tests.Browser;

/// <summary>An exporter signs in, searches its declaration and reads the timeline; every milestone's proof is checked in the browser.</summary>
[Trait("Category", "Browser")]
public sealed class ExporterViewTests(ApiFixture fixture, Chromium chromium)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_exporter_sees_its_timeline_as_the_api_answers_with_each_milestone_verified_on_ledger()
    {
        using var api = fixture.As("exporter-a");
        var reference = fixture.DeclarationOfA;
        var summary = await Json.ReadAsync(await api.GetAsync($"/api/v1/shipments/{reference}", Cancel));
        var timeline = summary.GetProperty("timeline").EnumerateArray().ToArray();
        var proofStatus = new Dictionary<string, HttpStatusCode>();
        foreach (var entry in timeline)
        {
            var id = entry.GetProperty("eventId").GetString()!;
            proofStatus[id] = (await api.GetAsync($"/api/v1/shipments/{reference}/events/{id}/proof", Cancel)).StatusCode;
        }
        Assert.Contains(HttpStatusCode.OK, proofStatus.Values);

        await using var page = await chromium.OpenAsync(fixture.Server.Address, "zh-CN");
        Assert.Equal("zh-CN", await page.Page.EvaluateAsync<string>("document.documentElement.lang"));
        await page.LoginWithPasswordAsync("exporter-a", ApiFixture.TestPassword);
        // An exporter's role offers shipment tracking only.
        Assert.Equal(["shipments"], await page.Page.Locator("#nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.view)"));

        await page.Page.Locator("input[name=reference]").FillAsync(reference);
        await page.Page.Locator("input[name=reference]").PressAsync("Enter");
        await WaitForProofChecksAsync(page.Page, timeline.Length);
        await AssertShowsAsync(page.Page, summary, proofStatus, "zh-CN");
        await page.ScreenshotAsync("exporter-zh-CN");

        await page.SwitchLanguageAsync("en");
        await WaitForProofChecksAsync(page.Page, timeline.Length);
        Assert.Equal("Shipment tracking", await page.Page.Locator("main h1").TextContentAsync());
        await AssertShowsAsync(page.Page, summary, proofStatus, "en");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("exporter-en");
        page.AssertCleanRun(expectedApiStatuses: proofStatus.ContainsValue(HttpStatusCode.Forbidden) ? [403] : []);
    }

    [Fact]
    public async Task a_reference_the_exporter_may_not_see_shows_the_apis_not_found_detail()
    {
        using var api = fixture.As("exporter-a");
        var problem = await Problems.AssertAsync(await api.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfB}", Cancel), HttpStatusCode.NotFound);

        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        await page.LoginWithPasswordAsync("exporter-a", ApiFixture.TestPassword);
        await page.Page.Locator("input[name=reference]").FillAsync(fixture.DeclarationOfB);
        await page.Page.Locator("form[role=search] button[type=submit]").ClickAsync();
        var error = page.Page.Locator("main .error");
        await error.WaitForAsync();
        Assert.Contains(problem.GetProperty("detail").GetString()!, await error.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.Locator("ol.timeline").CountAsync());
        page.AssertCleanRun(expectedApiStatuses: [404]);
    }

    [Fact]
    public async Task an_exporter_subscribes_to_its_shipment_sees_the_subscription_the_api_lists_and_deletes_it()
    {
        using var api = fixture.As("exporter-a");
        var reference = fixture.DeclarationOfA;
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        await page.LoginWithPasswordAsync("exporter-a", ApiFixture.TestPassword);
        await page.Page.Locator("input[name=reference]").FillAsync(reference);
        await page.Page.Locator("input[name=reference]").PressAsync("Enter");
        await page.Page.Locator("ol.timeline").WaitForAsync();

        // Only the address is typed; nothing is delivered in this fixture (no block source), so no request leaves the machine.
        var target = $"https://hooks.example.test/tradechain/{Guid.NewGuid():N}";
        await page.Page.Locator("input[name=webhookUrl]").FillAsync(target);
        await page.Page.Locator("input[name=eventType][value=Released]").CheckAsync();
        await page.Page.Locator("form.subscribe button[type=submit]").ClickAsync();
        var secret = page.Page.Locator("[data-role=secret] code");
        await secret.WaitForAsync();
        Assert.StartsWith("whsec_", await secret.TextContentAsync(), StringComparison.Ordinal);

        var owned = (await Json.ReadAsync(await api.GetAsync("/api/v1/subscriptions", Cancel))).EnumerateArray().Single(s => s.GetProperty("url").GetString() == target);
        Assert.Equal(reference, owned.GetProperty("filter").GetProperty("shipmentReference").GetString());
        Assert.Equal(["Released"], owned.GetProperty("filter").GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        var id = owned.GetProperty("id").GetString()!;
        var row = page.Page.Locator($"[data-role=subscriptions] tr[data-subscription='{id}']");
        await row.WaitForAsync();
        // The form is ready for the next one: address and types cleared, "this reference only" still the default.
        Assert.Equal("", await page.Page.Locator("input[name=webhookUrl]").InputValueAsync());
        Assert.True(await page.Page.Locator("input[name=onlyThis]").IsCheckedAsync());
        Assert.False(await page.Page.Locator("input[name=eventType][value=Released]").IsCheckedAsync());
        Assert.Contains(target, await row.TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("exporter-subscriptions-en");

        await row.Locator("button").ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Problems.AssertAsync(await api.GetAsync($"/api/v1/subscriptions/{id}", Cancel), HttpStatusCode.NotFound);
        page.AssertCleanRun(expectedApiStatuses: [403]);
    }

    private static async Task WaitForProofChecksAsync(IPage page, int milestones)
    {
        await page.WaitForFunctionAsync(
            "count => document.querySelectorAll('ol.timeline > li').length === count && document.querySelectorAll('ol.timeline button.badge[data-state=pending], ol.timeline button.badge[data-state=checking]').length === 0",
            milestones);
    }

    /// <summary>The page's timeline, facts and badges against the API's answer and the view's own dictionary.</summary>
    private static async Task AssertShowsAsync(IPage page, JsonElement summary, IReadOnlyDictionary<string, HttpStatusCode> proofStatus, string language)
    {
        var timeline = summary.GetProperty("timeline").EnumerateArray().ToArray();
        var shown = JsonSerializer.Deserialize<ShownMilestone[]>(await page.Locator("ol.timeline > li").EvaluateAllAsync<string>(
            "items => JSON.stringify(items.map(li => ({ eventId: li.dataset.eventId, eventType: li.dataset.eventType, occurredAt: li.dataset.occurredAt, badge: li.querySelector('button.badge').dataset.state, flags: li.querySelector('.flags')?.dataset.flags ?? '' })))"),
            JsonSerializerOptions.Web)!;
        Assert.Equal(timeline.Select(t => t.GetProperty("eventId").GetString()), shown.Select(s => s.EventId));
        Assert.Equal(timeline.Select(t => t.GetProperty("eventType").GetString()), shown.Select(s => s.EventType));
        foreach (var milestone in shown)
        {
            var expected = proofStatus[milestone.EventId] switch
            {
                HttpStatusCode.OK => "verified",
                HttpStatusCode.Forbidden => "withheld",
                var other => throw new InvalidOperationException($"the API answered {other} for the proof of {milestone.EventId}"),
            };
            Assert.True(expected == milestone.Badge, $"milestone {milestone.EventType} {milestone.EventId}: badge '{milestone.Badge}', the API's proof answer means '{expected}'");
        }
        var apiFlags = summary.GetProperty("flags").GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(f => f != "None").Order();
        Assert.Equal(apiFlags, shown.SelectMany(s => s.Flags.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order());

        var dictionary = await page.EvaluateAsync<Dictionary<string, string>>($"import('/dashboard/views/exporter.js').then(m => m.texts['{language}'])");
        Assert.Equal(dictionary["status." + summary.GetProperty("status").GetString()], await page.Locator("[data-fact=status]").TextContentAsync());
        Assert.Equal(summary.GetProperty("visibleEvents").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("[data-fact=events]").TextContentAsync());
        var verified = shown.Count(s => s.Badge == "verified");
        Assert.Equal(verified.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("[data-role=verified-count]").GetAttributeAsync("data-verified"));
        Assert.Equal(language, await page.EvaluateAsync<string>("document.documentElement.lang"));
    }

    private sealed record ShownMilestone(string EventId, string EventType, string OccurredAt, string Badge, string Flags);
}
