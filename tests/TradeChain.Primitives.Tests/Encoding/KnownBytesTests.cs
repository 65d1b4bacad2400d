using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using Xunit;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>
/// The format, byte for byte, written out by hand from the rules in CanonicalWriter's remarks.
/// These pin the layout independently of the golden hashes (which only prove it does not move).
/// </summary>
[Trait("Category", "Encoding")]
public sealed class KnownBytesTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "header Vote v1", "030201" },
        { "header Genesis v3", "040203" },
        { "bool true, false", "0100" },
        { "byte a5", "a5" },
        { "uint16 0x1234", "1234" },
        { "uint32 0xdeadbeef", "deadbeef" },
        { "uint64 1", "0000000000000001" },
        { "int64 -2", "fffffffffffffffe" },
        { "int64 min", "8000000000000000" },
        { "string empty", "00000000" },
        { "string a", "0000000161" },
        { "string 中", "00000003e4b8ad" },
        { "string 😀", "00000004f09f9880" },
        { "string e + combining acute", "0000000365cc81" },
        { "optional null", "00" },
        { "optional empty", "0100000000" },
        { "bytes 00ff", "0000000200ff" },
        { "decimal 1.50", "00010000" + "00000000" + "00000000" + "0000000f" },
        { "decimal -1.5", "80010000" + "00000000" + "00000000" + "0000000f" },
        { "decimal 100", "00000000" + "00000000" + "00000000" + "00000064" },
        { "decimal max", "00000000" + "ffffffff" + "ffffffff" + "ffffffff" },
        { "timestamp epoch+1ms at +08:00", "0000000000000001" + "01e0" },
        { "timestamp 1969-12-31T23:59:59.999Z at -05:30", "ffffffffffffffff" + "feb6" },
        { "string list [a, \"\"]", "00000002" + "0000000161" + "00000000" },
        { "map {b: 1, aa: 2} (length first)", "00000002" + "0000000162" + "01" + "000000026161" + "02" },
        { "digest sm3", "01" + new string('0', 62) + "2a" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_exactly_the_documented_bytes(string what, string expectedHex)
    {
        var actual = CanonicalPropertyTests.Encode(Writers[what]);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(actual));
    }

    private static readonly Dictionary<string, Action<CanonicalWriter>> Writers = new()
    {
        ["header Vote v1"] = w => w.WriteHeader(TypeTag.Vote, 1),
        ["header Genesis v3"] = w => w.WriteHeader(TypeTag.Genesis, 3),
        ["bool true, false"] = w => { w.WriteBool(true); w.WriteBool(false); },
        ["byte a5"] = w => w.WriteByte(0xA5),
        ["uint16 0x1234"] = w => w.WriteUInt16(0x1234),
        ["uint32 0xdeadbeef"] = w => w.WriteUInt32(0xDEADBEEF),
        ["uint64 1"] = w => w.WriteUInt64(1),
        ["int64 -2"] = w => w.WriteInt64(-2),
        ["int64 min"] = w => w.WriteInt64(long.MinValue),
        ["string empty"] = w => w.WriteString(""),
        ["string a"] = w => w.WriteString("a"),
        ["string 中"] = w => w.WriteString("中"),
        ["string 😀"] = w => w.WriteString("😀"),
        ["string e + combining acute"] = w => w.WriteString("e\u0301"),
        ["optional null"] = w => w.WriteOptionalString(null),
        ["optional empty"] = w => w.WriteOptionalString(""),
        ["bytes 00ff"] = w => w.WriteBytes([0x00, 0xFF]),
        ["decimal 1.50"] = w => w.WriteDecimal(1.50m),
        ["decimal -1.5"] = w => w.WriteDecimal(-1.5m),
        ["decimal 100"] = w => w.WriteDecimal(100.000m),
        ["decimal max"] = w => w.WriteDecimal(decimal.MaxValue),
        ["timestamp epoch+1ms at +08:00"] = w => w.WriteTimestamp(new DateTimeOffset(1970, 1, 1, 8, 0, 0, 1, TimeSpan.FromHours(8))),
        ["timestamp 1969-12-31T23:59:59.999Z at -05:30"] = w => w.WriteTimestamp(new DateTimeOffset(1969, 12, 31, 18, 29, 59, 999, new TimeSpan(-5, -30, 0))),
        ["string list [a, \"\"]"] = w => w.WriteStringList(["a", ""]),
        ["map {b: 1, aa: 2} (length first)"] = w => w.WriteMap<string, byte>([new("aa", 2), new("b", 1)], static (w, k) => w.WriteString(k), static (w, v) => w.WriteByte(v)),
        ["digest sm3"] = w => w.WriteDigest(new Digest(HashAlgorithm.Sm3, [.. new byte[31], 0x2A])),
    };

    [Fact]
    public void Every_case_has_a_writer()
    {
        Assert.Equal(Cases.Select(c => (string)c.Data.Item1).Order(StringComparer.Ordinal), Writers.Keys.Order(StringComparer.Ordinal));
    }
}
