using System.Text;
using System.Text.Json;

namespace TradeChain.Api.Tests.Browser;

/// <summary>A port partner signs in with its API key, pushes a file from the feed console and reads the ledger's receipt.</summary>
[Trait("Category", "Browser")]
public sealed class PartnerViewTests(ApiFixture fixture, Chromium chromium)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_partner_pushes_a_file_and_the_receipt_shows_what_the_ledger_answered()
    {
        // Unique source references (this test owns its events in the shared submitter) and one container number with a wrong check digit.
        var unique = Guid.NewGuid().ToString("N")[..8];
        var message = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "customs-release-and-tax.json"))
            .Replace("REL-", $"REL-{unique}-", StringComparison.Ordinal)
            .Replace("TAX-", $"TAX-{unique}-", StringComparison.Ordinal)
            .Replace("\"CSQU3054383\"", "\"CSQU3054384\"", StringComparison.Ordinal);

        await using var page = await chromium.OpenAsync(fixture.Server.Address, "zh-CN");
        await page.LoginWithApiKeyAsync(fixture.ApiKeys["port-cntsn"]);
        Assert.Equal(["shipments", "feeds"], await page.Page.Locator("#nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.view)"));
        await page.Page.Locator("#nav a[data-view=feeds]").ClickAsync();
        await page.Page.Locator("select[name=format]").SelectOptionAsync("tradechain-json");
        await page.Page.Locator("select[name=feed]").SelectOptionAsync("customs-status");
        await page.Page.Locator("input[name=file]").SetInputFilesAsync(new Microsoft.Playwright.FilePayload
        {
            Name = "customs-release-and-tax.json",
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes(message),
        });
        await page.Page.Locator("form button[type=submit]").ClickAsync();
        var receipt = page.Page.Locator("[data-role=receipt]");
        await receipt.WaitForAsync();
        var shown = await ShownAsync(page);
        Assert.Equal((1, 0, 1), (shown.Accepted, shown.Duplicates, shown.Rejected.Length));

        // The submissions and dead-letter lists reload after the push and show it as the API lists it.
        using var api = fixture.As("port-cntsn");
        var submissions = await Json.ReadAsync(await api.GetAsync("/api/v1/feeds/submissions?limit=50", Cancel));
        var ours = submissions.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()).SequenceEqual(shown.AcceptedIds));
        var row = page.Page.Locator($"[data-role=submissions] tr[data-submission='{ours.GetProperty("submissionId").GetInt64()}']");
        await row.WaitForAsync();
        Assert.Equal(["1", "0", "1"], await row.Locator("td[data-count]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.firstChild.textContent)"));
        var rejectedItem = ours.GetProperty("rejected")[0];
        Assert.Equal([[rejectedItem.GetProperty("item").GetString()!, rejectedItem.GetProperty("code").GetString()!, rejectedItem.GetProperty("reason").GetString()!]], shown.Rejected);
        await page.Page.Locator($"[data-role=dead-letters] tbody tr td:text-is('{rejectedItem.GetProperty("item").GetString()}')").WaitForAsync();
        await page.ScreenshotAsync("partner-zh-CN");

        await page.SwitchLanguageAsync("en");
        await receipt.WaitForAsync();
        Assert.StartsWith("Receipt: customs-release-and-tax.json", await page.Page.Locator("#receipt-heading").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(shown, await ShownAsync(page));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("partner-en");

        // The same message again through the API: what the page showed as accepted is now a duplicate, and the same item is refused for the same reason.
        var again = await Json.ReadAsync(await api.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new StringContent(message, Encoding.UTF8, "application/json"), Cancel));
        Assert.Equal(again.GetProperty("duplicates").EnumerateArray().Select(e => e.GetString()), shown.AcceptedIds);
        var rejected = again.GetProperty("rejected").EnumerateArray().Single();
        Assert.Equal([[rejected.GetProperty("item").GetString()!, rejected.GetProperty("code").GetString()!, rejected.GetProperty("reason").GetString()!]], shown.Rejected);

        // After a reload both pushes are listed, newest first, exactly as the API lists this test's items (other tests push as this partner too).
        await page.Page.ReloadAsync();
        await page.Page.Locator("[data-role=dead-letters] tbody tr").First.WaitForAsync();
        var deadLetters = await Json.ReadAsync(await api.GetAsync("/api/v1/dead-letters?limit=500", Cancel));
        var expected = deadLetters.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("item").GetString()!).Where(i => i.Contains(unique, StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, expected.Length);
        while (await page.Page.Locator("[data-role=dead-letters] button").CountAsync() > 0)
        {
            var rows = await page.Page.Locator("[data-role=dead-letters] tbody tr").CountAsync();
            await page.Page.Locator("[data-role=dead-letters] button").ClickAsync();
            await page.Page.WaitForFunctionAsync("n => document.querySelectorAll('[data-role=dead-letters] tbody tr').length > n", rows);
        }
        var listed = await page.Page.Locator("[data-role=dead-letters] tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.children[2].textContent)");
        Assert.Equal(expected, listed.Where(i => i.Contains(unique, StringComparison.Ordinal)));
        page.AssertCleanRun();
    }

    private static async Task<ShownReceipt> ShownAsync(DashboardPage page)
    {
        var json = await page.Page.Locator("[data-role=receipt]").EvaluateAsync<string>("""
            receipt => JSON.stringify({
              accepted: Number(receipt.querySelector('[data-count=accepted]').textContent),
              duplicates: Number(receipt.querySelector('[data-count=duplicates]').textContent),
              acceptedIds: [...receipt.querySelectorAll('[data-ids=accepted] li')].map(li => li.textContent),
              rejected: [...receipt.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent)),
            })
            """);
        return JsonSerializer.Deserialize<ShownReceipt>(json, JsonSerializerOptions.Web)!;
    }

    private sealed record ShownReceipt(int Accepted, int Duplicates, string[] AcceptedIds, string[][] Rejected)
    {
        public bool Equals(ShownReceipt? other) => other is not null && Accepted == other.Accepted && Duplicates == other.Duplicates
            && AcceptedIds.SequenceEqual(other.AcceptedIds) && Rejected.Length == other.Rejected.Length && Rejected.Zip(other.Rejected).All(p => p.First.SequenceEqual(p.Second));

        public override int GetHashCode() => HashCode.Combine(Accepted, Duplicates);
    }
}
