using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Consensus;

/// <summary>
/// The round's proposer's signed proposal: a value and, when it re-proposes a value that gathered
/// a quorum of prevotes in an earlier round, that round (<see cref="ValidRound"/>; -1 for a fresh
/// value). Signed bytes: <c>TypeTag.Proposal ‖ version ‖ chain id ‖ height ‖ round ‖ valid round? ‖
/// value id ‖ timestamp ms ‖ proposer index</c>; the wire form appends the signature and the value bytes.
/// </summary>
public sealed class Proposal : ConsensusMessage
{
    public const byte FormatVersion = 1;

    public Proposal(long height, int round, int validRound, ProposedValue value, int proposerIndex, Signature signature)
        : base(height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfLessThan(validRound, -1);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(proposerIndex);
        ArgumentNullException.ThrowIfNull(signature);
        Round = round;
        ValidRound = validRound;
        Value = value;
        ProposerIndex = proposerIndex;
        Signature = signature;
    }

    public int Round { get; }

    /// <summary>The earlier round in which this value had prevotes of more than 2/3 of the power, or -1.</summary>
    public int ValidRound { get; }

    public ProposedValue Value { get; }

    public int ProposerIndex { get; }

    public Signature Signature { get; }

    public static Proposal Sign(string chainId, long height, int round, int validRound, ProposedValue value, int proposerIndex, IMessageSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(value);
        var signature = signer.Sign(SignBytes(chainId, height, round, validRound, value.Id, value.TimestampMs, proposerIndex));
        return new Proposal(height, round, validRound, value, proposerIndex, signature);
    }

    public static byte[] SignBytes(string chainId, long height, int round, int validRound, Digest valueId, long timestampMs, int proposerIndex)
    {
        var writer = new CanonicalWriter(128);
        WriteSigned(writer, chainId, height, round, validRound, valueId, timestampMs, proposerIndex);
        return writer.ToArray();
    }

    public byte[] SignBytes(string chainId) => SignBytes(chainId, Height, Round, ValidRound, Value.Id, Value.TimestampMs, ProposerIndex);

    public bool VerifySignature(string chainId, PublicKey key, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return verifier.Verify(key, SignBytes(chainId), Signature);
    }

    /// <summary>Same proposal, ignoring signature bytes.</summary>
    public bool HasSameContent(Proposal other) =>
        other.Height == Height && other.Round == Round && other.ValidRound == ValidRound && other.ProposerIndex == ProposerIndex
        && other.Value.Id.Equals(Value.Id) && other.Value.TimestampMs == Value.TimestampMs;

    public byte[] Encode(string chainId)
    {
        var writer = new CanonicalWriter(192 + Value.SizeBytes);
        WriteSigned(writer, chainId, Height, Round, ValidRound, Value.Id, Value.TimestampMs, ProposerIndex);
        writer.WriteSignature(Signature);
        writer.WriteBytes(Value.Bytes.Span);
        return writer.ToArray();
    }

    public static Proposal Decode(ReadOnlySpan<byte> data, string expectedChainId)
    {
        var reader = new CanonicalReader(data);
        reader.ReadHeader(TypeTag.Proposal, FormatVersion);
        Vote.RequireChain(reader.ReadString(), expectedChainId);
        var height = Vote.ReadHeight(ref reader);
        var round = Vote.ReadRound(ref reader);
        var validRound = reader.ReadBool() ? Vote.ReadRound(ref reader) : -1;
        var valueId = reader.ReadDigest();
        var timestampMs = reader.ReadInt64();
        var proposer = Vote.ReadIndex(ref reader);
        var signature = reader.ReadSignature();
        var bytes = reader.ReadBytes();
        reader.RequireEnd();
        return new Proposal(height, round, validRound, new ProposedValue(valueId, timestampMs, bytes), proposer, signature);
    }

    private static void WriteSigned(CanonicalWriter writer, string chainId, long height, int round, int validRound, Digest valueId, long timestampMs, int proposerIndex)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        writer.WriteHeader(TypeTag.Proposal, FormatVersion);
        writer.WriteString(chainId);
        writer.WriteUInt64(checked((ulong)height));
        writer.WriteUInt32(checked((uint)round));
        writer.WriteBool(validRound >= 0);
        if (validRound >= 0)
        {
            writer.WriteUInt32((uint)validRound);
        }
        writer.WriteDigest(valueId);
        writer.WriteInt64(timestampMs);
        writer.WriteUInt32(checked((uint)proposerIndex));
    }

    public override string ToString() => $"proposal h={Height} r={Round} vr={ValidRound} {Value} by {ProposerIndex}";
}
