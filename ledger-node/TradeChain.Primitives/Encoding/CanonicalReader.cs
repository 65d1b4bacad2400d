using System.Buffers.Binary;
using System.Text;
using TradeChain.Crypto;

namespace TradeChain.Primitives.Encoding;

/// <summary>
/// Reads the canonical encoding strictly: anything <see cref="CanonicalWriter"/> would not have
/// written (a boolean other than 0/1, unsorted or repeated map keys, invalid UTF-8, a length past
/// the end, trailing bytes) is a <see cref="CanonicalFormatException"/> naming the offset.
/// Strictness is what makes decode(encode(x)) == x and encode injective hold together.
/// </summary>
public ref struct CanonicalReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public CanonicalReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
    }

    public readonly int Offset => _offset;

    public readonly int RemainingBytes => _data.Length - _offset;

    /// <summary>Reads and checks a structure's type tag; returns its format version.</summary>
    public byte ReadHeader(TypeTag expected)
    {
        var start = _offset;
        var tag = (TypeTag)ReadUInt16();
        if (tag != expected)
        {
            throw Fail(start, $"expected a {expected} (tag 0x{(ushort)expected:x4}), found tag 0x{(ushort)tag:x4}");
        }
        return ReadByte();
    }

    /// <summary>Reads a header and requires one exact format version.</summary>
    public void ReadHeader(TypeTag expected, byte version)
    {
        var start = _offset;
        var actual = ReadHeader(expected);
        if (actual != version)
        {
            throw Fail(start, $"{expected} format version {actual} is not supported (this build reads version {version})");
        }
    }

    public byte ReadByte() => Take(1)[0];

    public bool ReadBool()
    {
        var start = _offset;
        return ReadByte() switch
        {
            0 => false,
            1 => true,
            var other => throw Fail(start, $"boolean byte must be 0 or 1, found {other}"),
        };
    }

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public decimal ReadDecimal()
    {
        var start = _offset;
        var flags = (int)ReadUInt32();
        var hi = (int)ReadUInt32();
        var mid = (int)ReadUInt32();
        var lo = (int)ReadUInt32();
        decimal value;
        try
        {
            value = new decimal([lo, mid, hi, flags]);
        }
        catch (ArgumentException)
        {
            throw Fail(start, "decimal flags are invalid");
        }
        if (CanonicalWriter.Normalize(value) is var normal && !SameBits(normal, value))
        {
            throw Fail(start, "decimal is not in normal form (trailing zeros or negative zero)");
        }
        return value;
    }

    private static bool SameBits(decimal a, decimal b)
    {
        Span<int> x = stackalloc int[4];
        Span<int> y = stackalloc int[4];
        decimal.GetBits(a, x);
        decimal.GetBits(b, y);
        return x.SequenceEqual(y);
    }

    public DateTimeOffset ReadTimestamp()
    {
        var start = _offset;
        var unixMs = ReadInt64();
        var offsetMinutes = (short)ReadUInt16();
        try
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentException)
        {
            throw Fail(start, $"timestamp {unixMs} ms with offset {offsetMinutes} min is out of range");
        }
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadLength();
        return Take(length);
    }

    public ReadOnlySpan<byte> ReadFixed(int lengthBytes) => Take(lengthBytes);

    public string ReadString()
    {
        var bytes = ReadBytes();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(_offset - bytes.Length, "string is not valid UTF-8");
        }
    }

    public string? ReadOptionalString() => ReadBool() ? ReadString() : null;

    public Digest ReadDigest()
    {
        var algorithm = ReadEnum<HashAlgorithm>("hash algorithm");
        return new Digest(algorithm, Take(Digest.SizeBytes));
    }

    public Digest? ReadOptionalDigest() => ReadBool() ? ReadDigest() : null;

    public Signature ReadSignature()
    {
        var algorithm = ReadEnum<SignatureAlgorithm>("signature algorithm");
        var start = _offset;
        var der = ReadBytes();
        if (der.IsEmpty || der.Length > Signature.MaxDerBytes)
        {
            throw Fail(start, $"signature is {der.Length} bytes; DER signatures are 1..{Signature.MaxDerBytes}");
        }
        return new Signature(algorithm, der);
    }

    public PublicKey ReadPublicKey()
    {
        var algorithm = ReadEnum<SignatureAlgorithm>("signature algorithm");
        var start = _offset;
        var spki = ReadBytes();
        if (spki.IsEmpty || spki.Length > PublicKey.MaxSpkiBytes)
        {
            throw Fail(start, $"public key is {spki.Length} bytes; expected 1..{PublicKey.MaxSpkiBytes}");
        }
        return new PublicKey(algorithm, spki);
    }

    public SealedData ReadSealed()
    {
        var algorithm = ReadEnum<CipherAlgorithm>("cipher algorithm");
        var nonce = Take(SealedData.NonceBytes);
        var ciphertext = ReadBytes();
        var tag = Take(SealedData.TagBytes);
        return new SealedData(algorithm, nonce, ciphertext, tag);
    }

    /// <summary>Reads an enum stored as one byte and rejects values this build does not define.</summary>
    public TEnum ReadEnum<TEnum>(string what)
        where TEnum : struct, Enum
    {
        var start = _offset;
        var raw = ReadByte();
        var value = (TEnum)Enum.ToObject(typeof(TEnum), raw);
        if (!Enum.IsDefined(value))
        {
            throw Fail(start, $"unknown {what} code {raw}");
        }
        return value;
    }

    /// <summary>
    /// A list's element count. Every element takes at least <paramref name="minItemBytes"/>, so a
    /// count the remaining bytes cannot hold is rejected before anything is allocated.
    /// </summary>
    public int ReadCount(int minItemBytes = 1)
    {
        var start = _offset;
        var count = ReadUInt32();
        if (count > (uint)(RemainingBytes / Math.Max(1, minItemBytes)))
        {
            throw Fail(start, $"count {count} cannot fit in the {RemainingBytes} bytes that remain");
        }
        return (int)count;
    }

    public List<T> ReadList<T>(ItemReader<T> readItem, int minItemBytes = 1)
    {
        var count = ReadCount(minItemBytes);
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(readItem(ref this));
        }
        return items;
    }

    public List<string> ReadStringList() => ReadList(static (ref CanonicalReader r) => r.ReadString(), minItemBytes: 4);

    /// <summary>Reads a map written by <see cref="CanonicalWriter.WriteMap{TKey, TValue}"/>: keys strictly ascending by their encoded bytes.</summary>
    public List<KeyValuePair<TKey, TValue>> ReadMap<TKey, TValue>(ItemReader<TKey> readKey, ItemReader<TValue> readValue, int minEntryBytes = 2)
    {
        var count = ReadCount(minEntryBytes);
        var entries = new List<KeyValuePair<TKey, TValue>>(count);
        var previousKeyStart = -1;
        var previousKeyEnd = -1;
        for (var i = 0; i < count; i++)
        {
            var keyStart = _offset;
            var key = readKey(ref this);
            var keyEnd = _offset;
            if (previousKeyStart >= 0 && _data[previousKeyStart..previousKeyEnd].SequenceCompareTo(_data[keyStart..keyEnd]) >= 0)
            {
                throw Fail(keyStart, "map keys must be unique and in ascending byte order");
            }
            (previousKeyStart, previousKeyEnd) = (keyStart, keyEnd);
            entries.Add(new KeyValuePair<TKey, TValue>(key, readValue(ref this)));
        }
        return entries;
    }

    /// <summary>Requires that the whole input was consumed: trailing bytes would make two inputs decode alike.</summary>
    public readonly void RequireEnd()
    {
        if (_offset != _data.Length)
        {
            throw Fail(_offset, $"{_data.Length - _offset} unexpected trailing bytes");
        }
    }

    private int ReadLength()
    {
        var start = _offset;
        var length = ReadUInt32();
        if (length > (uint)RemainingBytes)
        {
            throw Fail(start, $"length {length} runs past the end ({RemainingBytes} bytes remain)");
        }
        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int lengthBytes)
    {
        if (lengthBytes > RemainingBytes)
        {
            throw Fail(_offset, $"needs {lengthBytes} bytes, {RemainingBytes} remain");
        }
        var span = _data.Slice(_offset, lengthBytes);
        _offset += lengthBytes;
        return span;
    }

    private static CanonicalFormatException Fail(int offset, string reason) => new(offset, reason);

    private static readonly UTF8Encoding StrictUtf8 = CanonicalWriter.StrictUtf8;
}

/// <summary>Reads one item of a list or map.</summary>
public delegate T ItemReader<T>(ref CanonicalReader reader);

/// <summary>Input that is not the canonical encoding; says where and why.</summary>
public sealed class CanonicalFormatException(int offset, string reason)
    : FormatException($"not canonical at byte {offset}: {reason}")
{
    public int Offset { get; } = offset;

    public string Reason { get; } = reason;
}
