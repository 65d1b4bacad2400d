using System.CommandLine;
using Grpc.Core;
using TradeChain.Node.Client;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Governance;

namespace TradeChain.Cli.Commands;

/// <summary><c>tradechain gov submit FILE --address URL</c>: sends an approved proposal to a node; with --wait, until it is committed.</summary>
internal static class GovSubmitCommand
{
    public static Command Create()
    {
        var fileArgument = new Argument<FileInfo>("PROPOSAL.json") { Description = "The approved proposal file." };
        var addressOption = new Option<string>("--address") { Description = "A node's client endpoint.", DefaultValueFactory = _ => "http://127.0.0.1:7200" };
        var waitOption = new Option<int>("--wait-seconds") { Description = "Wait up to this long for the commit (0: do not wait).", DefaultValueFactory = _ => 30 };
        var command = new Command("submit", "Submit an approved governance proposal to a node.") { fileArgument, addressOption, waitOption };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var file = parseResult.GetRequiredValue(fileArgument);
            try
            {
                var signed = ProposalFile.Read(File.ReadAllText(file.FullName));
                using var client = new LedgerClient(parseResult.GetRequiredValue(addressOption));
                var receipt = await client.SubmitGovernanceAsync(signed.Encode(), cancellationToken).ConfigureAwait(false);
                output.WriteLine($"{receipt.Outcome}: {receipt.Reason} (transaction {receipt.TransactionId})");
                if (receipt.Outcome == SubmitOutcome.Rejected)
                {
                    return TradeChainCli.ExitCodes.CheckFailed;
                }
                var wait = parseResult.GetRequiredValue(waitOption);
                if (wait > 0 && receipt.Outcome == SubmitOutcome.Accepted)
                {
                    var commit = await client.WaitForCommitAsync(receipt.TransactionId, TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);
                    output.WriteLine(commit.Committed ? $"committed at height {commit.Height} in block {commit.BlockId}" : $"not committed within {wait} s");
                    return commit.Committed ? TradeChainCli.ExitCodes.Ok : TradeChainCli.ExitCodes.CheckFailed;
                }
                return TradeChainCli.ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or RpcException or LedgerBusyException or HttpRequestException)
            {
                error.WriteLine($"gov submit: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
        });
        return command;
    }
}
