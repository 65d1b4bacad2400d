using System.CommandLine;
using TradeChain.Crypto;
using TradeChain.Node.Governance;

namespace TradeChain.Cli.Commands;

/// <summary><c>tradechain gov sign FILE</c>: adds this member's approval (its ledger key's signature over the proposal) to a proposal file.</summary>
internal static class GovSignCommand
{
    public static Command Create()
    {
        var fileArgument = new Argument<FileInfo>("PROPOSAL.json") { Description = "The proposal file; rewritten with the approval added." };
        var memberOption = new Option<string>("--member") { Description = "The approving member's id.", Required = true };
        var keyOption = new Option<FileInfo>("--key") { Description = "The member's ledger private key (PKCS#8 PEM).", Required = true };
        var suiteOption = CommonOptions.Suite("The network's suite: sm or intl.");
        var passphraseEnvOption = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase, for an encrypted key." };
        var command = new Command("sign", "Approve a governance proposal as a member.") { fileArgument, memberOption, keyOption, suiteOption, passphraseEnvOption };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var file = parseResult.GetRequiredValue(fileArgument);
            try
            {
                var signed = ProposalFile.Read(File.ReadAllText(file.FullName));
                var suite = CommonOptions.ParseSuite(parseResult.GetRequiredValue(suiteOption));
                var passphrase = parseResult.GetValue(passphraseEnvOption) is { } variable ? Environment.GetEnvironmentVariable(variable) ?? throw new FormatException($"{variable} is not set") : null;
                using var key = suite.ImportSigningKey(File.ReadAllText(parseResult.GetRequiredValue(keyOption).FullName), passphrase);
                var member = parseResult.GetRequiredValue(memberOption);
                signed = signed.With(signed.Proposal.Approve(member, key));
                File.WriteAllText(file.FullName, ProposalFile.Write(signed));
                output.WriteLine($"approved by '{member}' ({signed.Approvals.Count} approval(s): {string.Join(", ", signed.Approvals.Select(a => a.MemberId))})");
                return TradeChainCli.ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                error.WriteLine($"gov sign: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
        });
        return command;
    }
}
