using TradeChain.Api.Access;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Trade.Batches;

namespace TradeChain.Api.Ledger;

/// <summary>A block in the explorer's list: its header and how much it holds.</summary>
public sealed record BlockSummaryView(
    ulong Height,
    string BlockId,
    string? PreviousBlockId,
    string TransactionsRoot,
    long TimestampMs,
    string ProposerId,
    int TransactionCount,
    int EventCount,
    IReadOnlyDictionary<string, string> DataIdentifiers);

/// <summary>One validator's precommit in a commit certificate; <see cref="MemberId"/> is null when the index is outside the validator set the API resolved it against.</summary>
public sealed record CertificateSignerView(int ValidatorIndex, string? MemberId, string SignatureAlgorithm);

/// <summary>The commit certificate: the round that decided the block and the validators whose precommits carry it.</summary>
public sealed record CertificateView(long Height, int Round, string ValueId, IReadOnlyList<CertificateSignerView> Signers);

/// <summary>A transaction as a block lists it.</summary>
public sealed record TransactionSummaryView(
    int Index,
    string TransactionId,
    string Type,
    IReadOnlyList<string> Signers,
    long TimestampMs,
    string Sender,
    string Recipient,
    string Memo,
    string DataForm,
    int EventCount,
    string Link);

/// <summary>A block with the CBD-Forum-001-2017 block fields, TradeChain's extensions (chain, suite, state root, proposer, certificate) and its transactions.</summary>
public sealed record BlockView(
    ulong Height,
    string BlockId,
    ushort Version,
    string? PreviousBlockId,
    string TransactionsRoot,
    long TimestampMs,
    IReadOnlyList<TransactionSummaryView> Transactions,
    string ChainId,
    string Suite,
    string StateRoot,
    string ProposerId,
    CertificateView? Certificate,
    IReadOnlyDictionary<string, string> DataIdentifiers);

/// <summary>The member's signed batch header: what the member's one signature covers.</summary>
public sealed record BatchHeaderView(string MemberId, string Feed, ulong Sequence, long CreatedAtMs, string Suite, int EventCount, string EventsRoot, string SignerKey, string SignatureAlgorithm);

/// <summary>One leaf of a batch: the event's id, whether it was redacted, and where to read it.</summary>
public sealed record BatchEventView(int LeafIndex, string EventId, bool Redacted, string Link);

/// <summary>
/// A transaction's data (03_007): its kind, size and the commitment the transaction id covers;
/// for an event batch the signed header and its events' ids (no event content: that is behind
/// the event link, where the caller's access rules apply).
/// </summary>
public sealed record TransactionDataView(string Kind, int Bytes, string Commitment, BatchHeaderView? BatchHeader, IReadOnlyList<BatchEventView>? Events);

/// <summary>A transaction with the CBD-Forum-001-2017 transaction fields and where it sits on the ledger.</summary>
public sealed record TransactionView(
    string TransactionId,
    string Type,
    IReadOnlyList<string> Signers,
    long TimestampMs,
    string Sender,
    string Recipient,
    TransactionDataView Data,
    string Memo,
    ulong Height,
    int Index,
    string BlockLink,
    string DataForm,
    IReadOnlyDictionary<string, string> DataIdentifiers);

/// <summary>
/// An event on the ledger: where it is (block, transaction, leaf) and, when the caller may see
/// it, the event as <c>/shipments</c> shows it to that caller, with the link to its proof or the
/// reason the proof is refused.
/// </summary>
public sealed record ExplorerEventView(
    string EventId,
    ulong Height,
    string BlockId,
    int TransactionIndex,
    string TransactionId,
    long LeafIndex,
    bool Redacted,
    EventView? Event,
    string? ProofLink,
    string? ProofRefusal,
    IReadOnlyDictionary<string, string> DataIdentifiers);

/// <summary>Ledger structures to explorer views. Pure: blocks and transactions in, views out.</summary>
public static class ExplorerViews
{
    public const string Prefix = "/api/v1/explorer";

    /// <summary>What names a field that the standard has no identifier for.</summary>
    public const string Extension = "extension";

    private static readonly string[] BlockFields = ["height", "blockId", "version", "previousBlockId", "transactionsRoot", "timestampMs", "transactions", "chainId", "suite", "stateRoot", "proposerId", "certificate"];

    private static readonly string[] BlockSummaryFields = ["height", "blockId", "previousBlockId", "transactionsRoot", "timestampMs", "proposerId"];

    private static readonly string[] TransactionFields = ["transactionId", "type", "signers", "timestampMs", "sender", "recipient", "data", "memo", "dataForm"];

    private static readonly string[] EventFields = ["height", "blockId", "transactionId"];

    public static string BlockLink(ulong height) => $"{Prefix}/blocks/{height}";

    public static string TransactionLink(string transactionId) => $"{Prefix}/transactions/{transactionId}";

    public static string EventLink(string eventId) => $"{Prefix}/events/{eventId}";

    /// <summary>
    /// Each field's CBD-Forum-001-2017 data identifier ("02_001") from <see cref="DataIdentifiers"/>,
    /// looked up in the data category the view belongs to first (a block's timestampMs is 02_006,
    /// a transaction's 03_004), else any category; "extension" for TradeChain's own fields.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Identify(string category, IEnumerable<string> fields) =>
        fields.ToDictionary(f => f, f =>
        {
            var elements = TradeChain.Ledger.DataIdentifiers.ForExplorerName(f);
            return (elements.FirstOrDefault(e => e.Identifier.StartsWith(category, StringComparison.Ordinal)) ?? elements.FirstOrDefault())?.Identifier ?? Extension;
        });

    public static BlockSummaryView Summary(Block block) => new(
        block.Height,
        block.Id.ToString(),
        block.Header.PreviousBlockId?.ToString(),
        block.Header.TransactionsRoot.ToString(),
        block.Header.TimestampMs,
        block.Header.ProposerId,
        block.Transactions.Count,
        block.Transactions.Where(t => t.Type == TransactionType.EventBatch).Sum(t => t.Batch.Leaves.Count),
        Identify("02_", BlockSummaryFields));

    /// <param name="validatorIds">The validator set's member ids in index order, to name the certificate's signers.</param>
    public static BlockView Block(Block block, IReadOnlyList<string> validatorIds)
    {
        var suite = block.Suite;
        var header = block.Header;
        return new BlockView(
            header.Height,
            block.Id.ToString(),
            header.Version,
            header.PreviousBlockId?.ToString(),
            header.TransactionsRoot.ToString(),
            header.TimestampMs,
            block.Transactions.Select((t, i) => TransactionSummary(suite, t, i)).ToArray(),
            header.ChainId,
            AlgorithmNames.Of(header.Suite),
            header.StateRoot.ToString(),
            header.ProposerId,
            block.Certificate is { } c
                ? new CertificateView(c.Height, c.Round, c.ValueId.ToString(), c.Signatures.Select(s => new CertificateSignerView(
                    s.ValidatorIndex,
                    s.ValidatorIndex >= 0 && s.ValidatorIndex < validatorIds.Count ? validatorIds[s.ValidatorIndex] : null,
                    AlgorithmNames.Of(s.Signature.Algorithm))).ToArray())
                : null,
            Identify("02_", BlockFields));
    }

    /// <param name="suite">The chain's suite: a transaction id is its summary's digest under it.</param>
    public static TransactionView Transaction(LedgerTransaction found, ICryptoSuite suite)
    {
        var t = found.Transaction;
        return new TransactionView(
            t.ComputeId(suite).ToString(),
            Name(t.Type),
            t.Signers,
            t.TimestampMs,
            t.Sender,
            t.Recipient,
            Data(suite, t),
            t.Memo,
            found.Height,
            found.Index,
            BlockLink(found.Height),
            Name(t.Form),
            Identify("03_", TransactionFields));
    }

    public static IReadOnlyDictionary<string, string> EventIdentifiers { get; } = Identify("02_", EventFields);

    private static TransactionSummaryView TransactionSummary(ICryptoSuite suite, Transaction t, int index)
    {
        var id = t.ComputeId(suite).ToString();
        return new TransactionSummaryView(index, id, Name(t.Type), t.Signers, t.TimestampMs, t.Sender, t.Recipient, t.Memo, Name(t.Form),
            t.Type == TransactionType.EventBatch ? t.Batch.Leaves.Count : 0, TransactionLink(id));
    }

    private static TransactionDataView Data(ICryptoSuite suite, Transaction t)
    {
        var commitment = t.DataCommitment(suite).ToString();
        if (t.Type != TransactionType.EventBatch)
        {
            return new TransactionDataView(Name(t.Type), t.Data.Length, commitment, null, null);
        }
        var batch = t.Batch;
        var h = batch.Header;
        var header = new BatchHeaderView(h.MemberId, Name(h.Feed), h.Sequence, h.CreatedAtMs, AlgorithmNames.Of(h.Suite), h.EventCount, h.EventsRoot.ToString(),
            EventProofVerifier.KeyFingerprint(batch.Suite, batch.SignerKey), AlgorithmNames.Of(batch.Signature.Algorithm));
        var events = batch.Leaves.Select((leaf, i) =>
        {
            var eventId = batch.EventId(i).ToString();
            return new BatchEventView(i, eventId, leaf.IsRedacted, EventLink(eventId));
        }).ToArray();
        return new TransactionDataView(Name(t.Type), t.Data.Length, commitment, header, events);
    }

    /// <summary>"EventBatch" → "eventBatch": enum values as the explorer's JSON names them.</summary>
    private static string Name<T>(T value)
        where T : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}
