using System.Text.Json;

namespace TradeChain.Api.Tests.Browser;

/// <summary>Every dictionary of the dashboard (the shell's and each view's) has exactly the same keys in zh-CN and en.</summary>
[Trait("Category", "Browser")]
public sealed class DictionaryTests(ApiFixture fixture, Chromium chromium)
{
    [Fact]
    public async Task both_languages_have_exactly_the_same_keys_in_every_dictionary()
    {
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "zh-CN");
        var report = JsonDocument.Parse(await page.Page.EvaluateAsync<string>("""
            async () => {
              const { keyMismatch, LANGUAGES } = await import('/dashboard/js/i18n.js');
              const { VIEWS } = await import('/dashboard/js/views.js');
              const modules = { shell: await import('/dashboard/js/shell-texts.js') };
              for (const view of VIEWS) modules[view.id] = await view.load();
              const report = {};
              for (const [name, module] of Object.entries(modules)) {
                report[name] = { ...keyMismatch(module.texts), sizes: LANGUAGES.map(l => Object.keys(module.texts[l] ?? {}).length) };
              }
              return JSON.stringify(report);
            }
            """)).RootElement;
        Assert.Equal(["shell", "shipments", "feeds", "bureau", "operations"], report.EnumerateObject().Select(p => p.Name));
        foreach (var dictionary in report.EnumerateObject())
        {
            Assert.True(dictionary.Value.GetProperty("only-zh-CN").GetArrayLength() == 0, $"{dictionary.Name}: keys only in zh-CN: {dictionary.Value.GetProperty("only-zh-CN")}");
            Assert.True(dictionary.Value.GetProperty("only-en").GetArrayLength() == 0, $"{dictionary.Name}: keys only in en: {dictionary.Value.GetProperty("only-en")}");
            Assert.True(dictionary.Value.GetProperty("sizes")[0].GetInt32() > 0, $"{dictionary.Name} has an empty zh-CN dictionary");
        }
        page.AssertCleanRun();
    }
}
