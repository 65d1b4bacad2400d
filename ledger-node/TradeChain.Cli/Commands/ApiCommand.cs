using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using TradeChain.Analytics.Store;
using TradeChain.Api.Hosting;
using TradeChain.Cli.Configuration;
using TradeChain.Cli.Hosting;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain api run</c>: the API host from configuration; <c>api key</c>: the first operator's
/// key on a new deployment; <c>api probe</c>: a health check that needs no curl in the image.
/// </summary>
internal static class ApiCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static Command Create() => new("api", "The HTTP API: run it, issue a first key, probe its health.")
    {
        CreateRun(),
        CreateKey(),
        CreateProbe(),
    };

    private static Command CreateRun()
    {
        var configOption = new Option<FileInfo?>("--config") { Description = "A JSON file with the Api, Analytics (store) and Ingest (feed-push partners) sections; TRADECHAIN__API__… variables override it." };
        var urlsOption = new Option<string>("--urls") { Description = "Where to listen, e.g. http://0.0.0.0:8080 (';' between several).", DefaultValueFactory = _ => DefaultUrls };
        var command = new Command("run", "Run the API (/api/v1, OpenAPI, health) on the member node and the analytics store (DuckDB or ClickHouse), until Ctrl+C / SIGTERM.")
        {
            configOption, urlsOption,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (CommandConfiguration.Load<ApiRunConfiguration>("api run", parseResult.GetValue(configOption), error, out var configuration) is not { } settings)
            {
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            if (CommandConfiguration.Report("api run", settings.Validate(configuration), error))
            {
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            IAnalyticsStore store;
            try
            {
                store = await settings.Analytics.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error.WriteLine($"api run: cannot open the analytics store ({settings.Analytics.Describe()}): {e.Message}");
                return TradeChainCli.ExitCodes.CheckFailed;
            }
            ApiComposition composition;
            try
            {
                composition = ApiComposition.FromConfiguration(configuration, store);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
            {
                await store.DisposeAsync().ConfigureAwait(false);
                error.WriteLine($"api run: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            await using (composition.ConfigureAwait(false))
            {
                var urls = parseResult.GetRequiredValue(urlsOption);
                await using var app = ApiHost.Build(["--urls", urls], composition.Components, builder => builder.Configuration.AddConfiguration(configuration));
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                output.WriteLine($"api run: listening on {urls}; node {settings.Api.NodeAddress}; analytics {settings.Analytics.Describe()}; feed push {(composition.Components.Feeds is null ? "off" : "on")}");
                output.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C / SIGTERM
                }
                using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
                output.WriteLine("api run: stopped");
                return TradeChainCli.ExitCodes.Ok;
            }
        });
        return command;
    }

    private static Command CreateKey()
    {
        var configOption = new Option<FileInfo?>("--config") { Description = "The same configuration as 'api run' (file and TRADECHAIN__ variables); only Api:DataDirectory is used." };
        var principalOption = new Option<string>("--principal") { Description = "The principal's id (created or updated).", Required = true };
        var roleOption = new Option<string>("--role") { Description = "The principal's role, e.g. operator (docs/access.md).", Required = true };
        var organisationOption = new Option<string?>("--organisation") { Description = "The organisation's name." };
        var command = new Command("key", "Create or update a principal and issue it an API key, printed once: the first operator's key on a new deployment. Run it while the API is stopped (a running API keeps its own copy of the principals).")
        {
            configOption, principalOption, roleOption, organisationOption,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (CommandConfiguration.Load<ApiRunConfiguration>("api key", parseResult.GetValue(configOption), error) is not { } settings)
            {
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var roleName = parseResult.GetRequiredValue(roleOption);
            if (Api.Auth.Roles.Parse(roleName) is not { } role)
            {
                error.WriteLine($"api key: --role '{roleName}' is not one of {string.Join(", ", Enum.GetValues<Api.Auth.Role>().Select(Api.Auth.Roles.Name))}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var principalId = parseResult.GetRequiredValue(principalOption);
            try
            {
                Directory.CreateDirectory(settings.Api.DataDirectory);
                var store = Api.Auth.PrincipalStore.Open(Path.Combine(settings.Api.DataDirectory, "principals.json"), TimeProvider.System);
                store.Upsert(new Api.Auth.Principal { Id = principalId, Role = role, Organisation = parseResult.GetValue(organisationOption) ?? principalId });
                output.WriteLine($"api key: {principalId} ({roleName}) in {Path.GetFullPath(settings.Api.DataDirectory)}: {store.Issue(principalId).PlainText}");
                return TradeChainCli.ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
            {
                error.WriteLine($"api key: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
        });
        return command;
    }

    private static Command CreateProbe()
    {
        var urlOption = new Option<string>("--url") { Description = "The URL to GET.", DefaultValueFactory = _ => DefaultUrls + ServiceDefaults.ReadyPath };
        var timeoutOption = new Option<int>("--timeout-ms") { Description = "How long to wait for the answer.", DefaultValueFactory = _ => 3000 };
        var command = new Command("probe", "GET a health URL: exit 0 on a 2xx answer, 1 otherwise (a container health check without curl).") { urlOption, timeoutOption };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var url = parseResult.GetRequiredValue(urlOption);
            var timeoutMs = parseResult.GetValue(timeoutOption);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || timeoutMs is < 1 or > 60_000)
            {
                error.WriteLine($"api probe: --url must be an absolute URL and --timeout-ms 1..60000 (got '{url}', {timeoutMs})");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(timeoutMs) };
            try
            {
                using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
                output.WriteLine($"api probe: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                return response.IsSuccessStatusCode ? TradeChainCli.ExitCodes.Ok : TradeChainCli.ExitCodes.CheckFailed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                error.WriteLine($"api probe: no answer from {url}: {e.Message}");
                return TradeChainCli.ExitCodes.CheckFailed;
            }
        });
        return command;
    }
}
