using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Audit;
using TradeChain.Ledger.Governance;
using TradeChain.Node.Mempool;
using TradeChain.Storage;
using TradeChain.Trade.Batches;

namespace TradeChain.Node.Blocks;

/// <summary>
/// Block assembly for the proposer and the validity rule every validator applies to a proposed
/// block: pure functions of the chain tip, the candidate transactions, a lookup of committed
/// transaction ids and the proposal, so every correct validator reaches the same verdict.
/// </summary>
public static class BlockRules
{
    /// <summary>
    /// Largest block a proposer builds, in bytes of transaction data: 4 MiB is six or seven batches
    /// of 1,000 events. Every validator re-checks every batch (signature, each event) before it
    /// prevotes, about 50 ms per 1,000-event batch on one core; measured on the 2-core machine
    /// with four nodes, 16 MiB blocks took longer to validate than the propose timeout and rounds
    /// failed, while 4 MiB blocks keep validation well inside it. A proposal must also fit one
    /// consensus value and one gRPC message.
    /// </summary>
    public const long MaxProposalDataBytes = 4L * 1024 * 1024;

    /// <summary>
    /// The consensus value limit: the largest proposal plus headers and envelopes, and room for a
    /// single batch of the largest size (a 4 MiB batch is proposed alone).
    /// </summary>
    public const int MaxValueBytes = (int)MaxProposalDataBytes + 4 * 1024 * 1024;

    /// <summary>The next block on <paramref name="tip"/>: header fields from the chain and the consensus timestamp, transactions in the given order.</summary>
    public static Block Assemble(ChainTip tip, IReadOnlyList<Transaction> transactions, long timestampMs, string proposerId)
    {
        ArgumentNullException.ThrowIfNull(tip);
        ArgumentNullException.ThrowIfNull(transactions);
        if (timestampMs <= tip.TimestampMs)
        {
            throw new ArgumentOutOfRangeException(nameof(timestampMs), timestampMs, $"a block's time must be after the previous block's ({tip.TimestampMs})");
        }
        var suite = CryptoSuites.Get(tip.Suite);
        var header = new BlockHeader(
            BlockHeader.CurrentProtocolVersion,
            tip.Suite,
            tip.ChainId,
            tip.Height + 1,
            tip.BlockId,
            Block.ComputeTransactionsRoot(suite, transactions),
            tip.StateRoot,
            timestampMs,
            proposerId);
        return new Block(header, transactions, null);
    }

    /// <summary>The consensus value for a block: its id, its timestamp and its bytes without certificate.</summary>
    public static ProposedValue ValueOf(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new ProposedValue(block.Id, block.Header.TimestampMs, block.WithoutCertificate().Encode());
    }

    /// <summary>
    /// Null when <paramref name="value"/> is a valid next block on <paramref name="tip"/>; else why
    /// not. Checks: the bytes decode to a block whose id and timestamp are the value's; header links
    /// (chain id, suite, height, previous id, state root after the tip, version) and proposer (a
    /// current validator); no certificate; transaction count; the transactions root; each event
    /// batch admitted exactly as a submission would be (suite, member, current key, signature,
    /// events valid at the block's time) in its canonical transaction form, not already committed
    /// and not twice; governance approved and applicable. A batch this node already admitted to its
    /// mempool (<paramref name="admitted"/>; same id, so the same bytes) passed the same checks and
    /// is only re-checked for its member's key still being current.
    /// </summary>
    public static string? Validate(ProposedValue value, ChainTip tip, Func<Digest, bool> isCommittedTransaction, Func<Digest, PendingTransaction?>? admitted = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(tip);
        ArgumentNullException.ThrowIfNull(isCommittedTransaction);
        if (Admission.TryDecodeBlock(value.Bytes.Span) is not { } block)
        {
            return "the value is not a canonical block";
        }
        var header = block.Header;
        if (!block.Id.Equals(value.Id))
        {
            return $"the value id {value.Id} is not the block's id {block.Id}";
        }
        if (header.TimestampMs != value.TimestampMs)
        {
            return $"the block's timestamp {header.TimestampMs} is not the proposal's {value.TimestampMs}";
        }
        if (block.Certificate is not null)
        {
            return "a proposed block carries no certificate";
        }
        if (header.ChainId != tip.ChainId || header.Suite != tip.Suite || header.Version != BlockHeader.CurrentProtocolVersion)
        {
            return $"the block is for chain '{header.ChainId}' suite {AlgorithmNames.Of(header.Suite)} version {header.Version}; this chain is '{tip.ChainId}' {AlgorithmNames.Of(tip.Suite)} version {BlockHeader.CurrentProtocolVersion}";
        }
        if (header.Height != tip.Height + 1 || !tip.BlockId.Equals(header.PreviousBlockId))
        {
            return $"the block is height {header.Height} after {header.PreviousBlockId}; the next block is {tip.Height + 1} after {tip.BlockId}";
        }
        if (!header.StateRoot.Equals(tip.StateRoot))
        {
            return $"state root {header.StateRoot} is not the contract state after block {tip.Height} ({tip.StateRoot})";
        }
        if (tip.Validators.IndexOf(header.ProposerId) < 0)
        {
            return $"proposer '{header.ProposerId}' is not a validator at height {header.Height}";
        }
        if (block.Transactions.Count > tip.Configuration.Consensus.MaxBlockTransactions)
        {
            return $"{block.Transactions.Count} transactions; block.max_transactions is {tip.Configuration.Consensus.MaxBlockTransactions}";
        }
        var suite = CryptoSuites.Get(tip.Suite);
        if (!Block.ComputeTransactionsRoot(suite, block.Transactions).Equals(header.TransactionsRoot))
        {
            return "the transactions root does not match the transactions";
        }
        var now = DateTimeOffset.FromUnixTimeMilliseconds(header.TimestampMs);
        var seen = new HashSet<Digest>();
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            var transaction = block.Transactions[i];
            var id = transaction.ComputeId(suite);
            if (!seen.Add(id))
            {
                return $"transaction {i} ({id}) appears twice";
            }
            if (isCommittedTransaction(id))
            {
                return $"transaction {i} ({id}) is already committed";
            }
            if (transaction.Type == TransactionType.AuditAnchor)
            {
                if (RejectAuditAnchor(transaction, tip.Membership) is { } problem)
                {
                    return $"transaction {i}: {problem}";
                }
                continue;
            }
            if (transaction.Type != TransactionType.EventBatch)
            {
                continue;
            }
            if (transaction.Form != DataForm.Whole)
            {
                return $"transaction {i} holds a redacted batch; only stored blocks are redacted";
            }
            if (admitted?.Invoke(id) is { SignerKey: { } signerKey } pending)
            {
                if (tip.Membership.KeyOf(pending.MemberId)?.Equals(signerKey) != true)
                {
                    return $"transaction {i}: member '{pending.MemberId}''s batch is signed with a key that is no longer current";
                }
                continue;
            }
            var batch = Admission.DecodeBatch(transaction.Data, out var malformed);
            if (batch is null)
            {
                return $"transaction {i}: {malformed}";
            }
            if (!Admission.TransactionFor(batch).ComputeId(suite).Equals(id))
            {
                return $"transaction {i} is not the canonical transaction of its batch (sender, time, memo)";
            }
            if (Admission.CheckBatch(batch, tip.Membership, now) is { } rejection)
            {
                return $"transaction {i}: {rejection}";
            }
        }
        try
        {
            tip.Membership.Apply(block);
        }
        catch (GovernanceRejectedException e)
        {
            return e.Message;
        }
        return null;
    }

    /// <summary>Why an audit-anchor transaction may not be in a block on <paramref name="membership"/>, or null: the same rules as admission, against the tip.</summary>
    public static string? RejectAuditAnchor(Transaction transaction, ChainMembership membership)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(membership);
        SignedAuditAnchor signed;
        try
        {
            signed = SignedAuditAnchor.Decode(transaction.Data);
        }
        catch (FormatException e)
        {
            return $"not a signed audit anchor: {e.Message}";
        }
        return signed.Reject(membership.Configuration, transaction);
    }
}
