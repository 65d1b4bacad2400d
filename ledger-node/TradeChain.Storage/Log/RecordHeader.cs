using System.Buffers.Binary;
using TradeChain.Storage.Checksums;

namespace TradeChain.Storage.Log;

/// <summary>What a log record holds. On disk: never renumber.</summary>
public enum RecordKind : byte
{
    Block = 1,
}

/// <summary>
/// The <see cref="Size"/>-byte header in front of every record's payload. Layout (little-endian):
/// payload length u32; padding length u32; CRC-32C u32; kind u8; format version u8; reserved u16
/// (zero). The CRC covers the header's other 12 bytes, the payload and the padding (zeros), so a
/// torn write anywhere in a record, its length field included, fails the check. Padding is what a
/// redaction leaves when it rewrites a record shorter in place.
/// </summary>
public readonly record struct RecordHeader(int PayloadBytes, int PaddingBytes, uint Crc, RecordKind Kind)
{
    public const int Size = 16;

    public const byte CurrentVersion = 1;

    /// <summary>A record holds one block: the block limit plus room for the encoding's framing.</summary>
    public const int MaxPayloadBytes = Ledger.LedgerLimits.MaxBlockBytes + 1024;

    public int RecordBytes => Size + PayloadBytes + PaddingBytes;

    /// <summary>
    /// Parses a header's fields and checks them for plausibility (lengths within limits, known kind,
    /// zero reserved bytes). The CRC itself is checked by <see cref="VerifyCrc"/> once the payload is read.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out RecordHeader header, out string? problem)
    {
        header = default;
        if (bytes.Length < Size)
        {
            problem = $"record header needs {Size} bytes, {bytes.Length} remain";
            return false;
        }
        var payload = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        var padding = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        var kind = (RecordKind)bytes[12];
        if (payload == 0 || payload > MaxPayloadBytes)
        {
            problem = $"record payload length {payload} is outside 1..{MaxPayloadBytes}";
            return false;
        }
        if (padding > MaxPayloadBytes)
        {
            // Padding is what a redaction freed, so it is never more than a payload could be.
            problem = $"record padding {padding} is over {MaxPayloadBytes}";
            return false;
        }
        if (!Enum.IsDefined(kind))
        {
            problem = $"unknown record kind {(byte)kind}";
            return false;
        }
        if (bytes[13] != CurrentVersion)
        {
            problem = $"record format version {bytes[13]}, this build reads {CurrentVersion}";
            return false;
        }
        if (bytes[14] != 0 || bytes[15] != 0)
        {
            problem = "record header reserved bytes are not zero";
            return false;
        }
        header = new RecordHeader((int)payload, (int)padding, crc, kind);
        problem = null;
        return true;
    }

    /// <summary>Null when the CRC matches and the padding is zeros, else the problem.</summary>
    public string? VerifyCrc(ReadOnlySpan<byte> payloadAndPadding)
    {
        if (payloadAndPadding.Length != PayloadBytes + PaddingBytes)
        {
            return $"record body is {payloadAndPadding.Length} bytes, header says {PayloadBytes + PaddingBytes}";
        }
        var actual = ComputeCrc(PayloadBytes, PaddingBytes, Kind, payloadAndPadding);
        if (actual != Crc)
        {
            return $"CRC-32C mismatch: stored 0x{Crc:x8}, computed 0x{actual:x8}";
        }
        if (payloadAndPadding[PayloadBytes..].ContainsAnyExcept((byte)0))
        {
            return "record padding is not zero";
        }
        return null;
    }

    /// <summary>Builds a whole record (header, payload, zero padding) ready to write.</summary>
    public static byte[] BuildRecord(RecordKind kind, ReadOnlySpan<byte> payload, int paddingBytes)
    {
        if (payload.IsEmpty || payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"record payload must be 1..{MaxPayloadBytes} bytes, got {payload.Length}", nameof(payload));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(paddingBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddingBytes, MaxPayloadBytes);
        var record = new byte[Size + payload.Length + paddingBytes];
        payload.CopyTo(record.AsSpan(Size));
        var crc = ComputeCrc(payload.Length, paddingBytes, kind, record.AsSpan(Size));
        new RecordHeader(payload.Length, paddingBytes, crc, kind).Format(record);
        return record;
    }

    public void Format(Span<byte> destination)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)PayloadBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)PaddingBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Crc);
        destination[12] = (byte)Kind;
        destination[13] = CurrentVersion;
    }

    private static uint ComputeCrc(int payloadBytes, int paddingBytes, RecordKind kind, ReadOnlySpan<byte> body)
    {
        Span<byte> fields = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(fields, (uint)payloadBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[4..], (uint)paddingBytes);
        fields[8] = (byte)kind;
        fields[9] = CurrentVersion;
        fields[10] = 0;
        fields[11] = 0;
        return Crc32C.Append(Crc32C.Compute(fields), body);
    }
}
