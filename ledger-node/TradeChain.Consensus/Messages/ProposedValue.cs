using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Consensus;

/// <summary>
/// A value to agree on: the block bytes, the block id and the block timestamp. The core treats
/// the bytes as opaque; the host builds them and, when validating, must check that
/// <see cref="Id"/> is the id of exactly these bytes and <see cref="TimestampMs"/> is the
/// timestamp they carry (the id binds both, and signatures cover only the id and timestamp).
/// </summary>
public sealed class ProposedValue
{
    private readonly byte[] _bytes;

    public ProposedValue(Digest id, long timestampMs, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(id);
        Id = id;
        TimestampMs = timestampMs;
        _bytes = bytes.ToArray();
    }

    public Digest Id { get; }

    /// <summary>Block time, Unix milliseconds, chosen by the proposer.</summary>
    public long TimestampMs { get; }

    public ReadOnlyMemory<byte> Bytes => _bytes;

    public int SizeBytes => _bytes.Length;

    internal void WriteTo(CanonicalWriter writer)
    {
        writer.WriteDigest(Id);
        writer.WriteInt64(TimestampMs);
        writer.WriteBytes(_bytes);
    }

    internal static ProposedValue ReadFrom(ref CanonicalReader reader)
    {
        var id = reader.ReadDigest();
        var timestampMs = reader.ReadInt64();
        return new ProposedValue(id, timestampMs, reader.ReadBytes());
    }

    public override string ToString() => $"{Id.ToHex()[..8]}@{TimestampMs}";
}
