using System.Text;
using FsCheck;
using FsCheck.Fluent;
using TradeChain.Crypto;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>Two structures derived from one generated value by a named edit; equal or not, their encodings must agree with that.</summary>
public sealed record SamplePair(string Edit, Sample Left, Sample Right)
{
    public override string ToString() => $"{Edit}:\n  left  = {Left}\n  right = {Right}";
}

/// <summary>A structure and a permutation seed for its map entries.</summary>
public sealed record ShuffledSample(Sample Value, int Seed)
{
    public override string ToString() => $"seed {Seed}: {Value}";
}

/// <summary>A decimal written with extra trailing zeros: the same value at a larger scale.</summary>
public sealed record PaddedDecimal(decimal Value, decimal Padded)
{
    public override string ToString() =>
        $"{Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} / {Padded.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

public static class SampleGen
{
    /// <summary>Fragments chosen to sit on encoding edges: empty, NUL, BOM, U+FFFD, combining marks, CJK, RTL, astral planes.</summary>
    private static readonly string[] Fragments =
    [
        "", "a", "ab", "A", "i", "I", "中", "贸易链", "跨境结算", "提单号", "İ", "ı", "Ä", "ß", "é", "e\u0301",
        "العربية", "١٢٣", "😀", "𠀀", "\u0000", "\uFEFF", "\uFFFD", "\u200B", " ", "\"", "\\", "\n", "1.5", "1,5",
    ];

    public static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(b => (byte)b);

    public static Gen<long> LongBetween(long low, long high) =>
        from a in Gen.Choose(0, int.MaxValue)
        from b in Gen.Choose(0, int.MaxValue)
        select low + (long)(((((ulong)(uint)a) << 31) | (uint)b) % (ulong)(high - low + 1));

    private static readonly Gen<ulong> AnyUInt64 =
        from a in Gen.Choose(0, ushort.MaxValue)
        from b in Gen.Choose(0, ushort.MaxValue)
        from c in Gen.Choose(0, ushort.MaxValue)
        from d in Gen.Choose(0, ushort.MaxValue)
        select ((ulong)(uint)a << 48) | ((ulong)(uint)b << 32) | ((ulong)(uint)c << 16) | (uint)d;

    public static readonly Gen<ulong> UInt64 = Gen.Frequency(
        (4, AnyUInt64),
        (1, Gen.Elements(0UL, 1UL, 0x80UL, (ulong)long.MaxValue, 1UL << 63, ulong.MaxValue)));

    public static readonly Gen<long> Int64 = Gen.Frequency(
        (4, AnyUInt64.Select(u => unchecked((long)u))),
        (2, Gen.Choose(-1000, 1000).Select(i => (long)i)),
        (1, Gen.Elements(long.MinValue, -1L, 0L, 1L, long.MaxValue)));

    public static readonly Gen<uint> UInt32 = Gen.Frequency(
        (4, AnyUInt64.Select(u => (uint)u)),
        (1, Gen.Elements(0u, 1u, 0x7FFF_FFFFu, uint.MaxValue)));

    public static readonly Gen<ushort> UInt16 = Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i);

    public static Gen<byte[]> Bytes(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Byte.ArrayOf(n));

    /// <summary>Any Unicode scalar value (never a lone surrogate), biased towards ASCII and CJK.</summary>
    private static readonly Gen<string> ScalarValue = Gen.Frequency(
        (4, Gen.Choose(0x20, 0x7E)),
        (2, Gen.Choose(0x4E00, 0x9FFF)),
        (1, Gen.Choose(0x00, 0xD7FF)),
        (1, Gen.Choose(0xE000, 0xFFFF)),
        (1, Gen.Choose(0x10000, 0x10FFFF)))
        .Select(char.ConvertFromUtf32);

    public static readonly Gen<string> Text =
        Gen.Choose(0, 6).SelectMany(n => Gen.Frequency((1, Gen.Elements(Fragments)), (1, ScalarValue)).ListOf(n))
            .Select(parts => string.Concat(parts));

    public static readonly Gen<string?> OptionalText = Gen.Frequency((1, Gen.Constant<string?>(null)), (3, Text.Select(s => (string?)s)));

    /// <summary>Decimals across the whole range and every scale, with trailing zeros and negative zero on purpose.</summary>
    public static readonly Gen<decimal> Decimal = Gen.Frequency(
        (3,
            from lo in Gen.Choose(int.MinValue, int.MaxValue)
            from mid in Gen.Choose(int.MinValue, int.MaxValue)
            from hi in Gen.Choose(int.MinValue, int.MaxValue)
            from negative in Gen.Elements(false, true)
            from scale in Gen.Choose(0, 28)
            select new decimal(lo, mid, hi, negative, (byte)scale)),
        (3,
            from units in Gen.Choose(0, 1_000_000)
            from negative in Gen.Elements(false, true)
            from scale in Gen.Choose(0, 8)
            select new decimal(units, 0, 0, negative, (byte)scale)),
        (1, Gen.Elements(
            0m, new decimal(0, 0, 0, true, 0), new decimal(0, 0, 0, true, 5), 0.000m, 1m, -1m, 1.5m, 1.50m, 1.500000m, 100m, 10.0m,
            decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m,
            7.9228162514264337593543950335m, 79228162514264337593543950.335m)));

    public static readonly Gen<PaddedDecimal> Padded =
        from value in Decimal
        from zeros in Gen.Choose(1, 28)
        select new PaddedDecimal(value, Pad(value, zeros));

    /// <summary>The same value with up to <paramref name="zeros"/> more trailing zeros, as far as 96 bits and scale 28 allow.</summary>
    public static decimal Pad(decimal value, int zeros)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new System.Numerics.BigInteger(new[] { (uint)bits[0], (uint)bits[1], (uint)bits[2] }.SelectMany(BitConverter.GetBytes).Append((byte)0).ToArray());
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var max = (System.Numerics.BigInteger.One << 96) - 1;
        for (var i = 0; i < zeros && scale < 28 && mantissa * 10 <= max; i++)
        {
            mantissa *= 10;
            scale++;
        }
        var raw = mantissa.ToByteArray();
        var padded = new byte[13];
        raw.AsSpan(0, Math.Min(raw.Length, 12)).CopyTo(padded);
        return new decimal(BitConverter.ToInt32(padded, 0), BitConverter.ToInt32(padded, 4), BitConverter.ToInt32(padded, 8), negative, (byte)scale);
    }

    private static readonly long MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
    private const long FourteenHoursMs = 14 * 60 * 60 * 1000;

    /// <summary>Whole-minute offsets from −14:00 to +14:00, with the odd real ones (+05:45, +08:45, −09:30) on purpose.</summary>
    public static readonly Gen<int> OffsetMinutes = Gen.Frequency(
        (2, Gen.Elements(0, 480, 540, -300, -480, 330, 345, 525, 765, -570, 840, -840, 60, -60)),
        (1, Gen.Choose(-840, 840)));

    /// <summary>Millisecond-precision instants over the whole representable range, each with some offset.</summary>
    public static readonly Gen<DateTimeOffset> Timestamp = Gen.Frequency(
        (6,
            from ms in Gen.Frequency(
                (3, LongBetween(MinUnixMs + FourteenHoursMs, MaxUnixMs - FourteenHoursMs)),
                (3, LongBetween(946_684_800_000, 4_102_444_800_000)), // 2000..2100
                (1, Gen.Elements(0L, -1L, 1L, MinUnixMs + FourteenHoursMs, MaxUnixMs - FourteenHoursMs)))
            from offset in OffsetMinutes
            select DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(TimeSpan.FromMinutes(offset))),
        (1, Gen.Elements(
            DateTimeOffset.FromUnixTimeMilliseconds(MinUnixMs),
            DateTimeOffset.FromUnixTimeMilliseconds(MaxUnixMs),
            DateTimeOffset.FromUnixTimeMilliseconds(MinUnixMs).ToOffset(TimeSpan.FromHours(14)),
            DateTimeOffset.FromUnixTimeMilliseconds(MaxUnixMs).ToOffset(TimeSpan.FromHours(-14)))));

    public static readonly Gen<Digest> Digest =
        from algorithm in Gen.Elements(HashAlgorithm.Sm3, HashAlgorithm.Sha256)
        from bytes in Byte.ArrayOf(Crypto.Digest.SizeBytes)
        select new Digest(algorithm, bytes);

    public static readonly Gen<Digest?> OptionalDigest = Gen.Frequency((1, Gen.Constant<Digest?>(null)), (2, Digest.Select(d => (Digest?)d)));

    private static Gen<List<T>> SmallList<T>(Gen<T> item, int max = 4) => Gen.Choose(0, max).SelectMany(n => item.ListOf(n)).Select(l => l.ToList());

    /// <summary>Map entries with distinct keys (ordinal), in generation order, which is not the encoded order.</summary>
    private static Gen<List<KeyValuePair<string, TValue>>> Map<TValue>(Gen<TValue> value) =>
        from keys in SmallList(Text, 5)
        from values in value.ListOf(keys.Count)
        select keys.Zip(values, (k, v) => new KeyValuePair<string, TValue>(k, v))
            .DistinctBy(e => e.Key, StringComparer.Ordinal)
            .ToList();

    public static readonly Gen<SampleLine> Line =
        from sku in Text
        from quantity in Decimal
        from memo in OptionalText
        select new SampleLine(sku, quantity, memo);

    public static readonly Gen<Sample> Sample =
        from signed in Int64
        from unsigned in UInt64
        from small in UInt32
        from tiny in UInt16
        from octet in Byte
        from flag in Gen.Elements(false, true)
        from status in Gen.Elements(Enum.GetValues<SampleStatus>())
        from name in Text
        from note in OptionalText
        from payload in Bytes(40)
        from amount in Decimal
        from at in Timestamp
        from hash in Digest
        from previous in OptionalDigest
        from tags in SmallList(Text)
        from lines in SmallList(Line, 3)
        from attributes in Map(Text)
        from totals in Map(Decimal)
        select new Sample(signed, unsigned, small, tiny, octet, flag, status, name, note, payload, amount, at, hash, previous, tags, lines, attributes, totals);

    private static readonly Func<Sample, Digest, SamplePair>[] Edits =
    [
        (x, _) => new("identical copy", x, x with { Tags = [.. x.Tags], Payload = [.. x.Payload] }),
        (x, _) => x.Name.Length == 0
            ? new("name \"\" vs \"a\"", x, x with { Name = "a" })
            : new("last rune of name moved into note", x, x with { Name = DropLastRune(x.Name, out var rune), Note = rune + (x.Note ?? "") }),
        (x, _) => new("note null vs empty", x, x with { Note = x.Note is null ? "" : null }),
        (x, _) => new("extra empty tag", x, x with { Tags = [.. x.Tags, ""] }),
        (x, _) => SplitFirstTag(x),
        (x, _) => x.Tags.Count < 2
            ? new("tags [] vs [\"\"]", x with { Tags = [] }, x with { Tags = [""] })
            : new("first two tags merged", x, x with { Tags = [x.Tags[0] + x.Tags[1], .. x.Tags.Skip(2)] }),
        (x, _) => new("payload gains a zero byte", x, x with { Payload = [.. x.Payload, 0] }),
        (x, _) => new("payload byte moved into note", x with { Note = "", Payload = [0x61, .. x.Payload] }, x with { Note = "a", Payload = [.. x.Payload] }),
        (x, d) => new("previous digest toggled", x, x with { Previous = x.Previous is null ? d : null }),
        (x, _) => new("hash relabelled with the other algorithm", x, x with { Hash = new Digest(x.Hash.Algorithm == HashAlgorithm.Sm3 ? HashAlgorithm.Sha256 : HashAlgorithm.Sm3, x.Hash.Bytes) }),
        (x, _) => new("same instant, other offset", x, x with { At = x.At.ToOffset(x.At.Offset == TimeSpan.Zero ? TimeSpan.FromMinutes(x.At.Year < 5000 ? 1 : -1) : TimeSpan.Zero) }),
        (x, _) => new("one millisecond later", x, x with { At = x.At.Year > 9000 ? x.At.AddMilliseconds(-1) : x.At.AddMilliseconds(1) }),
        (x, _) => new("amount with trailing zeros", x, x with { Amount = Pad(x.Amount, 3) }),
        (x, _) => new("amount negated", x, x with { Amount = -x.Amount }),
        (x, _) => new("signed + 1", x, x with { Signed = unchecked(x.Signed + 1) }),
        (x, _) => new("signed vs unsigned bits", x with { Signed = -1, Unsigned = 0 }, x with { Signed = 0, Unsigned = ulong.MaxValue }),
        (x, _) => new("flag flipped", x, x with { Flag = !x.Flag }),
        (x, _) => new("status changed", x, x with { Status = x.Status == SampleStatus.Draft ? SampleStatus.Shipped : SampleStatus.Draft }),
        (x, _) => new("small ^ 1", x, x with { Small = x.Small ^ 1 }),
        (x, _) => new("precomposed vs decomposed é", x with { Name = "\u00e9" + x.Name }, x with { Name = "e\u0301" + x.Name }),
        (x, _) => new("Turkish dotted vs dotless i", x with { Name = "İ" + x.Name }, x with { Name = "I" + x.Name }),
        (x, _) => MoveAttributeRune(x),
        (x, _) => new("attributes in reverse insertion order", x, x with { Attributes = [.. Enumerable.Reverse(x.Attributes)] }),
        (x, _) => new("totals in reverse insertion order, padded", x, x with { Totals = [.. x.Totals.AsEnumerable().Reverse().Select(e => new KeyValuePair<string, decimal>(e.Key, Pad(e.Value, 2)))] }),
        (x, _) => new("one line vs two", x with { Lines = [new SampleLine("ab", 1m, null)] }, x with { Lines = [new SampleLine("a", 1m, null), new SampleLine("b", 1m, null)] }),
        (x, _) => x.Lines.Count == 0
            ? new("no lines vs one empty line", x, x with { Lines = [new SampleLine("", 0m, null)] })
            : new("memo of first line appended to its sku", x, x with { Lines = [x.Lines[0] with { Sku = x.Lines[0].Sku + (x.Lines[0].Memo ?? "x"), Memo = null }, .. x.Lines.Skip(1)] }),
        (x, _) => new("attribute value vs total key", x with { Attributes = [new("k", "")], Totals = [] }, x with { Attributes = [new("k", "")], Totals = [new("", 0m)] }),
    ];

    /// <summary>
    /// Near misses: edits that move a character across a field boundary, trade null for empty,
    /// change only an offset or only an algorithm label, and edits that must not matter (map
    /// order, trailing zeros). Injectivity is only tested seriously on values this close.
    /// </summary>
    public static readonly Gen<ShuffledSample> Shuffled =
        from s in Sample
        from seed in Gen.Choose(0, int.MaxValue)
        select new ShuffledSample(s, seed);

    public static readonly Gen<SamplePair> Pair =
        from x in Sample
        from edit in Gen.Choose(0, Edits.Length - 1)
        from other in Digest
        select Edits[edit](x, other);

    private static SamplePair SplitFirstTag(Sample x)
    {
        var index = x.Tags.FindIndex(t => t.EnumerateRunes().Count() >= 2);
        if (index < 0)
        {
            return new("tags [\"ab\"] vs [\"a\", \"b\"]", x with { Tags = ["ab"] }, x with { Tags = ["a", "b"] });
        }
        var tag = x.Tags[index];
        var head = DropLastRune(tag, out var last);
        return new("a tag split in two", x, x with { Tags = [.. x.Tags.Take(index), head, last, .. x.Tags.Skip(index + 1)] });
    }

    private static SamplePair MoveAttributeRune(Sample x)
    {
        if (x.Attributes.Count == 0 || x.Attributes[0].Key.Length == 0)
        {
            return new("attribute {\"ab\": \"\"} vs {\"a\": \"b\"}", x with { Attributes = [new("ab", "")] }, x with { Attributes = [new("a", "b")] });
        }
        var first = x.Attributes[0];
        var key = DropLastRune(first.Key, out var rune);
        if (x.Attributes.Any(e => string.Equals(e.Key, key, StringComparison.Ordinal)))
        {
            return new("attribute dropped", x, x with { Attributes = [.. x.Attributes.Skip(1)] });
        }
        return new("last rune of an attribute key moved into its value", x, x with { Attributes = [new(key, rune + first.Value), .. x.Attributes.Skip(1)] });
    }

    /// <summary>Removes the last Unicode scalar (never half a surrogate pair, which the writer rightly refuses).</summary>
    public static string DropLastRune(string s, out string last)
    {
        var runes = s.EnumerateRunes().ToList();
        last = runes[^1].ToString();
        var sb = new StringBuilder();
        foreach (var r in runes.Take(runes.Count - 1))
        {
            sb.Append(r.ToString());
        }
        return sb.ToString();
    }
}
