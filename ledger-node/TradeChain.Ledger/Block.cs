using TradeChain.Crypto;
using TradeChain.Consensus;
using TradeChain.Primitives.Encoding;
using TradeChain.Primitives.Merkle;
using TradeChain.Ledger.Batches;

namespace TradeChain.Ledger;

/// <summary>A committed block: header, transactions and the commit certificate (none for the genesis block). Immutable.</summary>
public sealed class Block
{
    public const byte FormatVersion = 1;

    public Block(BlockHeader header, IReadOnlyList<Transaction> transactions, CommitCertificate? certificate)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(transactions);
        if (transactions.Count > LedgerLimits.MaxTransactionsPerBlock)
        {
            throw new ArgumentException($"a block holds at most {LedgerLimits.MaxTransactionsPerBlock} transactions, got {transactions.Count}", nameof(transactions));
        }
        Header = header;
        Transactions = transactions.ToArray();
        Certificate = certificate;
    }

    public BlockHeader Header { get; }

    public IReadOnlyList<Transaction> Transactions { get; }

    public CommitCertificate? Certificate { get; }

    /// <summary>Every leaf of every event batch, in ledger order (transaction, then leaf), with the batch that holds it.</summary>
    public IEnumerable<(int TransactionIndex, LedgerBatch Batch, int LeafIndex)> EventLeaves()
    {
        for (var t = 0; t < Transactions.Count; t++)
        {
            if (Transactions[t].Type != TransactionType.EventBatch)
            {
                continue;
            }
            var batch = Transactions[t].Batch;
            for (var leaf = 0; leaf < batch.Leaves.Count; leaf++)
            {
                yield return (t, batch, leaf);
            }
        }
    }

    public ulong Height => Header.Height;

    public Digest Id => Header.Id;

    public ICryptoSuite Suite => CryptoSuites.Get(Header.Suite);

    /// <summary>The Merkle root over the transactions' ids, in block order (RFC 6962 tree; empty block: H("")).</summary>
    public static Digest ComputeTransactionsRoot(ICryptoSuite suite, IReadOnlyList<Transaction> transactions) =>
        TransactionTree(suite, transactions).Root;

    public static MerkleTree TransactionTree(ICryptoSuite suite, IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(transactions);
        return MerkleTree.FromLeafData(suite, transactions.Select(t => (ReadOnlyMemory<byte>)t.ComputeId(suite).Bytes.ToArray()));
    }

    /// <summary>This block with transaction <paramref name="index"/> replaced (redaction); the caller keeps ids unchanged.</summary>
    public Block WithTransaction(int index, Transaction transaction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Transactions.Count);
        var transactions = Transactions.ToArray();
        transactions[index] = transaction;
        return new Block(Header, transactions, Certificate);
    }

    /// <summary>
    /// The block without its certificate: what a proposer proposes (the consensus value's bytes).
    /// Its id is the header's id, so adding the certificate later changes nothing that is signed.
    /// </summary>
    public Block WithoutCertificate() => Certificate is null ? this : new Block(Header, Transactions, null);

    /// <summary>This block with the certificate that committed it.</summary>
    public Block WithCertificate(CommitCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new Block(Header, Transactions, certificate);
    }

    /// <summary>Version 1: header(Block, 1); block header; list of transactions; optional certificate (presence byte), encoded under the header's chain id.</summary>
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256 + Transactions.Sum(t => t.Data.Length + 128));
        writer.WriteHeader(TypeTag.Block, FormatVersion);
        Header.Write(writer);
        writer.WriteList(Transactions, static (w, t) => t.Write(w));
        writer.WriteBool(Certificate is not null);
        Certificate?.WriteTo(writer, Header.ChainId);
        if (writer.WrittenBytes > LedgerLimits.MaxBlockBytes)
        {
            throw new InvalidOperationException($"block {Height} encodes to {writer.WrittenBytes} bytes, over the {LedgerLimits.MaxBlockBytes}-byte limit");
        }
        return writer.ToArray();
    }

    public static Block Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length > LedgerLimits.MaxBlockBytes)
        {
            throw new CanonicalFormatException(0, $"block is {encoded.Length} bytes, over the {LedgerLimits.MaxBlockBytes}-byte limit");
        }
        var reader = new CanonicalReader(encoded);
        reader.ReadHeader(TypeTag.Block, FormatVersion);
        var header = BlockHeader.Read(ref reader);
        var countAt = reader.Offset;
        var transactions = reader.ReadList(static (ref CanonicalReader r) => Transaction.Read(ref r), minItemBytes: 32);
        if (transactions.Count > LedgerLimits.MaxTransactionsPerBlock)
        {
            throw new CanonicalFormatException(countAt, $"block holds {transactions.Count} transactions, over {LedgerLimits.MaxTransactionsPerBlock}");
        }
        var certificateAt = reader.Offset;
        CommitCertificate? certificate = null;
        if (reader.ReadBool())
        {
            try
            {
                // The certificate signs the header's chain id; one from another chain does not decode.
                certificate = CommitCertificate.ReadFrom(ref reader, header.ChainId);
            }
            catch (Exception e) when (e is FormatException and not CanonicalFormatException or ArgumentException)
            {
                throw new CanonicalFormatException(certificateAt, $"commit certificate: {e.Message}");
            }
        }
        reader.RequireEnd();
        return new Block(header, transactions, certificate);
    }

    /// <summary>
    /// What the block claims about itself, without context: a well-formed header, the
    /// transactions' Merkle root, each batch's signature and root, and a certificate (present
    /// above genesis) for this height and block id. Links, state and quorum need the chain and are
    /// checked by the store and the chain verifier.
    /// </summary>
    public IReadOnlyList<string> VerifyContents()
    {
        var problems = new List<string>();
        if (Header.Check() is { } headerProblem)
        {
            problems.Add(headerProblem);
            return problems;
        }
        var suite = Suite;
        var root = ComputeTransactionsRoot(suite, Transactions);
        if (!root.Equals(Header.TransactionsRoot))
        {
            problems.Add($"transactions Merkle root is {root}, header says {Header.TransactionsRoot}");
        }
        for (var i = 0; i < Transactions.Count; i++)
        {
            if (Transactions[i].Type != TransactionType.EventBatch)
            {
                continue;
            }
            var batch = Transactions[i].Batch;
            if (batch.Header.Suite != Header.Suite)
            {
                problems.Add($"transaction {i}: batch is under suite {AlgorithmNames.Of(batch.Header.Suite)}, the chain under {AlgorithmNames.Of(Header.Suite)}");
            }
            foreach (var problem in batch.Verify())
            {
                problems.Add($"transaction {i}: {problem}");
            }
        }
        if (Height == 0)
        {
            if (Certificate is not null)
            {
                problems.Add("the genesis block carries a commit certificate; it is agreed out of band");
            }
        }
        else if (Certificate is null)
        {
            problems.Add($"block {Height} has no commit certificate");
        }
        else if (Certificate.Height != (long)Height || !Certificate.ValueId.Equals(Id))
        {
            problems.Add($"certificate is for height {Certificate.Height} block {Certificate.ValueId}, not height {Height} block {Id}");
        }
        return problems;
    }
}
