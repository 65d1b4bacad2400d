using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Consensus;

/// <summary>The two votes of a round. Byte values are part of signed bytes: never renumber.</summary>
public enum VoteType : byte
{
    Prevote = 1,
    Precommit = 2,
}

/// <summary>
/// A validator's signed prevote or precommit for a value id, or for nil (no value).
/// Signed bytes: <c>TypeTag.Vote ‖ version ‖ chain id ‖ type ‖ height ‖ round ‖ value id? ‖ validator index</c>;
/// the wire form appends the signature.
/// </summary>
public sealed class Vote : ConsensusMessage
{
    public const byte FormatVersion = 1;

    public Vote(VoteType type, long height, int round, Digest? valueId, int validatorIndex, Signature signature)
        : base(height)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "unknown vote type");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfNegative(validatorIndex);
        ArgumentNullException.ThrowIfNull(signature);
        Type = type;
        Round = round;
        ValueId = valueId;
        ValidatorIndex = validatorIndex;
        Signature = signature;
    }

    public VoteType Type { get; }

    public int Round { get; }

    /// <summary>The value voted for; null is a vote for nil.</summary>
    public Digest? ValueId { get; }

    public int ValidatorIndex { get; }

    public Signature Signature { get; }

    public static Vote Sign(string chainId, VoteType type, long height, int round, Digest? valueId, int validatorIndex, IMessageSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var signature = signer.Sign(SignBytes(chainId, type, height, round, valueId, validatorIndex));
        return new Vote(type, height, round, valueId, validatorIndex, signature);
    }

    public static byte[] SignBytes(string chainId, VoteType type, long height, int round, Digest? valueId, int validatorIndex)
    {
        var writer = new CanonicalWriter(96);
        WriteSigned(writer, chainId, type, height, round, valueId, validatorIndex);
        return writer.ToArray();
    }

    public byte[] SignBytes(string chainId) => SignBytes(chainId, Type, Height, Round, ValueId, ValidatorIndex);

    public bool VerifySignature(string chainId, PublicKey key, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return verifier.Verify(key, SignBytes(chainId), Signature);
    }

    /// <summary>Same vote, ignoring the signature bytes (ECDSA and SM2 signatures are randomised).</summary>
    public bool HasSameContent(Vote other) =>
        other.Type == Type && other.Height == Height && other.Round == Round && other.ValidatorIndex == ValidatorIndex && Equals(other.ValueId, ValueId);

    public byte[] Encode(string chainId)
    {
        var writer = new CanonicalWriter(160);
        WriteSigned(writer, chainId, Type, Height, Round, ValueId, ValidatorIndex);
        writer.WriteSignature(Signature);
        return writer.ToArray();
    }

    public static Vote Decode(ReadOnlySpan<byte> data, string expectedChainId)
    {
        var reader = new CanonicalReader(data);
        reader.ReadHeader(TypeTag.Vote, FormatVersion);
        RequireChain(reader.ReadString(), expectedChainId);
        var type = reader.ReadEnum<VoteType>("vote type");
        var height = ReadHeight(ref reader);
        var round = ReadRound(ref reader);
        var valueId = reader.ReadOptionalDigest();
        var index = ReadIndex(ref reader);
        var signature = reader.ReadSignature();
        reader.RequireEnd();
        return new Vote(type, height, round, valueId, index, signature);
    }

    private static void WriteSigned(CanonicalWriter writer, string chainId, VoteType type, long height, int round, Digest? valueId, int validatorIndex)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        writer.WriteHeader(TypeTag.Vote, FormatVersion);
        writer.WriteString(chainId);
        writer.WriteByte((byte)type);
        writer.WriteUInt64(checked((ulong)height));
        writer.WriteUInt32(checked((uint)round));
        writer.WriteOptionalDigest(valueId);
        writer.WriteUInt32(checked((uint)validatorIndex));
    }

    internal static void RequireChain(string actual, string expected)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new FormatException($"message is for chain '{actual}', this node is on '{expected}'");
        }
    }

    internal static long ReadHeight(ref CanonicalReader reader)
    {
        var height = reader.ReadUInt64();
        return height is 0 or > long.MaxValue ? throw new FormatException($"height {height} is out of range") : (long)height;
    }

    internal static int ReadRound(ref CanonicalReader reader)
    {
        var round = reader.ReadUInt32();
        return round > int.MaxValue ? throw new FormatException($"round {round} is out of range") : (int)round;
    }

    internal static int ReadIndex(ref CanonicalReader reader)
    {
        var index = reader.ReadUInt32();
        return index > int.MaxValue ? throw new FormatException($"validator index {index} is out of range") : (int)index;
    }

    public override string ToString() =>
        $"{(Type == VoteType.Prevote ? "prevote" : "precommit")} h={Height} r={Round} {ValueId?.ToHex()[..8] ?? "nil"} by {ValidatorIndex}";
}
