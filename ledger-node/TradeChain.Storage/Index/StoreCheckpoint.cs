using System.Buffers.Binary;
using TradeChain.Crypto;
using TradeChain.Storage.Log;

namespace TradeChain.Storage.Index;

/// <summary>
/// How far the indexes and contract state have applied the log: the last block (height, id), the
/// state root after it, and the log position right after its record. Written in the same RocksDB
/// batch as that block's indexes, so it can never disagree with them.
/// Layout (<see cref="Size"/> bytes, big-endian): version u8; height u64; block id (algorithm u8,
/// 32 bytes); state root (algorithm u8, 32 bytes); next segment u32; next offset i64.
/// </summary>
public sealed record StoreCheckpoint(ulong Height, Digest BlockId, Digest StateRoot, LogPosition Next)
{
    public const int Size = 1 + 8 + 33 + 33 + 4 + 8;

    public const byte CurrentVersion = 1;

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        bytes[0] = CurrentVersion;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), Height);
        WriteDigest(bytes.AsSpan(9), BlockId);
        WriteDigest(bytes.AsSpan(42), StateRoot);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(75), Next.Segment);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(79), Next.Offset);
        return bytes;
    }

    /// <summary>Parses a checkpoint; throws <see cref="FormatException"/> for anything this build did not write.</summary>
    public static StoreCheckpoint Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new FormatException($"store checkpoint is {Size} bytes, got {bytes.Length}");
        }
        if (bytes[0] != CurrentVersion)
        {
            throw new FormatException($"store checkpoint version {bytes[0]}, this build reads {CurrentVersion}");
        }
        var next = new LogPosition(BinaryPrimitives.ReadUInt32BigEndian(bytes[75..]), BinaryPrimitives.ReadInt64BigEndian(bytes[79..]));
        if (next.Segment == 0 || next.Offset <= SegmentHeader.Size)
        {
            throw new FormatException($"store checkpoint position {next} is impossible");
        }
        return new StoreCheckpoint(BinaryPrimitives.ReadUInt64BigEndian(bytes[1..]), ReadDigest(bytes[9..]), ReadDigest(bytes[42..]), next);
    }

    internal static void WriteDigest(Span<byte> destination, Digest digest)
    {
        destination[0] = (byte)digest.Algorithm;
        digest.Bytes.CopyTo(destination[1..]);
    }

    internal static Digest ReadDigest(ReadOnlySpan<byte> source)
    {
        var algorithm = (HashAlgorithm)source[0];
        if (!Enum.IsDefined(algorithm))
        {
            throw new FormatException($"unknown hash algorithm {source[0]}");
        }
        return new Digest(algorithm, source.Slice(1, Digest.SizeBytes));
    }
}
