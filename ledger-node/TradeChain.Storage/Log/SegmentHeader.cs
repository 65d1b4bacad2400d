using System.Buffers.Binary;

namespace TradeChain.Storage.Log;

/// <summary>
/// The first <see cref="Size"/> bytes of every segment file: magic, format version and the
/// segment's number (which must match its file name, so a renamed or copied-over file is caught).
/// Layout: magic "TCLEDGER" (8), format version u16, reserved u16, segment number u32,
/// reserved (16, zero). Little-endian, as the record headers.
/// </summary>
public readonly record struct SegmentHeader(uint SegmentNumber)
{
    public const int Size = 32;

    public const ushort CurrentVersion = 1;

    private static ReadOnlySpan<byte> Magic => "TCLEDGER"u8;

    /// <summary>Parses a header; throws <see cref="StorageCorruptionException"/> for anything this build did not write.</summary>
    public static SegmentHeader Parse(ReadOnlySpan<byte> bytes, string file)
    {
        if (bytes.Length < Size)
        {
            throw new StorageCorruptionException(file, 0, $"segment header needs {Size} bytes, file has {bytes.Length}");
        }
        if (!bytes[..8].SequenceEqual(Magic))
        {
            throw new StorageCorruptionException(file, 0, "segment does not start with the TCLEDGER magic");
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (version != CurrentVersion)
        {
            throw new StorageCorruptionException(file, 8, $"segment format version {version}, this build reads {CurrentVersion}");
        }
        if (BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]) != 0 || bytes[16..Size].ContainsAnyExcept((byte)0))
        {
            throw new StorageCorruptionException(file, 10, "segment header reserved bytes are not zero");
        }
        return new SegmentHeader(BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]));
    }

    public void Format(Span<byte> destination)
    {
        destination[..Size].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], SegmentNumber);
    }
}
