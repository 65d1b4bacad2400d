using System.CommandLine;
using TradeChain.Cli.Commands;
using TradeChain.Demo;
using TradeChain.Ingest.Commands;

namespace TradeChain.Cli;

/// <summary>The <c>tradechain</c> program: one command tree, every command with its own --help.</summary>
public static class TradeChainCli
{
    /// <summary>Exit codes shared by every command, so scripts can tell a failed check from bad usage.</summary>
    public static class ExitCodes
    {
        public const int Ok = 0;

        /// <summary>The command ran and found a fault (a proof that fails, a chain that does not verify).</summary>
        public const int CheckFailed = 1;

        /// <summary>The input could not be used at all: missing file, unreadable format, bad option.</summary>
        public const int UsageOrInput = 2;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("TradeChain: consortium ledger for cross-border trade logistics.")
        {
            KeygenCommand.Create(),
            HashCommand.Create(),
            VerifyEventCommand.Create(),
            VerifyChainCommand.Create(),
            GenesisCommand.Create(),
            NodeCommand.Create(),
            GovCommand.Create(),
            // Composition root: the ingest commands are defined in ingest/TradeChain.Ingest/Commands
            // (beside the pipeline they drive) and only assembled here, so no ledger-node library
            // depends on ingest; the executable is the one place that sees every part of the product.
            IngestCommand.Create(),
            // The projector and the API as services of their own (infra/docker-compose.yml runs one
            // process per role from this one binary); the demo wires the same parts in one process.
            AnalyticsCommand.Create(),
            ApiCommand.Create(),
            // The demo (api/TradeChain.Demo) gets this program's own runner, so it makes node
            // directories and the genesis with the very code of 'node init' and 'genesis'.
            DemoCommand.Create((args, output, error) => Run(args, output, error)),
        };
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parseResult = Build().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine(parseError.Message);
            }
            error.WriteLine($"see 'tradechain {parseResult.CommandResult.Command.Name} --help'");
            return ExitCodes.UsageOrInput;
        }
        return parseResult.Invoke(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Ctrl+C / SIGTERM cancel the command's token; long-running commands (node run, ingest run)
            // then flush and commit, which may take longer than System.CommandLine's 2 s default.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        });
    }
}
