using System.CommandLine;
using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Genesis;
using TradeChain.Trade.Batches;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain verify-event</c>: checks an event proof file offline, step by step, and says
/// precisely which step fails: the event in its signed batch and, when the file has a ledger
/// section (as a node's GetEventProof writes it), the batch in its transaction, the transaction
/// in its block, and the block's commit certificate against the validator set (pinned to the
/// network's genesis with --genesis). Exit 0 when every step holds, 1 when one fails, 2 when the
/// file cannot be read as a proof.
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
        var genesisOption = new Option<FileInfo?>("--genesis")
        {
            Description = "The network's genesis.json: pins the chain id and the validator set that must have certified the block (valid while no governance has changed the set).",
        };
        var command = new Command("verify-event", "Verify an event proof offline: event bytes, Merkle path, signed batch header, signer key; block and commit certificate when present.")
        {
            proofArgument,
            memberKeyOption,
            genesisOption,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var proofFile = parseResult.GetRequiredValue(proofArgument);
            EventProof proof;
            PublicKey? memberKey = null;
            (LedgerEventProof Proof, ValidatorSet Validators)? ledger = null;
            NetworkConfiguration? genesis = null;
            try
            {
                if (proofFile.Exists && proofFile.Length > EventProofJson.MaxFileBytes)
                {
                    error.WriteLine($"verify-event: {proofFile.FullName} is {proofFile.Length} bytes, larger than any proof ({EventProofJson.MaxFileBytes})");
                    return TradeChainCli.ExitCodes.UsageOrInput;
                }
                var text = File.ReadAllText(proofFile.FullName);
                proof = EventProofJson.Read(text);
                if (parseResult.GetValue(memberKeyOption) is { } keyFile)
                {
                    memberKey = CryptoSuites.Get(proof.Header.Suite).ImportPublicKey(File.ReadAllText(keyFile.FullName));
                }
                if (LedgerEventProofJson.HasLedgerSection(text))
                {
                    ledger = LedgerEventProofJson.Read(text, proof);
                }
                if (parseResult.GetValue(genesisOption) is { } genesisFile)
                {
                    genesis = GenesisFile.ReadFile(genesisFile.FullName);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
            {
                error.WriteLine($"verify-event: cannot use {proofFile.FullName}: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var report = EventProofVerifier.Verify(proof, memberKey);
            if (ledger is { } section)
            {
                report = report with { Checks = [.. report.Checks, .. LedgerChecks(section.Proof, section.Validators, genesis)] };
            }
            foreach (var check in report.Checks)
            {
                output.WriteLine($"{(check.Passed ? "ok  " : "FAIL")}  {check.Name,-22} {check.Detail}");
            }
            if (report.FirstFailure is { } failure)
            {
                output.WriteLine($"INVALID: {failure.Name}: {failure.Detail}");
                return TradeChainCli.ExitCodes.CheckFailed;
            }
            var where = ledger is { } committed ? $", committed in block {committed.Proof.Block.Height} of chain '{committed.Proof.Block.ChainId}'" : "";
            output.WriteLine(proof.IsRedacted
                ? $"VALID: the redacted event's leaf is in the member's signed batch{where}"
                : $"VALID: event {report.Event!.SourceSystem}/{report.Event.SourceReference} is in batch {proof.Header.Sequence} signed by member '{proof.Header.MemberId}'{where}");
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The ledger steps: batch → transaction → block → certificate (→ genesis, when given).</summary>
    private static IEnumerable<ProofCheck> LedgerChecks(LedgerEventProof proof, ValidatorSet validators, NetworkConfiguration? genesis)
    {
        var problems = proof.Verify(validators);
        var block = proof.Block;
        yield return problems.Count == 0
            ? new ProofCheck("ledger-block", true, $"batch is transaction {proof.TransactionIndex} of block {block.Height} ({block.Id}), certified by a quorum of its {validators.Count} validators")
            : new ProofCheck("ledger-block", false, string.Join("; ", problems));
        if (genesis is null)
        {
            yield return new ProofCheck("validator-set", true, $"not pinned: the certificate was checked against the set inside the proof ({validators}); pass --genesis to pin it");
            yield break;
        }
        if (genesis.ChainId != block.ChainId)
        {
            yield return new ProofCheck("validator-set", false, $"the block is on chain '{block.ChainId}', the genesis founds '{genesis.ChainId}'");
            yield break;
        }
        var expected = genesis.ValidatorSet;
        var same = expected.Count == validators.Count && expected.Validators.Zip(validators.Validators).All(p => p.First.MemberId == p.Second.MemberId && p.First.Power == p.Second.Power && p.First.PublicKey.Equals(p.Second.PublicKey));
        yield return same
            ? new ProofCheck("validator-set", true, $"the proof's validator set is the genesis set of chain '{genesis.ChainId}'")
            : new ProofCheck("validator-set", false, $"the proof's validator set ({validators}) is not the genesis set ({expected}); if governance changed it, check the block with verify-chain on a node's data");
    }
}
