using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Events;

namespace TradeChain.Trade.Batches;

/// <summary>
/// What a member signs for a batch of events: who, which feed, its place in the member's
/// sequence, when, under which suite, how many events and their Merkle root. One signature
/// per batch keeps every event provable (Merkle path + this header) at a fraction of the cost
/// of per-event signatures.
/// </summary>
public sealed record BatchHeader(
    string MemberId,
    Feed Feed,
    ulong Sequence,
    long CreatedAtMs,
    SuiteId Suite,
    int EventCount,
    Digest EventsRoot)
{
    public const byte FormatVersion = 1;

    /// <summary>Member ids are short organisation codes; the bound keeps headers small.</summary>
    public const int MaxMemberIdChars = 64;

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the header cannot be valid.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(MemberId) || MemberId.Length > MaxMemberIdChars)
        {
            throw new ArgumentException($"member id must be 1..{MaxMemberIdChars} characters, got '{MemberId}'");
        }
        if (!Enum.IsDefined(Feed))
        {
            throw new ArgumentException($"unknown feed {Feed}");
        }
        if (!Enum.IsDefined(Suite))
        {
            throw new ArgumentException($"unknown crypto suite {Suite}");
        }
        if (EventCount <= 0 || EventCount > EventBatch.MaxEvents)
        {
            throw new ArgumentException($"a batch holds 1..{EventBatch.MaxEvents} events, header says {EventCount}");
        }
        if (CreatedAtMs < 0)
        {
            throw new ArgumentException($"created-at {CreatedAtMs} ms is before 1970");
        }
        var hashAlgorithm = CryptoSuites.Get(Suite).HashAlgorithm;
        if (EventsRoot.Algorithm != hashAlgorithm)
        {
            throw new ArgumentException($"events root uses {EventsRoot.Algorithm}, suite {AlgorithmNames.Of(Suite)} hashes with {hashAlgorithm}");
        }
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(128);
        writer.WriteHeader(TypeTag.BatchHeader, FormatVersion);
        writer.WriteString(MemberId);
        writer.WriteByte((byte)Feed);
        writer.WriteUInt64(Sequence);
        writer.WriteInt64(CreatedAtMs);
        writer.WriteByte((byte)Suite);
        writer.WriteUInt32((uint)EventCount);
        writer.WriteDigest(EventsRoot);
        return writer.ToArray();
    }

    public static BatchHeader Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        var header = Read(ref reader);
        reader.RequireEnd();
        return header;
    }

    public static BatchHeader Read(ref CanonicalReader reader)
    {
        reader.ReadHeader(TypeTag.BatchHeader, FormatVersion);
        var header = new BatchHeader(
            MemberId: reader.ReadString(),
            Feed: reader.ReadEnum<Feed>("feed"),
            Sequence: reader.ReadUInt64(),
            CreatedAtMs: reader.ReadInt64(),
            Suite: reader.ReadEnum<SuiteId>("crypto suite"),
            EventCount: (int)Math.Min(reader.ReadUInt32(), int.MaxValue),
            EventsRoot: reader.ReadDigest());
        try
        {
            header.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CanonicalFormatException(reader.Offset, e.Message);
        }
        return header;
    }
}
