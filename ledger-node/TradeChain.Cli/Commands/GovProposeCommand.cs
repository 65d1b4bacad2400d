using System.CommandLine;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Governance;
using TradeChain.Node.Genesis;
using TradeChain.Node.Governance;

namespace TradeChain.Cli.Commands;

/// <summary><c>tradechain gov propose</c>: writes an unsigned proposal file for one governance action.</summary>
internal static class GovProposeCommand
{
    private static readonly string[] Actions = ["add-member", "remove-member", "rotate-key", "add-validator", "remove-validator", "change-parameter"];

    public static Command Create()
    {
        var genesisOption = new Option<FileInfo>("--genesis") { Description = "The network's genesis.json (chain id and suite).", Required = true };
        var actionOption = new Option<string>("--action") { Description = string.Join(" | ", Actions), Required = true };
        actionOption.AcceptOnlyFromAmong(Actions);
        var memberOption = new Option<string?>("--member") { Description = "The member the action is about." };
        var keyOption = new Option<FileInfo?>("--key") { Description = "A public key PEM: the new member's key (add-member) or the new key (rotate-key)." };
        var nameOption = new Option<string?>("--name") { Description = "add-member: the organisation's name." };
        var rolesOption = new Option<string?>("--roles") { Description = "add-member: comma-separated roles." };
        var addressOption = new Option<string?>("--address") { Description = "add-member: the peer URL of its node." };
        var powerOption = new Option<long>("--power") { Description = "add-validator: voting power.", DefaultValueFactory = _ => 1 };
        var parameterOption = new Option<string?>("--parameter") { Description = $"change-parameter: one of {string.Join(", ", ConsensusParameters.Names)}." };
        var valueOption = new Option<string?>("--value") { Description = "change-parameter: the new value." };
        var memoOption = new Option<string>("--memo") { Description = "Why: recorded on the ledger with the change.", DefaultValueFactory = _ => "" };
        var outOption = new Option<FileInfo>("--out") { Description = "The proposal file to write.", Required = true };
        var command = new Command("propose", "Write an unsigned governance proposal file.")
        {
            genesisOption, actionOption, memberOption, keyOption, nameOption, rolesOption, addressOption, powerOption, parameterOption, valueOption, memoOption, outOption,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var genesis = GenesisFile.ReadFile(parseResult.GetRequiredValue(genesisOption).FullName);
                var suite = CryptoSuites.Get(genesis.Suite);
                var member = parseResult.GetValue(memberOption) ?? throw new FormatException("--member is required");
                PublicKey Key() => suite.ImportPublicKey(File.ReadAllText((parseResult.GetValue(keyOption) ?? throw new FormatException("--key is required")).FullName));
                GovernanceAction action = parseResult.GetRequiredValue(actionOption) switch
                {
                    "add-member" => new AddMember(new MemberInfo(
                        member,
                        parseResult.GetValue(nameOption) ?? member,
                        (parseResult.GetValue(rolesOption) ?? "port").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order(StringComparer.Ordinal).ToArray(),
                        Key(),
                        parseResult.GetValue(addressOption) ?? throw new FormatException("--address is required for add-member"))),
                    "remove-member" => new RemoveMember(member),
                    "rotate-key" => new RotateKey(member, Key()),
                    "add-validator" => new AddValidator(member, parseResult.GetRequiredValue(powerOption)),
                    "remove-validator" => new RemoveValidator(member),
                    _ => new ChangeParameter(parseResult.GetValue(parameterOption) ?? throw new FormatException("--parameter is required"), parseResult.GetValue(valueOption) ?? throw new FormatException("--value is required")),
                };
                var proposal = new GovernanceProposal(genesis.ChainId, action, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), parseResult.GetRequiredValue(memoOption));
                if (proposal.Check() is { } problem)
                {
                    throw new FormatException(problem);
                }
                File.WriteAllText(parseResult.GetRequiredValue(outOption).FullName, ProposalFile.Write(new SignedGovernance(proposal, [])));
                output.WriteLine($"proposal: {ProposalFile.Describe(proposal)}");
                output.WriteLine($"needs approvals from {genesis.Governance} (at genesis: {genesis.Governance.RequiredApprovals(genesis.Members.Count)} of {genesis.Members.Count}); each signs with 'tradechain gov sign'");
                return TradeChainCli.ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                error.WriteLine($"gov propose: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
        });
        return command;
    }
}
