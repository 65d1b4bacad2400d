using System.Runtime.CompilerServices;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Primitives.Encoding;
using TradeChain.Storage.Log;

namespace TradeChain.Storage.Verification;

/// <summary>The first thing wrong with a chain: which block (if it decoded), which file and offset, which check, and the detail.</summary>
public sealed record ChainFault(ulong? Height, string File, long Offset, string Check, string Detail)
{
    public override string ToString() =>
        $"{(Height is { } h ? $"block {h}" : "record")} at {File}:{Offset}: {Check}: {Detail}";
}

/// <summary>What verifying a chain found: how much verified, the head, and the first fault if any.</summary>
public sealed record ChainVerificationReport(int BlocksVerified, long EventsVerified, int RedactedEvents, ulong? TipHeight, Digest? TipBlockId, ChainFault? Fault)
{
    public bool IsValid => Fault is null;
}

/// <summary>
/// Verifies a chain from its block log alone, trusting no index: every record's checksum, every
/// block re-decoded and re-hashed, each block's link to the one before (height, previous id,
/// suite, time), its transactions root and every batch's signature and events root (redacted
/// events by their kept leaf hashes), the contract state root replayed from genesis, and each
/// commit certificate against the validator set the chain puts in force at its height (genesis
/// configuration and committed governance, with the validator change delay), and every
/// governance transaction's approvals. Stops at, and reports precisely, the first fault.
/// </summary>
public sealed class ChainVerifier
{
    /// <summary>Verifies the store in <paramref name="dataDirectory"/> (the directory a <see cref="LedgerStore"/> was opened on).</summary>
    public ChainVerificationReport Verify(string dataDirectory)
    {
        var segmentsDirectory = new LedgerStoreOptions { DataDirectory = dataDirectory }.SegmentsDirectory;
        if (!Directory.Exists(segmentsDirectory))
        {
            throw new DirectoryNotFoundException($"{dataDirectory} holds no ledger: {segmentsDirectory} does not exist");
        }
        var files = new SegmentFiles(segmentsDirectory);
        var state = new InMemoryContractState();
        ChainTip? tip = null;
        var blocks = 0;
        long events = 0;
        var redacted = 0;
        var end = new StrongBox<ChaseEnd>();
        ChainFault? fault = null;
        foreach (var record in new SegmentChaser(files).Chase(new LogPosition(1, 0), end))
        {
            var file = files.PathOf(record.Location.Segment);
            Block block;
            try
            {
                block = Block.Decode(record.Payload);
            }
            catch (CanonicalFormatException e)
            {
                fault = new ChainFault(null, file, record.Location.Offset, "decode", $"record passes its checksum but is not a block: {e.Message}");
                break;
            }
            catch (FormatException e)
            {
                fault = new ChainFault(null, file, record.Location.Offset, "decode", e.Message);
                break;
            }
            BlockExecution execution;
            try
            {
                if (ChainRules.CheckFollows(tip, block, verifyCertificate: true) is { } violation)
                {
                    fault = new ChainFault(block.Height, file, record.Location.Offset, violation.Rule, violation.Detail);
                    break;
                }
                execution = BlockExecutor.Execute(block, tip?.StateRoot ?? BlockExecutor.EmptyStateRoot(block.Suite), state);
            }
            catch (FormatException e)
            {
                fault = new ChainFault(block.Height, file, record.Location.Offset, "contents", e.Message);
                break;
            }
            try
            {
                tip = ChainRules.Advance(tip, block, execution.StateRoot);
            }
            catch (BlockRejectedException e)
            {
                fault = new ChainFault(block.Height, file, record.Location.Offset, "governance", e.Reason);
                break;
            }
            state.Apply(execution);
            blocks++;
            foreach (var transaction in block.Transactions.Where(t => t.Type == TransactionType.EventBatch))
            {
                events += transaction.Batch.Leaves.Count;
                redacted += transaction.Batch.Leaves.Count(l => l.IsRedacted);
            }
        }
        if (fault is null && end.Value is { IsClean: false } stop)
        {
            fault = new ChainFault(tip is null ? 0 : tip.Height + 1, stop.File, stop.Position.Offset, "record", stop.Problem!);
        }
        return new ChainVerificationReport(blocks, events, redacted, tip?.Height, tip?.BlockId, fault);
    }
}
