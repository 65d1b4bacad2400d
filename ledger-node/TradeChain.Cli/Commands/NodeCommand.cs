using System.CommandLine;

namespace TradeChain.Cli.Commands;

/// <summary><c>tradechain node</c>: prepare, run and inspect a ledger node.</summary>
internal static class NodeCommand
{
    public static Command Create() => new("node", "Run and manage a ledger node: init, run, status.")
    {
        NodeInitCommand.Create(),
        NodeRunCommand.Create(),
        NodeStatusCommand.Create(),
    };
}
