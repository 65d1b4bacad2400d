using TradeChain.Crypto;
using TradeChain.Ledger.Batches;
using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Batches;

namespace TradeChain.Ledger;

/// <summary>
/// A ledger transaction, with the CBD-Forum-001-2017 transaction fields: type, signers,
/// timestamp, sender, recipient, data, memo. Its id is the digest of <see cref="Summary"/>, which
/// holds the data's commitment rather than the data (see <see cref="LedgerBatch.Commitment"/>).
/// Immutable.
/// </summary>
public sealed class Transaction
{
    public const byte FormatVersion = 1;

    private readonly byte[] _data;
    private LedgerBatch? _batch;

    public Transaction(
        TransactionType type,
        IReadOnlyList<string> signers,
        long timestampMs,
        string sender,
        string recipient,
        ReadOnlySpan<byte> data,
        string memo,
        DataForm form = DataForm.Whole)
    {
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(memo);
        Type = type;
        Signers = signers.ToArray();
        TimestampMs = timestampMs;
        Sender = sender;
        Recipient = recipient;
        _data = data.ToArray();
        Memo = memo;
        Form = form;
        var problem = Check();
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }
    }

    public TransactionType Type { get; }

    /// <summary>The members that authorise the transaction (for an event batch: the batch's member).</summary>
    public IReadOnlyList<string> Signers { get; }

    /// <summary>When the transaction was formed, Unix milliseconds.</summary>
    public long TimestampMs { get; }

    /// <summary>The member that submitted it.</summary>
    public string Sender { get; }

    /// <summary>The addressee: "ledger" for events, the affected member for governance.</summary>
    public string Recipient { get; }

    public ReadOnlySpan<byte> Data => _data;

    public DataForm Form { get; }

    public string Memo { get; }

    /// <summary>An event batch transaction: the member's batch, whole, as data.</summary>
    public static Transaction ForBatch(EventBatch batch, long timestampMs, string memo = "")
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new Transaction(TransactionType.EventBatch, [batch.Header.MemberId], timestampMs, batch.Header.MemberId, "ledger", batch.Encode(), memo);
    }

    /// <summary>The stored batch of an <see cref="TransactionType.EventBatch"/> transaction, decoded once.</summary>
    public LedgerBatch Batch
    {
        get
        {
            if (Type != TransactionType.EventBatch)
            {
                throw new InvalidOperationException($"a {Type} transaction holds no event batch");
            }
            return _batch ??= LedgerBatch.Read(Form, _data);
        }
    }

    /// <summary>The commitment to the data the id covers: the batch commitment for event batches, else H(data).</summary>
    public Digest DataCommitment(ICryptoSuite suite) =>
        Type == TransactionType.EventBatch ? Batch.Commitment(suite) : suite.Hash(_data);

    public TransactionSummary Summary(ICryptoSuite suite) =>
        new(Type, Signers, TimestampMs, Sender, Recipient, DataCommitment(suite), Memo);

    public Digest ComputeId(ICryptoSuite suite) => Summary(suite).ComputeId(suite);

    /// <summary>This transaction with its batch replaced by <paramref name="redacted"/>; the id is unchanged.</summary>
    public Transaction WithRedactedBatch(LedgerBatch redacted)
    {
        ArgumentNullException.ThrowIfNull(redacted);
        if (Type != TransactionType.EventBatch)
        {
            throw new InvalidOperationException($"a {Type} transaction holds no event batch to redact");
        }
        return new Transaction(Type, Signers, TimestampMs, Sender, Recipient, redacted.EncodeRedactedForm(), Memo, DataForm.RedactedBatch) { _batch = redacted };
    }

    /// <summary>
    /// Stored form, version 1: header(Transaction, 1); type u8; signers: string list;
    /// timestamp_ms i64; sender, recipient: string; memo: string; form u8; data: bytes.
    /// </summary>
    public void Write(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHeader(TypeTag.Transaction, FormatVersion);
        writer.WriteByte((byte)Type);
        writer.WriteStringList(Signers);
        writer.WriteInt64(TimestampMs);
        writer.WriteString(Sender);
        writer.WriteString(Recipient);
        writer.WriteString(Memo);
        writer.WriteByte((byte)Form);
        writer.WriteBytes(_data);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(_data.Length + 128);
        Write(writer);
        return writer.ToArray();
    }

    public static Transaction Read(ref CanonicalReader reader)
    {
        reader.ReadHeader(TypeTag.Transaction, FormatVersion);
        var start = reader.Offset;
        var type = reader.ReadEnum<TransactionType>("transaction type");
        var signers = reader.ReadStringList();
        var timestampMs = reader.ReadInt64();
        var sender = reader.ReadString();
        var recipient = reader.ReadString();
        var memo = reader.ReadString();
        var form = reader.ReadEnum<DataForm>("data form");
        var data = reader.ReadBytes();
        try
        {
            return new Transaction(type, signers, timestampMs, sender, recipient, data, memo, form);
        }
        catch (ArgumentException e)
        {
            throw new CanonicalFormatException(start, e.Message);
        }
    }

    public static Transaction Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        var transaction = Read(ref reader);
        reader.RequireEnd();
        return transaction;
    }

    private string? Check()
    {
        if (!Enum.IsDefined(Type))
        {
            return $"unknown transaction type {(byte)Type}";
        }
        if (!Enum.IsDefined(Form))
        {
            return $"unknown data form {(byte)Form}";
        }
        if (Form == DataForm.RedactedBatch && Type != TransactionType.EventBatch)
        {
            return $"only event batches can be redacted, this is a {Type} transaction";
        }
        if (Signers.Count == 0 || Signers.Count > LedgerLimits.MaxSigners)
        {
            return $"a transaction has 1..{LedgerLimits.MaxSigners} signers, got {Signers.Count}";
        }
        foreach (var signer in Signers)
        {
            if (!LedgerText.IsId(signer))
            {
                return $"signer '{signer}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
            }
        }
        if (!LedgerText.IsId(Sender))
        {
            return $"sender '{Sender}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
        }
        if (!LedgerText.IsId(Recipient))
        {
            return $"recipient '{Recipient}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
        }
        if (Memo.Length > LedgerLimits.MaxMemoChars)
        {
            return $"memo is {Memo.Length} characters, over {LedgerLimits.MaxMemoChars}";
        }
        if (TimestampMs < 0)
        {
            return $"timestamp {TimestampMs} ms is before 1970";
        }
        var maxData = Type == TransactionType.EventBatch ? LedgerLimits.MaxTransactionDataBytes : LedgerLimits.MaxControlDataBytes;
        if (_data.Length == 0 || _data.Length > maxData)
        {
            return $"{Type} data is {_data.Length} bytes; expected 1..{maxData}";
        }
        return null;
    }
}

/// <summary>
/// A transaction with its data replaced by the data's commitment: what the id is the digest of,
/// and what an event proof carries to tie a batch to a block.
/// </summary>
public sealed record TransactionSummary(
    TransactionType Type,
    IReadOnlyList<string> Signers,
    long TimestampMs,
    string Sender,
    string Recipient,
    Digest DataCommitment,
    string Memo)
{
    /// <summary>
    /// The id input's format version. Its high bit marks a hash input that is never decoded, so
    /// it can never be mistaken for the stored form (version 1) under the same tag.
    /// </summary>
    public const byte IdInputVersion = 0x81;

    public Digest ComputeId(ICryptoSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var writer = new CanonicalWriter(256);
        writer.WriteHeader(TypeTag.Transaction, IdInputVersion);
        writer.WriteByte((byte)Type);
        writer.WriteStringList(Signers);
        writer.WriteInt64(TimestampMs);
        writer.WriteString(Sender);
        writer.WriteString(Recipient);
        writer.WriteString(Memo);
        writer.WriteDigest(DataCommitment);
        return suite.Hash(writer.WrittenSpan);
    }
}

/// <summary>Shape checks shared by the ledger's text fields.</summary>
internal static class LedgerText
{
    public static bool IsId(string value) =>
        value.Length is > 0 and <= LedgerLimits.MaxIdChars && !value.Any(char.IsControl) && value.Trim().Length == value.Length;
}
