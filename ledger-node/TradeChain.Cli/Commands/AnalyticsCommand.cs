using System.CommandLine;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using TradeChain.Analytics.Jobs;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Store;
using TradeChain.Cli.Configuration;
using TradeChain.Cli.Hosting;
using TradeChain.Node.Client;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain analytics run</c>: the projector following a member node into DuckDB or ClickHouse,
/// with the analytics jobs; <c>analytics migrate</c>: the store's schema as a one-shot job.
/// </summary>
internal static class AnalyticsCommand
{
    public static Command Create() => new("analytics", "The analytics projection: follow a member node into DuckDB or ClickHouse.")
    {
        CreateRun(),
        CreateMigrate(),
    };

    private static Command CreateMigrate()
    {
        var configOption = new Option<FileInfo?>("--config") { Description = "A JSON file with the Analytics store keys; TRADECHAIN__ANALYTICS__… environment variables override it." };
        var command = new Command("migrate", "Create the analytics store's database and apply pending migrations (infra/clickhouse/migrations, embedded), then exit: a one-shot job before the projector and the API start.")
        {
            configOption,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (CommandConfiguration.Load<AnalyticsStoreConfiguration>("analytics migrate", parseResult.GetValue(configOption), error) is not { } configuration)
            {
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            if (CommandConfiguration.Report("analytics migrate", configuration.Analytics.Validate(), error))
            {
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            try
            {
                // Opening a store applies its pending migrations (recorded in schema_migrations).
                await (await configuration.Analytics.OpenAsync(cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error.WriteLine($"analytics migrate: {configuration.Analytics.Describe()}: {e.Message}");
                return TradeChainCli.ExitCodes.CheckFailed;
            }
            output.WriteLine($"analytics migrate: {configuration.Analytics.Describe()}: schema up to date");
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRun()
    {
        var configOption = new Option<FileInfo?>("--config") { Description = "A JSON file with the Analytics section; TRADECHAIN__ANALYTICS__… environment variables override it." };
        var onceOption = new Option<bool>("--once") { Description = "Project up to the node's tip, then exit (no jobs): a backfill or a check." };
        var command = new Command("run", "Run the projector (committed blocks → analytics store) and the KPI roll-up, SLA, backup and retention jobs, until Ctrl+C / SIGTERM.")
        {
            configOption, onceOption,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (CommandConfiguration.Load<AnalyticsRunConfiguration>("analytics run", parseResult.GetValue(configOption), error) is not { } configuration)
            {
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var options = configuration.Analytics;
            if (CommandConfiguration.Report("analytics run", options.Validate(), error))
            {
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            IAnalyticsStore store;
            try
            {
                store = await options.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error.WriteLine($"analytics run: cannot open the store ({options.Describe()}): {e.Message}");
                return TradeChainCli.ExitCodes.CheckFailed;
            }
            await using (store.ConfigureAwait(false))
            {
                using var client = new LedgerClient(options.NodeAddress);
                var source = new LedgerClientBlockSource(client);
                output.WriteLine($"analytics run: {options.Describe()}, following {options.NodeAddress}{(options.Jobs.Enabled && !parseResult.GetValue(onceOption) ? ", jobs on" : "")}");
                output.Flush();
                if (parseResult.GetValue(onceOption))
                {
                    var projector = new BlockProjector(source, store, options.ToProjectorOptions(), new ProjectionMetrics(), TimeProvider.System);
                    return await CatchUpOnceAsync(projector, options.NodeAddress, output, error, cancellationToken).ConfigureAwait(false);
                }
                return await RunHostAsync(store, source, options, error, cancellationToken).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static async Task<int> CatchUpOnceAsync(BlockProjector projector, string nodeAddress, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var progress = await projector.CatchUpAsync(cancellationToken).ConfigureAwait(false);
            output.WriteLine($"analytics run: projected to height {progress.Height?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} ({progress.Blocks} blocks, {progress.EventsWritten} events written, {progress.EventsSkipped} already held)");
            return TradeChainCli.ExitCodes.Ok;
        }
        catch (Exception e) when (ProjectorService.IsNodeUnavailable(e) && e is not OperationCanceledException)
        {
            error.WriteLine($"analytics run: the node at {nodeAddress} did not answer: {(e as RpcException)?.Status.Detail ?? e.Message}");
            return TradeChainCli.ExitCodes.CheckFailed;
        }
    }

    private static async Task<int> RunHostAsync(IAnalyticsStore store, ICommittedBlockSource source, AnalyticsRunOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(s => new BlockProjector(source, store, options.ToProjectorOptions(), new ProjectionMetrics(), TimeProvider.System, s.GetRequiredService<ILogger<BlockProjector>>()));
        builder.Services.AddSingleton<ProjectorService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ProjectorService>());
        if (options.Jobs.Enabled)
        {
            builder.Services.AddAnalyticsJobs(options.Jobs.ToJobOptions());
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }
        var host = builder.Build();
        // Taken before the run: RunAsync disposes the host and its services when it returns.
        var projectorService = host.Services.GetRequiredService<ProjectorService>();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C / SIGTERM: the host stopped its services.
        }
        if (projectorService.Failure is { } failure)
        {
            error.WriteLine($"analytics run: the projector failed: {failure.Message}");
            return TradeChainCli.ExitCodes.CheckFailed;
        }
        return TradeChainCli.ExitCodes.Ok;
    }
}
