using System.CommandLine;

namespace TradeChain.Cli.Commands;

/// <summary><c>tradechain gov</c>: governance proposals, approved by a quorum of members.</summary>
internal static class GovCommand
{
    public static Command Create() => new("gov", "Governance: propose a change, sign it as a member, submit it once enough members signed.")
    {
        GovProposeCommand.Create(),
        GovSignCommand.Create(),
        GovSubmitCommand.Create(),
    };
}
