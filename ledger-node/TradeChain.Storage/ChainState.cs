using TradeChain.Consensus;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Governance;

namespace TradeChain.Storage;

/// <summary>
/// The head of the chain as the store has it: last block, the state root after it, and the
/// membership (members, keys, validator schedule) for the next block, derived from the chain.
/// </summary>
public sealed record ChainTip(ulong Height, Digest BlockId, long TimestampMs, Digest StateRoot, SuiteId Suite, ChainMembership Membership)
{
    /// <summary>The validator set that must certify the next block.</summary>
    public ValidatorSet Validators => Membership.Validators;

    public NetworkConfiguration Configuration => Membership.Configuration;

    public string ChainId => Membership.Configuration.ChainId;
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
/// The rules a block must meet to follow the chain (links, chain id, suite, state root, time,
/// genesis configuration, contents, certificate, governance): shared by appends, recovery's
/// replay and the chain verifier, so a block replayed from the log meets exactly the checks it
/// met when it was appended. <see cref="Advance"/> returns the next tip, governance applied.
/// </summary>
internal static class ChainRules
{
    public static RuleViolation? CheckFollows(ChainTip? tip, Block block, bool verifyCertificate)
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
            if (configuration.Suite != header.Suite || configuration.ChainId != header.ChainId)
            {
                return new("genesis", $"genesis configuration names suite {AlgorithmNames.Of(configuration.Suite)} chain '{configuration.ChainId}', its header {AlgorithmNames.Of(header.Suite)} '{header.ChainId}'");
            }
            if (block.Transactions.Count != 1)
            {
                return new("genesis", $"the genesis block holds exactly its configuration transaction, not {block.Transactions.Count} transactions");
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
            if (header.ChainId != tip.ChainId)
            {
                return new("chain-id", $"block is for chain '{header.ChainId}', this chain is '{tip.ChainId}'");
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
        if (tip is not null && verifyCertificate
            && block.Certificate!.Verify(tip.ChainId, tip.Validators, new SuiteSignatureVerifier(CryptoSuites.Get(tip.Suite))) is { IsValid: false } check)
        {
            return new("certificate", $"{check.Error} (validator set of height {header.Height}: {tip.Validators})");
        }
        return null;
    }

    private static NetworkConfiguration? GenesisConfiguration(Block block)
    {
        try
        {
            return block.Transactions.LastOrDefault(t => t.Type == TransactionType.Configuration) is { } transaction
                ? NetworkConfiguration.Decode(transaction.Data)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The tip after <paramref name="block"/>, which must pass <see cref="CheckFollows"/>: genesis
    /// founds the membership, a later block applies its governance. A governance transaction that
    /// does not apply is a <see cref="RuleViolation"/> ("governance"), thrown as <see cref="BlockRejectedException"/>.
    /// </summary>
    public static ChainTip Advance(ChainTip? tip, Block block, Digest stateRootAfter)
    {
        ChainMembership membership;
        if (tip is null)
        {
            membership = ChainMembership.Genesis(GenesisConfiguration(block) ?? throw new InvalidOperationException("a chain without a configuration cannot advance"));
        }
        else
        {
            try
            {
                membership = tip.Membership.Apply(block).Next;
            }
            catch (GovernanceRejectedException e)
            {
                throw new BlockRejectedException(block.Height, $"governance: {e.Message}");
            }
        }
        return new(block.Height, block.Id, block.Header.TimestampMs, stateRootAfter, block.Header.Suite, membership);
    }
}
