using System.CommandLine;
using TradeChain.Storage;
using TradeChain.Storage.Verification;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain verify-chain --data DIR</c>: verifies a node's block log offline, trusting no
/// index: checksums, block hashes, links, transaction and event Merkle roots, batch signatures,
/// the contract state root and commit certificates (against the validators configured on the
/// chain). Exit 0 when the chain verifies, 1 at the first fault (reported precisely), 2 when the
/// directory holds no readable ledger.
/// </summary>
internal static class VerifyChainCommand
{
    public static Command Create()
    {
        var dataOption = new Option<DirectoryInfo>("--data")
        {
            Description = "The ledger node's data directory (the one holding segments/ and index/).",
            Required = true,
        };
        var command = new Command("verify-chain", "Verify every block of a ledger: checksums, hashes, links, Merkle roots, signatures, state root, certificates.")
        {
            dataOption,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var directory = parseResult.GetRequiredValue(dataOption);
            ChainVerificationReport report;
            try
            {
                report = new ChainVerifier().Verify(directory.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"verify-chain: cannot read a ledger in {directory.FullName}: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            if (report.BlocksVerified == 0 && report.Fault is null)
            {
                error.WriteLine($"verify-chain: {directory.FullName} holds no blocks");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            output.WriteLine($"verified {report.BlocksVerified} block(s), {report.EventsVerified} event(s) ({report.RedactedEvents} redacted)");
            if (report.Fault is { } fault)
            {
                output.WriteLine($"FAULT: {fault}");
                return TradeChainCli.ExitCodes.CheckFailed;
            }
            output.WriteLine($"VALID: chain of {report.BlocksVerified} block(s), tip height {report.TipHeight}, block id {report.TipBlockId}");
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }
}
