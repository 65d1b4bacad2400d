using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger.Certificates;

/// <summary>One validator's precommit signature in a certificate; the index is its place in the validator set.</summary>
public sealed record ValidatorSignature(int ValidatorIndex, Signature Signature);

/// <summary>
/// The proof that a block was committed: the precommit signatures of at least 2f+1 of the
/// n = 3f+1 validators for (height, round, block id). Produced by the consensus core; the ledger
/// holds it with the block and checks it through an <see cref="ICommitVerifier"/>.
/// </summary>
public sealed record CommitCertificate
{
    public const byte FormatVersion = 1;

    public CommitCertificate(ulong height, uint round, Digest blockId, IReadOnlyList<ValidatorSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(blockId);
        ArgumentNullException.ThrowIfNull(signatures);
        if (signatures.Count == 0 || signatures.Count > LedgerLimits.MaxValidators)
        {
            throw new ArgumentException($"a certificate holds 1..{LedgerLimits.MaxValidators} signatures, got {signatures.Count}", nameof(signatures));
        }
        for (var i = 0; i < signatures.Count; i++)
        {
            if (signatures[i].ValidatorIndex < 0 || signatures[i].ValidatorIndex >= LedgerLimits.MaxValidators)
            {
                throw new ArgumentException($"validator index {signatures[i].ValidatorIndex} is outside 0..{LedgerLimits.MaxValidators - 1}", nameof(signatures));
            }
            // Ascending and unique: one encoding per certificate, and a validator counts once.
            if (i > 0 && signatures[i - 1].ValidatorIndex >= signatures[i].ValidatorIndex)
            {
                throw new ArgumentException("certificate signatures must be in strictly ascending validator index order", nameof(signatures));
            }
        }
        Height = height;
        Round = round;
        BlockId = blockId;
        Signatures = signatures.ToArray();
    }

    public ulong Height { get; }

    public uint Round { get; }

    public Digest BlockId { get; }

    public IReadOnlyList<ValidatorSignature> Signatures { get; }

    /// <summary>Version 1: header(CommitCertificate, 1); height u64; round u32; block id; list of (index u16, signature).</summary>
    public void Write(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHeader(TypeTag.CommitCertificate, FormatVersion);
        writer.WriteUInt64(Height);
        writer.WriteUInt32(Round);
        writer.WriteDigest(BlockId);
        writer.WriteList(Signatures, static (w, s) =>
        {
            w.WriteUInt16((ushort)s.ValidatorIndex);
            w.WriteSignature(s.Signature);
        });
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64 + Signatures.Count * 80);
        Write(writer);
        return writer.ToArray();
    }

    public static CommitCertificate Read(ref CanonicalReader reader)
    {
        reader.ReadHeader(TypeTag.CommitCertificate, FormatVersion);
        var start = reader.Offset;
        var height = reader.ReadUInt64();
        var round = reader.ReadUInt32();
        var blockId = reader.ReadDigest();
        var signatures = reader.ReadList(static (ref CanonicalReader r) => new ValidatorSignature(r.ReadUInt16(), r.ReadSignature()), minItemBytes: 8);
        try
        {
            return new CommitCertificate(height, round, blockId, signatures);
        }
        catch (ArgumentException e)
        {
            throw new CanonicalFormatException(start, e.Message);
        }
    }

    public static CommitCertificate Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        var certificate = Read(ref reader);
        reader.RequireEnd();
        return certificate;
    }
}
