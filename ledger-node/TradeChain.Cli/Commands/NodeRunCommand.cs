using System.CommandLine;
using TradeChain.Node.Configuration;
using TradeChain.Node.Hosting;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain node run --config FILE</c>: hosts one ledger node until Ctrl+C or SIGTERM. The
/// config (file, then TRADECHAIN__… environment variables) is validated first; a genesis whose
/// hash is not the one the config expects stops the node before it opens anything.
/// </summary>
internal static class NodeRunCommand
{
    public static Command Create()
    {
        var configOption = new Option<FileInfo>("--config") { Description = "The node's node.json (see 'tradechain node init').", Required = true };
        var command = new Command("run", "Run a ledger node: consensus with its peers, the client API, block sync.") { configOption };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var configFile = parseResult.GetRequiredValue(configOption);
            NodeOptions options;
            try
            {
                options = NodeOptions.Load(configFile.FullName);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                error.WriteLine($"node run: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            try
            {
                await NodeHost.RunAsync(options, cancellationToken).ConfigureAwait(false);
                return TradeChainCli.ExitCodes.Ok;
            }
            catch (NodeStartupException e)
            {
                error.WriteLine($"node run: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return TradeChainCli.ExitCodes.Ok;
            }
        });
        return command;
    }
}
