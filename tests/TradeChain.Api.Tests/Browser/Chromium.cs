using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TradeChain.Testing;

[assembly: AssemblyFixture(typeof(TradeChain.Api.Tests.Browser.Chromium))]

namespace TradeChain.Api.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright (never a downloaded browser). Each page gets its own
/// browser process with a fresh user-data directory, so no storage or cache leaks between tests.
/// Where chromium is not installed the tests skip with that reason; test.sh installs it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Flags for a quiet, offline, reproducible browser: nothing it does on its own may leave the machine.</summary>
    public static readonly IReadOnlyList<string> Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private IPlaywright? _playwright;

    /// <summary>Why the browser tests cannot run here; null when they can.</summary>
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            SkipReason = $"chromium is not installed at {ExecutablePath} (./test.sh installs it with apt-get install chromium)";
            return;
        }
        _playwright = await Playwright.CreateAsync();
    }

    public async Task<DashboardPage> OpenAsync(Uri server, string language)
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
        var profile = new TempDirectory();
        var context = await _playwright!.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            Locale = language,
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        return await DashboardPage.OpenAsync(context, profile, server, language);
    }

    public ValueTask DisposeAsync()
    {
        _playwright?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// One dashboard tab and what it did: console errors, uncaught exceptions and any request to a host
/// other than the API's loopback address (refused and recorded: the dashboard must work offline).
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    /// <summary>A page's main task (a search with its proof checks, a push) finishes well within this.</summary>
    public const float TimeoutMs = 20_000;

    private readonly IBrowserContext _context;
    private readonly TempDirectory _profile;
    private readonly Uri _server;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _foreignRequests = new();
    private readonly ConcurrentQueue<(string Path, int Status)> _failedResponses = new();

    private DashboardPage(IBrowserContext context, TempDirectory profile, IPage page, Uri server)
    {
        _context = context;
        _profile = profile;
        Page = page;
        _server = server;
    }

    public IPage Page { get; }

    public static async Task<DashboardPage> OpenAsync(IBrowserContext context, TempDirectory profile, Uri server, string language)
    {
        context.SetDefaultTimeout(TimeoutMs);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var dashboard = new DashboardPage(context, profile, page, server);
        page.Console += (_, message) =>
        {
            // The browser logs every HTTP error status as a console error too; those are judged by status in AssertCleanRun.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of", StringComparison.Ordinal))
            {
                dashboard._errors.Enqueue($"console: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                dashboard._failedResponses.Enqueue((new Uri(response.Url).AbsolutePath, response.Status));
            }
        };
        page.PageError += (_, error) => dashboard._errors.Enqueue($"page error: {error}");
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" && (url.Host != server.Host || url.Port != server.Port))
            {
                dashboard._foreignRequests.Enqueue(route.Request.Url);
                await route.AbortAsync();
                return;
            }
            await route.ContinueAsync();
        });
        // The language the user chose last time is remembered by the page; a fresh profile starts from the one asked for.
        await page.AddInitScriptAsync($"localStorage.setItem('tradechain.language', '{language}')");
        await page.GotoAsync(new Uri(server, "/dashboard/").ToString());
        return dashboard;
    }

    public async Task LoginWithPasswordAsync(string principal, string password)
    {
        await Page.Locator("input[name=principal]").FillAsync(principal);
        await Page.Locator("input[name=password]").FillAsync(password);
        await Page.Locator("form.login button[type=submit]").ClickAsync();
        await Page.Locator("#logout:not([hidden])").WaitForAsync();
    }

    public async Task LoginWithApiKeyAsync(string apiKey)
    {
        await Page.Locator("input[name=method][value=key]").CheckAsync();
        await Page.Locator("input[name=apiKey]").FillAsync(apiKey);
        await Page.Locator("form.login button[type=submit]").ClickAsync();
        await Page.Locator("#logout:not([hidden])").WaitForAsync();
    }

    /// <summary>Switches the language with the page's own control, as a user would.</summary>
    public async Task SwitchLanguageAsync(string language)
    {
        await Page.Locator("#language").SelectOptionAsync(language);
        await Page.WaitForFunctionAsync($"() => document.documentElement.lang === '{language}'");
    }

    /// <summary>
    /// axe-core's WCAG 2.0/2.1 A and AA rules (contrast, labels, landmarks, names, lang) over the page
    /// as it is now; axe runs inside the page from the package, nothing is fetched.
    /// </summary>
    public async Task AssertAccessibleAsync()
    {
        var result = await Page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        // Proof that the rules ran over real content: contrast and names were checked, not skipped.
        Assert.Contains(result.Passes, p => p.Id == "color-contrast");
        Assert.Contains(result.Passes, p => p.Id == "html-has-lang");
        Assert.True(result.Violations.Length == 0, "accessibility violations:\n" + string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target + " " + n.Html))}")));
    }

    /// <summary>Saves docs/screenshots/{name}.png for the README and docs/dashboard.md.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// What every test checks last: no console error, no uncaught exception, no request beyond the
    /// API's loopback address, no dashboard file or API call failing except with the API statuses
    /// the test expects (a 403 for a withheld proof is the access rule working, not a fault).
    /// </summary>
    public void AssertCleanRun(params int[] expectedApiStatuses)
    {
        Assert.True(_errors.IsEmpty, "the page logged errors:\n" + string.Join("\n", _errors));
        var unexpected = _failedResponses.Where(r => !(r.Path.StartsWith("/api/", StringComparison.Ordinal) && expectedApiStatuses.Contains(r.Status))).ToArray();
        Assert.True(unexpected.Length == 0, "requests failed:\n" + string.Join("\n", unexpected.Select(r => $"{r.Status} {r.Path}")));
        Assert.True(_foreignRequests.IsEmpty, $"the page tried to reach hosts other than {_server.Authority}:\n" + string.Join("\n", _foreignRequests));
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _profile.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradeChain.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no TradeChain.sln above {AppContext.BaseDirectory}");
    }
}
