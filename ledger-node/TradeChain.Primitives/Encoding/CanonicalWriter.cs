using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using TradeChain.Crypto;

namespace TradeChain.Primitives.Encoding;

/// <summary>
/// Writes the canonical binary encoding: the one byte sequence a value has, whatever process,
/// culture or runtime writes it. Everything hashed or signed on the ledger goes through here.
/// </summary>
/// <remarks>
/// Rules, each chosen so that two different values can never share an encoding:
/// integers are fixed-width big-endian; strings are UTF-8 and byte strings carry a u32 length
/// prefix; optional values carry a 0/1 presence byte; lists carry a u32 count; maps are written
/// as lists of entries sorted by the ordinal bytes of their encoded keys, duplicate keys
/// rejected; every top-level structure starts with a <see cref="TypeTag"/> so a vote can never
/// be read as a block header. <see cref="CanonicalReader"/> accepts exactly what this writes.
/// </remarks>
public sealed class CanonicalWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public CanonicalWriter(int initialCapacityBytes = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacityBytes);
    }

    public int WrittenBytes => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Starts a top-level structure: its type tag and the structure's format version.</summary>
    public void WriteHeader(TypeTag tag, byte version)
    {
        WriteUInt16((ushort)tag);
        WriteByte(version);
    }

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>
    /// A decimal as its exact (sign, 96-bit mantissa, scale) with trailing zeros removed, so
    /// 1.50 and 1.5 encode alike: amounts compare by value, not by how a partner typed them.
    /// </summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(Normalize(value), bits);
        WriteUInt32((uint)bits[3]);
        WriteUInt32((uint)bits[2]);
        WriteUInt32((uint)bits[1]);
        WriteUInt32((uint)bits[0]);
    }

    /// <summary>Removes trailing zeros of the scale; zero becomes positive zero with scale 0.</summary>
    public static decimal Normalize(decimal value) => value == 0m ? 0m : value / 1.000000000000000000000000000000000m;

    /// <summary>A point in time as UTC milliseconds and the original UTC offset in minutes.</summary>
    public void WriteTimestamp(DateTimeOffset value)
    {
        if (value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"timestamp {value:O} has sub-millisecond precision; the ledger keeps milliseconds", nameof(value));
        }
        WriteInt64(value.ToUnixTimeMilliseconds());
        WriteInt16Minutes(value.Offset);
    }

    private void WriteInt16Minutes(TimeSpan offset)
    {
        var minutes = offset.TotalMinutes;
        if (minutes != Math.Floor(minutes))
        {
            throw new ArgumentException($"UTC offset {offset} is not a whole number of minutes", nameof(offset));
        }
        WriteUInt16(unchecked((ushort)(short)minutes));
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteUInt32(checked((uint)value.Length));
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    /// <summary>Bytes whose length is fixed by the format (digests): no length prefix.</summary>
    public void WriteFixed(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var byteCount = StrictUtf8.GetByteCount(value);
        WriteUInt32(checked((uint)byteCount));
        var span = _buffer.GetSpan(byteCount);
        StrictUtf8.GetBytes(value, span);
        _buffer.Advance(byteCount);
    }

    public void WriteOptionalString(string? value)
    {
        WriteBool(value is not null);
        if (value is not null)
        {
            WriteString(value);
        }
    }

    public void WriteDigest(Digest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteByte((byte)value.Algorithm);
        WriteFixed(value.Bytes);
    }

    public void WriteOptionalDigest(Digest? value)
    {
        WriteBool(value is not null);
        if (value is not null)
        {
            WriteDigest(value);
        }
    }

    public void WriteSignature(Signature value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteByte((byte)value.Algorithm);
        WriteBytes(value.Der);
    }

    public void WritePublicKey(PublicKey value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteByte((byte)value.Algorithm);
        WriteBytes(value.Spki);
    }

    public void WriteSealed(SealedData value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteByte((byte)value.Algorithm);
        WriteFixed(value.Nonce);
        WriteBytes(value.Ciphertext);
        WriteFixed(value.Tag);
    }

    public void WriteList<T>(IReadOnlyCollection<T> items, Action<CanonicalWriter, T> writeItem)
    {
        ArgumentNullException.ThrowIfNull(items);
        WriteUInt32(checked((uint)items.Count));
        foreach (var item in items)
        {
            writeItem(this, item);
        }
    }

    public void WriteStringList(IReadOnlyCollection<string> items) => WriteList(items, static (w, s) => w.WriteString(s));

    /// <summary>
    /// A map, entries ordered by the ordinal bytes of their encoded keys (never by a runtime's
    /// dictionary order or a culture's collation).
    /// </summary>
    public void WriteMap<TKey, TValue>(
        IReadOnlyCollection<KeyValuePair<TKey, TValue>> entries,
        Action<CanonicalWriter, TKey> writeKey,
        Action<CanonicalWriter, TValue> writeValue)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var encoded = new List<(byte[] Key, TValue Value)>(entries.Count);
        foreach (var entry in entries)
        {
            var keyWriter = new CanonicalWriter(32);
            writeKey(keyWriter, entry.Key);
            encoded.Add((keyWriter.ToArray(), entry.Value));
        }
        encoded.Sort(static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        for (var i = 1; i < encoded.Count; i++)
        {
            if (encoded[i - 1].Key.AsSpan().SequenceEqual(encoded[i].Key))
            {
                throw new ArgumentException("map has two entries with the same key", nameof(entries));
            }
        }
        WriteUInt32(checked((uint)encoded.Count));
        foreach (var (key, value) in encoded)
        {
            WriteFixed(key);
            writeValue(this, value);
        }
    }

    /// <summary>UTF-8 that throws on lone surrogates instead of writing U+FFFD: two different strings must never encode alike.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
