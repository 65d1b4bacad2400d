using System.CommandLine;
using TradeChain.Crypto;
using TradeChain.Trade.Batches;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain verify-event</c>: checks an event proof file offline, step by step, and says
/// precisely which step fails. Exit 0 when every step holds, 1 when one fails, 2 when the file
/// cannot be read as a proof.
/// </summary>
internal static class VerifyEventCommand
{
    public static Command Create()
    {
        var proofArgument = new Argument<FileInfo>("PROOF.json") { Description = "An event proof file (tradechain.event-proof/1), as the API exports it." };
        var memberKeyOption = new Option<FileInfo?>("--member-key")
        {
            Description = "The member's public key (SPKI PEM). Without it the signature is checked against the key inside the proof only.",
        };
        var command = new Command("verify-event", "Verify an event proof offline: event bytes, Merkle path, signed batch header, signer key.")
        {
            proofArgument,
            memberKeyOption,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var proofFile = parseResult.GetRequiredValue(proofArgument);
            EventProof proof;
            PublicKey? memberKey = null;
            try
            {
                if (proofFile.Exists && proofFile.Length > EventProofJson.MaxFileBytes)
                {
                    error.WriteLine($"verify-event: {proofFile.FullName} is {proofFile.Length} bytes, larger than any proof ({EventProofJson.MaxFileBytes})");
                    return TradeChainCli.ExitCodes.UsageOrInput;
                }
                proof = EventProofJson.Read(File.ReadAllText(proofFile.FullName));
                if (parseResult.GetValue(memberKeyOption) is { } keyFile)
                {
                    memberKey = CryptoSuites.Get(proof.Header.Suite).ImportPublicKey(File.ReadAllText(keyFile.FullName));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
            {
                error.WriteLine($"verify-event: cannot use {proofFile.FullName}: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var report = EventProofVerifier.Verify(proof, memberKey);
            foreach (var check in report.Checks)
            {
                output.WriteLine($"{(check.Passed ? "ok  " : "FAIL")}  {check.Name,-22} {check.Detail}");
            }
            if (report.FirstFailure is { } failure)
            {
                output.WriteLine($"INVALID: {failure.Name}: {failure.Detail}");
                return TradeChainCli.ExitCodes.CheckFailed;
            }
            output.WriteLine(proof.IsRedacted
                ? "VALID: the redacted event's leaf is in the member's signed batch"
                : $"VALID: event {report.Event!.SourceSystem}/{report.Event.SourceReference} is in batch {proof.Header.Sequence} signed by member '{proof.Header.MemberId}'");
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }
}
