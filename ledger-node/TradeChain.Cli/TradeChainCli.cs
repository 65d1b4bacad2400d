using System.CommandLine;
using TradeChain.Cli.Commands;

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
        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
