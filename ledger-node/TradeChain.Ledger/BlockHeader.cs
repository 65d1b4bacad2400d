using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger;

/// <summary>
/// A block header with the CBD-Forum-001-2017 block fields (height, version, previous block
/// digest, transaction Merkle root, millisecond timestamp) plus the network's crypto suite, the
/// contract state root and the proposer. The block id is the digest of this header's canonical
/// encoding.
/// </summary>
/// <param name="Version">Protocol version of the block format and rules the block was made under.</param>
/// <param name="ChainId">The network's chain id (from the genesis): binds the block id, and the certificate's signatures, to one network.</param>
/// <param name="PreviousBlockId">Null only for the genesis block (height 0).</param>
/// <param name="StateRoot">
/// The contract state root after every block before this one (it lags one block, as
/// Tendermint's app hash does, so a proposer need not execute its own block before proposing).
/// </param>
/// <param name="ProposerId">The validator that proposed the block.</param>
public sealed record BlockHeader(
    ushort Version,
    SuiteId Suite,
    string ChainId,
    ulong Height,
    Digest? PreviousBlockId,
    Digest TransactionsRoot,
    Digest StateRoot,
    long TimestampMs,
    string ProposerId)
{
    public const byte FormatVersion = 1;

    /// <summary>The protocol version this build writes.</summary>
    public const ushort CurrentProtocolVersion = 1;

    /// <summary>
    /// The block id: H(canonical header) under the header's suite. Computed on each call, never
    /// cached: a record's <c>with</c> copies fields, and a cached id would survive a changed header.
    /// </summary>
    public Digest Id => CryptoSuites.Get(Suite).Hash(Encode());

    /// <summary>Null when the header is well formed, else what is wrong with it.</summary>
    public string? Check()
    {
        if (!Enum.IsDefined(Suite))
        {
            return $"unknown crypto suite {(byte)Suite}";
        }
        if (!LedgerText.IsId(ChainId))
        {
            return $"chain id '{ChainId}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
        }
        var hash = CryptoSuites.Get(Suite).HashAlgorithm;
        if ((Height == 0) != (PreviousBlockId is null))
        {
            return Height == 0 ? "the genesis block has no previous block id" : $"block {Height} has no previous block id";
        }
        if (PreviousBlockId is not null && PreviousBlockId.Algorithm != hash)
        {
            return $"previous block id uses {PreviousBlockId.Algorithm}, the suite hashes with {hash}";
        }
        if (TransactionsRoot.Algorithm != hash || StateRoot.Algorithm != hash)
        {
            return $"roots use {TransactionsRoot.Algorithm}/{StateRoot.Algorithm}, the suite hashes with {hash}";
        }
        if (TimestampMs < 0)
        {
            return $"timestamp {TimestampMs} ms is before 1970";
        }
        if (!LedgerText.IsId(ProposerId))
        {
            return $"proposer '{ProposerId}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
        }
        return null;
    }

    /// <summary>
    /// Version 1: header(BlockHeader, 1); version u16; suite u8; chain id: string; height u64; previous block id:
    /// optional digest; transactions root, state root: digest; timestamp_ms i64; proposer: string.
    /// </summary>
    public void Write(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHeader(TypeTag.BlockHeader, FormatVersion);
        writer.WriteUInt16(Version);
        writer.WriteByte((byte)Suite);
        writer.WriteString(ChainId);
        writer.WriteUInt64(Height);
        writer.WriteOptionalDigest(PreviousBlockId);
        writer.WriteDigest(TransactionsRoot);
        writer.WriteDigest(StateRoot);
        writer.WriteInt64(TimestampMs);
        writer.WriteString(ProposerId);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(160);
        Write(writer);
        return writer.ToArray();
    }

    public static BlockHeader Read(ref CanonicalReader reader)
    {
        reader.ReadHeader(TypeTag.BlockHeader, FormatVersion);
        var start = reader.Offset;
        var header = new BlockHeader(
            Version: reader.ReadUInt16(),
            Suite: reader.ReadEnum<SuiteId>("crypto suite"),
            ChainId: reader.ReadString(),
            Height: reader.ReadUInt64(),
            PreviousBlockId: reader.ReadOptionalDigest(),
            TransactionsRoot: reader.ReadDigest(),
            StateRoot: reader.ReadDigest(),
            TimestampMs: reader.ReadInt64(),
            ProposerId: reader.ReadString());
        if (header.Check() is { } problem)
        {
            throw new CanonicalFormatException(start, problem);
        }
        return header;
    }

    public static BlockHeader Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        var header = Read(ref reader);
        reader.RequireEnd();
        return header;
    }
}
