using TradeChain.Testing;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using Xunit;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>
/// The reader accepts exactly what the writer writes. Anything else is a
/// <see cref="CanonicalFormatException"/> (never an IndexOutOfRange, an ArgumentException or a
/// silently different value), and the writer refuses values it could not write canonically.
/// </summary>
[Trait("Category", "Encoding")]
public sealed class StrictReaderTests
{
    // Layout of Sample's fixed-width prefix: tag(2) version(1) signed(8) unsigned(8) small(4) tiny(2) octet(1), then:
    private const int FlagOffset = 26;
    private const int StatusOffset = 27;
    private const int NameOffset = 28;

    private static readonly byte[] Rich = Sample.Encode(Fixtures.RichSample);

    [Fact]
    public void The_rich_sample_round_trips_and_has_the_documented_layout()
    {
        Assert.True(Sample.Decode(Rich).SemanticallyEquals(Fixtures.RichSample));
        Assert.Equal(1, Rich[FlagOffset]);
        Assert.Equal((byte)SampleStatus.Shipped, Rich[StatusOffset]);
        Assert.Equal((uint)System.Text.Encoding.UTF8.GetByteCount(Fixtures.RichSample.Name), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(Rich.AsSpan(NameOffset)));
    }

    [Fact]
    public void Input_truncated_at_every_offset_is_rejected()
    {
        for (var length = 0; length < Rich.Length; length++)
        {
            var ex = Assert.Throws<CanonicalFormatException>(() => Sample.Decode(Rich[..length]));
            Assert.InRange(ex.Offset, 0, length);
        }
    }

    [Fact]
    public void Any_generated_value_truncated_anywhere_is_rejected() =>
        PropertyCheck.ForAll(SampleGen.Sample, 60, x =>
        {
            var bytes = Sample.Encode(x);
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.Throws<CanonicalFormatException>(() => Sample.Decode(bytes[..length]));
            }
        });

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void A_trailing_byte_is_rejected(byte extra)
    {
        var ex = Assert.Throws<CanonicalFormatException>(() => Sample.Decode([.. Rich, extra]));
        Assert.Equal(Rich.Length, ex.Offset);
        Assert.Contains("trailing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void A_boolean_byte_other_than_0_or_1_is_rejected(byte value)
    {
        var bytes = Rich.ToArray();
        bytes[FlagOffset] = value;
        var ex = Assert.Throws<CanonicalFormatException>(() => Sample.Decode(bytes));
        Assert.Equal(FlagOffset, ex.Offset);
        Assert.Contains($"found {value}", ex.Message, StringComparison.Ordinal);

        var presence = NameOffset + 4 + System.Text.Encoding.UTF8.GetByteCount(Fixtures.RichSample.Name);
        Assert.Equal(1, Rich[presence]);
        bytes = Rich.ToArray();
        bytes[presence] = value;
        ex = Assert.Throws<CanonicalFormatException>(() => Sample.Decode(bytes));
        Assert.Equal(presence, ex.Offset);
    }

    [Fact]
    public void Boolean_2_is_rejected_by_ReadBool()
    {
        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader([2]).ReadBool());
        Assert.Equal(0, ex.Offset);
        Assert.Contains("boolean", ex.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> BadKeyOrders => new()
    {
        { "descending", ["b", "a"] },
        { "duplicate", ["a", "a"] },
        { "duplicate after a smaller key", ["a", "中", "中"] },
        // Ordinal string order, but not encoded-byte order: "b" (length 1) must precede "aa" (length 2).
        { "string order is not encoded order", ["aa", "b"] },
        { "empty key last", ["a", ""] },
    };

    [Theory]
    [MemberData(nameof(BadKeyOrders))]
    public void Map_keys_out_of_order_or_repeated_are_rejected(string why, string[] keys)
    {
        var w = new CanonicalWriter();
        w.WriteUInt32((uint)keys.Length);
        foreach (var key in keys)
        {
            w.WriteString(key);
            w.WriteInt64(0);
        }
        var bytes = w.ToArray();

        var ex = Assert.Throws<CanonicalFormatException>(() =>
        {
            var r = new CanonicalReader(bytes);
            r.ReadMap(static (ref CanonicalReader x) => x.ReadString(), static (ref CanonicalReader x) => x.ReadInt64());
        });
        Assert.Contains("ascending", ex.Reason, StringComparison.Ordinal);
        Assert.True(ex.Offset > 4, why);
    }

    [Fact]
    public void The_writer_refuses_a_map_with_a_repeated_key()
    {
        var w = new CanonicalWriter();
        Assert.Throws<ArgumentException>(() => w.WriteMap<string, int>(
            [new("k", 1), new("x", 2), new("k", 3)],
            static (w, k) => w.WriteString(k),
            static (w, v) => w.WriteUInt32((uint)v)));
        Assert.Equal(0, w.WrittenBytes);
    }

    public static TheoryData<string, byte[]> InvalidUtf8 => new()
    {
        { "0xFF is never UTF-8", [0xFF] },
        { "lone continuation byte", [0x80] },
        { "overlong NUL", [0xC0, 0x80] },
        { "overlong two-byte", [0xC1, 0xBF] },
        { "overlong three-byte", [0xE0, 0x80, 0x80] },
        { "encoded high surrogate", [0xED, 0xA0, 0x80] },
        { "encoded low surrogate", [0xED, 0xBF, 0xBF] },
        { "above U+10FFFF", [0xF4, 0x90, 0x80, 0x80] },
        { "five-byte form", [0xF8, 0x88, 0x80, 0x80, 0x80] },
        { "truncated sequence at the end", [0x61, 0xE4, 0xB8] },
        { "truncated sequence in the middle", [0x61, 0xE4, 0xB8, 0x62] },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Invalid_utf8_is_rejected(string why, byte[] utf8)
    {
        var w = new CanonicalWriter();
        w.WriteByte(0xAA); // so the string starts at offset 1
        w.WriteBytes(utf8);
        var bytes = w.ToArray();

        var ex = Assert.Throws<CanonicalFormatException>(() =>
        {
            var r = new CanonicalReader(bytes);
            r.ReadByte();
            r.ReadString();
        });
        Assert.Contains("UTF-8", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(5, ex.Offset);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBF, 0xBD }, "\uFFFD")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF }, "\uFEFF")]
    [InlineData(new byte[] { 0x00 }, "\0")]
    [InlineData(new byte[] { 0xF4, 0x8F, 0xBF, 0xBF }, "\uDBFF\uDFFF")]
    public void Valid_utf8_edge_cases_are_read_exactly(byte[] utf8, string expected)
    {
        var w = new CanonicalWriter();
        w.WriteBytes(utf8);
        var r = new CanonicalReader(w.WrittenSpan);
        // A BOM is content, not stripped; U+FFFD is a character, not an error marker.
        Assert.Equal(expected, r.ReadString());
        r.RequireEnd();
    }

    [Theory]
    [InlineData(0x7FFF_FFFFu)]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(5u)]
    public void A_length_prefix_past_the_end_is_rejected_without_allocating_it(uint claimedLength)
    {
        byte[] bytes = [.. BigEndian(claimedLength), 0x61, 0x62, 0x63, 0x64];

        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(bytes).ReadBytes().Length);
        Assert.Equal(0, ex.Offset);
        Assert.Contains("past the end", ex.Reason, StringComparison.Ordinal);

        AssertAllocatesLittle(() => new CanonicalReader(bytes).ReadBytes().Length);
        AssertAllocatesLittle(() => new CanonicalReader(bytes).ReadString());
    }

    [Theory]
    [InlineData(0x7FFF_FFFFu)]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    public void A_list_or_map_count_the_input_cannot_hold_is_rejected_before_allocating(uint claimedCount)
    {
        byte[] bytes = [.. BigEndian(claimedCount), 0, 0, 0, 0];

        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(bytes).ReadStringList());
        Assert.Equal(0, ex.Offset);
        Assert.Contains("cannot fit", ex.Reason, StringComparison.Ordinal);

        AssertAllocatesLittle(() => new CanonicalReader(bytes).ReadStringList());
        AssertAllocatesLittle(() => new CanonicalReader(bytes).ReadList(static (ref CanonicalReader x) => x.ReadByte()));
        AssertAllocatesLittle(() => new CanonicalReader(bytes).ReadMap(static (ref CanonicalReader x) => x.ReadString(), static (ref CanonicalReader x) => x.ReadByte()));
    }

    [Fact]
    public void A_count_is_checked_against_the_smallest_possible_item()
    {
        // Four bytes remain: room for one empty string (a 4-byte length), never for two.
        byte[] bytes = [.. BigEndian(2), 0, 0, 0, 0];
        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(bytes).ReadStringList());
        Assert.Contains("cannot fit", ex.Reason, StringComparison.Ordinal);

        byte[] one = [.. BigEndian(1), 0, 0, 0, 0];
        var r = new CanonicalReader(one);
        Assert.Equal([""], r.ReadStringList());
        r.RequireEnd();
    }

    private static void AssertAllocatesLittle(Func<object> read)
    {
        Assert.Throws<CanonicalFormatException>(read); // warm up: JIT, statics, first-throw costs
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<CanonicalFormatException>(read);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 256 * 1024, $"rejecting the input allocated {allocated} bytes");
    }

    [Fact]
    public void A_wrong_type_tag_is_rejected_naming_the_expected_and_the_found_tag()
    {
        var ex = Assert.Throws<CanonicalFormatException>(() => Sample.Decode(Rich, expectedTag: TypeTag.Vote));
        Assert.Equal(0, ex.Offset);
        Assert.Contains("Vote", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0x0302", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0x0101", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_format_version_is_rejected_naming_both_versions()
    {
        var ex = Assert.Throws<CanonicalFormatException>(() => Sample.Decode(Rich, expectedVersion: 2));
        Assert.Equal(0, ex.Offset);
        Assert.Contains("TradeEvent", ex.Message, StringComparison.Ordinal);
        Assert.Contains("version 1 is not supported", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reads version 2", ex.Message, StringComparison.Ordinal);

        var bytes = Rich.ToArray();
        bytes[2] = 7;
        ex = Assert.Throws<CanonicalFormatException>(() => Sample.Decode(bytes));
        Assert.Contains("version 7", ex.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadHeader_returns_the_version_when_the_caller_checks_it()
    {
        var r = new CanonicalReader(Rich);
        Assert.Equal(Sample.Version, r.ReadHeader(TypeTag.TradeEvent));
        Assert.Equal(3, r.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(0xFF)]
    public void An_unknown_enum_code_is_rejected(byte code)
    {
        var bytes = Rich.ToArray();
        bytes[StatusOffset] = code;
        var ex = Assert.Throws<CanonicalFormatException>(() => Sample.Decode(bytes));
        Assert.Equal(StatusOffset, ex.Offset);
        Assert.Contains($"unknown sample status code {code}", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(0xFF)]
    public void An_unknown_hash_algorithm_code_is_rejected(byte code)
    {
        byte[] bytes = [code, .. new byte[Digest.SizeBytes]];
        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(bytes).ReadDigest());
        Assert.Equal(0, ex.Offset);
        Assert.Contains($"unknown hash algorithm code {code}", ex.Reason, StringComparison.Ordinal);
    }

    // Lone surrogates are listed here, not in [InlineData]: theory data is serialised as UTF-8
    // on its way to the runner, which would quietly turn them into U+FFFD.
    private static readonly string[] LoneSurrogates = ["\uD800", "\uDC00", "a\uDBFFb", "\uDC00\uD800", "ok\uD83D", "\uDE00ok"];

    [Fact]
    public void The_writer_rejects_a_lone_surrogate()
    {
        foreach (var value in LoneSurrogates)
        {
            var w = new CanonicalWriter();
            Assert.ThrowsAny<ArgumentException>(() => w.WriteString(value));
            Assert.Equal(0, w.WrittenBytes);
            Assert.ThrowsAny<ArgumentException>(() => new CanonicalWriter().WriteMap<string, byte>([new(value, 1)], static (w, k) => w.WriteString(k), static (w, v) => w.WriteByte(v)));
        }

        var ok = new CanonicalWriter();
        ok.WriteString("\uD83D\uDE00"); // a proper pair is fine
        Assert.Equal(new byte[] { 0, 0, 0, 4, 0xF0, 0x9F, 0x98, 0x80 }, ok.ToArray());
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(5_000L)]
    [InlineData(9_999L)]
    public void The_writer_rejects_a_sub_millisecond_timestamp(long extraTicks)
    {
        var t = new DateTimeOffset(2025, 6, 1, 12, 0, 0, 123, TimeSpan.FromHours(8)).AddTicks(extraTicks);
        var w = new CanonicalWriter();
        var ex = Assert.ThrowsAny<ArgumentException>(() => w.WriteTimestamp(t));
        Assert.Contains("sub-millisecond", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, w.WrittenBytes);
    }

    public static TheoryData<string, int[]> NonCanonicalDecimals => new()
    {
        // decimal.GetBits order: lo, mid, hi, flags (scale in bits 16..23, sign in bit 31)
        { "1.50 (trailing zero)", [150, 0, 0, 2 << 16] },
        { "10 at scale 1", [100, 0, 0, 1 << 16] },
        { "negative zero", [0, 0, 0, int.MinValue] },
        { "zero at scale 3", [0, 0, 0, 3 << 16] },
    };

    [Theory]
    [MemberData(nameof(NonCanonicalDecimals))]
    public void A_decimal_not_in_normal_form_is_rejected(string why, int[] bits)
    {
        var bytes = RawDecimal(bits);
        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(bytes).ReadDecimal());
        Assert.Contains("normal form", ex.Reason, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Theory]
    [InlineData(29 << 16)] // scale 29
    [InlineData(0x0000_0001)] // reserved low bits
    [InlineData(0x4000_0000)] // reserved bit 30
    public void A_decimal_with_invalid_flags_is_rejected(int flags)
    {
        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(RawDecimal([1, 0, 0, flags])).ReadDecimal());
        Assert.Equal(0, ex.Offset);
    }

    [Theory]
    [InlineData(long.MaxValue, 0)]
    [InlineData(long.MinValue, 0)]
    [InlineData(0L, 841)]
    [InlineData(0L, -841)]
    [InlineData(-62_135_596_800_000L, -60)] // 0001-01-01T00:00Z shown at −01:00 is before year 1
    [InlineData(253_402_300_799_999L, 60)] // 9999-12-31T23:59:59.999Z shown at +01:00 is after year 9999
    public void A_timestamp_out_of_range_is_rejected(long unixMs, int offsetMinutes)
    {
        var w = new CanonicalWriter();
        w.WriteInt64(unixMs);
        w.WriteUInt16(unchecked((ushort)(short)offsetMinutes));
        var bytes = w.ToArray();
        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(bytes).ReadTimestamp());
        Assert.Equal(0, ex.Offset);
        Assert.Contains("out of range", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        Assert.Throws<CanonicalFormatException>(() => Sample.Decode([]));
        Assert.Throws<CanonicalFormatException>(() => new CanonicalReader([]).ReadByte());
        Assert.Throws<CanonicalFormatException>(() => new CanonicalReader([1, 2]).ReadFixed(3).Length);
    }

    private static byte[] RawDecimal(int[] bits)
    {
        var w = new CanonicalWriter();
        w.WriteUInt32((uint)bits[3]);
        w.WriteUInt32((uint)bits[2]);
        w.WriteUInt32((uint)bits[1]);
        w.WriteUInt32((uint)bits[0]);
        return w.ToArray();
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
