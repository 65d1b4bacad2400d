namespace TradeChain.Api.Tests.Browser;

/// <summary>The dashboard by keyboard alone, with visible focus, and axe-core's WCAG A/AA rules on each main page state.</summary>
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(ApiFixture fixture, Chromium chromium)
{
    /// <summary>Tab presses allowed to reach a control: the page has a handful before any field.</summary>
    private const int MaxTabs = 15;

    [Fact]
    public async Task sign_in_search_and_open_a_proof_with_the_keyboard_alone()
    {
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "zh-CN");
        await page.AssertAccessibleAsync();
        var keyboard = page.Page.Keyboard;

        // The first Tab reaches the skip link, visible when focused; Enter moves focus to the main content without changing the route.
        await keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.Page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.True(await page.Page.EvaluateAsync<bool>("document.activeElement.getBoundingClientRect().top >= 0"), "the focused skip link is off screen");
        await keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.Page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.Equal("", await page.Page.EvaluateAsync<string>("location.hash"));

        await TabToAsync(page, "input[name=principal]");
        await keyboard.TypeAsync("exporter-a");
        await keyboard.PressAsync("Tab");
        await keyboard.TypeAsync(ApiFixture.TestPassword);
        await keyboard.PressAsync("Enter");
        await page.Page.Locator("#logout:not([hidden])").WaitForAsync();

        // After sign-in the view's heading has focus; the navigation is behind it (Shift+Tab), the search right after it.
        await page.Page.WaitForFunctionAsync("() => document.activeElement.tagName === 'H1'");
        await TabToAsync(page, "#nav a", backwards: true);
        // Focus is visible on every control reached by keyboard: an outline, not just a colour change.
        Assert.NotEqual("none", await page.Page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));

        await TabToAsync(page, "input[name=reference]");
        await keyboard.TypeAsync(fixture.DeclarationOfA);
        await keyboard.PressAsync("Enter");
        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('ol.timeline button.badge[data-state=verified]').length > 0 && document.querySelectorAll('ol.timeline button.badge[data-state=checking], ol.timeline button.badge[data-state=pending]').length === 0");
        await page.AssertAccessibleAsync();

        // A verified badge is a button: Enter opens how the proof was checked.
        await TabToAsync(page, "button.badge[data-state=verified]");
        Assert.NotEqual("none", await page.Page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await keyboard.PressAsync("Enter");
        Assert.True(await page.Page.EvaluateAsync<bool>("document.activeElement.closest('li').querySelector('details.proof').open"));
        page.AssertCleanRun(expectedApiStatuses: [403]);
    }

    [Fact]
    public async Task the_feed_console_passes_the_wcag_rules_in_both_languages()
    {
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        await page.LoginWithApiKeyAsync(fixture.ApiKeys["port-cntsn"]);
        await page.Page.Locator("#nav a[data-view=feeds]").ClickAsync();
        await page.Page.Locator("[data-role=submissions] h2").WaitForAsync();
        await page.AssertAccessibleAsync();
        await page.SwitchLanguageAsync("zh-CN");
        await page.Page.Locator("[data-role=submissions] h2").WaitForAsync();
        await page.AssertAccessibleAsync();
        page.AssertCleanRun();
    }

    private static async Task TabToAsync(DashboardPage page, string selector, bool backwards = false)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await page.Page.EvaluateAsync<bool>($"document.activeElement.matches({System.Text.Json.JsonSerializer.Serialize(selector)})"))
            {
                return;
            }
        }
        Assert.Fail($"{MaxTabs} Tab presses did not reach {selector}; focus is on {await page.Page.EvaluateAsync<string>("document.activeElement.outerHTML.slice(0, 120)")}");
    }
}
