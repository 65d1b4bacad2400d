using System.Buffers.Binary;

namespace TradeChain.Storage.Log;

/// <summary>Where a record sits: segment number, byte offset of its header, and its whole size on disk.</summary>
public readonly record struct RecordLocation(uint Segment, long Offset, int RecordBytes)
{
    public const int Size = 16;

    /// <summary>The position right after this record.</summary>
    public LogPosition End => new(Segment, Offset + RecordBytes);

    public void Format(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Segment);
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], Offset);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], RecordBytes);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        Format(bytes);
        return bytes;
    }

    public static RecordLocation Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new FormatException($"a record location is {Size} bytes, got {bytes.Length}");
        }
        var location = new RecordLocation(BinaryPrimitives.ReadUInt32BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[4..]), BinaryPrimitives.ReadInt32BigEndian(bytes[12..]));
        if (location.Segment == 0 || location.Offset < SegmentHeader.Size || location.RecordBytes <= RecordHeader.Size)
        {
            throw new FormatException($"record location {location} is impossible");
        }
        return location;
    }

    public override string ToString() => $"segment {Segment} @ {Offset} ({RecordBytes} bytes)";
}

/// <summary>A byte position in the log: a segment and an offset within it.</summary>
public readonly record struct LogPosition(uint Segment, long Offset)
{
    public override string ToString() => $"segment {Segment} @ {Offset}";
}
