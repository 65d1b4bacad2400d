using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Certificates;

namespace TradeChain.Storage;

/// <summary>The head of the chain as the store has it: last block, the state root after it, and the validators for the next block.</summary>
public sealed record ChainTip(ulong Height, Digest BlockId, long TimestampMs, Digest StateRoot, SuiteId Suite, NetworkConfiguration Configuration)
{
    public ValidatorSet Validators => Configuration.ValidatorSet;
}

/// <summary>A block the store refuses: it does not follow the chain or does not verify. Nothing was written.</summary>
public sealed class BlockRejectedException(ulong height, string reason)
    : InvalidOperationException($"block {height} rejected: {reason}")
{
    public ulong Height { get; } = height;

    public string Reason { get; } = reason;
}

/// <summary>What an append did: where the block went, the events it added, the duplicates it skipped, and the redactions it carried out.</summary>
public sealed record AppendResult(
    ulong Height,
    Digest BlockId,
    int NewEvents,
    IReadOnlyList<Digest> DuplicateEvents,
    IReadOnlyList<RedactionOutcome> Redactions);

/// <summary>What became of one redaction a governance transaction ordered.</summary>
public sealed record RedactionOutcome(Digest EventId, bool Applied, string Detail);

/// <summary>Which chain rule a block breaks, and how.</summary>
public sealed record RuleViolation(string Rule, string Detail)
{
    public override string ToString() => $"{Rule}: {Detail}";
}

/// <summary>
/// The rules a block must meet to follow the chain (links, suite, state root, time, genesis
/// configuration, contents, certificate): shared by appends and by recovery's replay, so a block
/// replayed from the log meets exactly the checks it met when it was appended.
/// </summary>
internal static class ChainRules
{
    public static RuleViolation? CheckFollows(ChainTip? tip, Block block, ICommitVerifier? commitVerifier)
    {
        var header = block.Header;
        if (tip is null)
        {
            if (header.Height != 0)
            {
                return new("height", $"the chain is empty, so the next block is genesis (height 0), not {header.Height}");
            }
            if (GenesisConfiguration(block) is not { } configuration)
            {
                return new("genesis", "the genesis block must hold a configuration transaction (the validator set)");
            }
            if (configuration.Suite != header.Suite)
            {
                return new("genesis", $"genesis configuration names suite {AlgorithmNames.Of(configuration.Suite)}, its header {AlgorithmNames.Of(header.Suite)}");
            }
            var empty = BlockExecutor.EmptyStateRoot(CryptoSuites.Get(header.Suite));
            if (!header.StateRoot.Equals(empty))
            {
                return new("state-root", $"genesis state root must be the empty root {empty}, got {header.StateRoot}");
            }
        }
        else
        {
            if (header.Height != tip.Height + 1)
            {
                return new("height", $"the next block is height {tip.Height + 1}, got {header.Height}");
            }
            if (!tip.BlockId.Equals(header.PreviousBlockId))
            {
                return new("link", $"previous block id is {header.PreviousBlockId}, the tip is {tip.BlockId}");
            }
            if (header.Suite != tip.Suite)
            {
                return new("suite", $"block is under suite {AlgorithmNames.Of(header.Suite)}, the chain under {AlgorithmNames.Of(tip.Suite)}");
            }
            if (!header.StateRoot.Equals(tip.StateRoot))
            {
                return new("state-root", $"state root is {header.StateRoot}, the contract state after block {tip.Height} is {tip.StateRoot}");
            }
            if (header.TimestampMs < tip.TimestampMs)
            {
                return new("timestamp", $"timestamp {header.TimestampMs} ms is before the previous block's {tip.TimestampMs} ms");
            }
        }
        var problems = block.VerifyContents();
        if (problems.Count > 0)
        {
            return new("contents", string.Join("; ", problems));
        }
        if (tip is not null && commitVerifier is not null && commitVerifier.Verify(header, block.Certificate!, tip.Validators) is { } certificateProblem)
        {
            return new("certificate", certificateProblem);
        }
        return null;
    }

    /// <summary>The last configuration transaction of a block, if any: it sets the validators from the next block on.</summary>
    public static NetworkConfiguration? LastConfiguration(Block block) =>
        block.Transactions.LastOrDefault(t => t.Type == TransactionType.Configuration) is { } transaction
            ? NetworkConfiguration.Decode(transaction.Data)
            : null;

    private static NetworkConfiguration? GenesisConfiguration(Block block)
    {
        try
        {
            return LastConfiguration(block);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static ChainTip Advance(ChainTip? tip, Block block, Digest stateRootAfter) => new(
        block.Height,
        block.Id,
        block.Header.TimestampMs,
        stateRootAfter,
        block.Header.Suite,
        LastConfiguration(block) ?? tip?.Configuration ?? throw new InvalidOperationException("a chain without a configuration cannot advance"));
}
