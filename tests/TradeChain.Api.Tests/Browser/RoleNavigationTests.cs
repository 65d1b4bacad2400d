namespace TradeChain.Api.Tests.Browser;

/// <summary>Every role signs in and is offered exactly the views its API access supports (docs/dashboard.md), and its first view draws cleanly.</summary>
[Trait("Category", "Browser")]
public sealed class RoleNavigationTests(ApiFixture fixture, Chromium chromium)
{
    private static readonly (string Principal, string[] Views)[] Expected =
    [
        ("exporter-a", ["shipments"]),
        ("importer-b", ["shipments"]),
        ("bureau", ["shipments", "bureau"]),
        // Only a principal bound to a partner profile pushes feeds; the fixture's customs, airport and tax principals have none.
        ("customs", ["shipments", "bureau"]),
        ("port-cntsn", ["shipments", "feeds"]),
        ("airport-cnpek", ["shipments"]),
        ("tax", ["shipments", "bureau"]),
        ("regulator", ["shipments", "bureau", "operations"]),
        ("operator", ["operations"]),
    ];

    [Fact]
    public async Task each_role_is_offered_its_views_and_signing_out_returns_to_the_sign_in_form()
    {
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        foreach (var (principal, views) in Expected)
        {
            await page.LoginWithApiKeyAsync(fixture.ApiKeys[principal]);
            Assert.Equal(views, await page.Page.Locator("#nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.view)"));
            Assert.Equal(views[0], await page.Page.Locator("#nav a[aria-current=page]").GetAttributeAsync("data-view"));
            await page.Page.Locator("main h1").WaitForAsync();
            Assert.Contains(principal, await page.Page.Locator("#who").TextContentAsync(), StringComparison.Ordinal);
            await page.Page.Locator("#logout").ClickAsync();
            await page.Page.Locator("form.login").WaitForAsync();
            Assert.Equal(0, await page.Page.Locator("#nav a").CountAsync());
            Assert.Equal("null", await page.Page.EvaluateAsync<string>("String(sessionStorage.getItem('tradechain.session'))"));
        }
        page.AssertCleanRun();
    }

    [Fact]
    public async Task a_wrong_password_shows_the_apis_reason_and_keeps_the_user_signed_out()
    {
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        await page.Page.Locator("input[name=principal]").FillAsync("exporter-a");
        await page.Page.Locator("input[name=password]").FillAsync("not the password");
        await page.Page.Locator("form.login button[type=submit]").ClickAsync();
        var message = page.Page.Locator("form.login .error");
        await message.WaitForAsync();
        Assert.Contains("the principal or password is wrong", await message.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Page.Locator("#logout").IsHiddenAsync());
        page.AssertCleanRun(expectedApiStatuses: [401]);
    }
}
