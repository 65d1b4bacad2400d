using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>Hand-built values: the rich sample for strictness tests and the golden cases.</summary>
public static class Fixtures
{
    public static Digest FixedDigest(HashAlgorithm algorithm, byte seed) =>
        new(algorithm, Enumerable.Range(0, Digest.SizeBytes).Select(i => (byte)(seed + (i * 7))).ToArray());

    /// <summary>Every field populated, every list and map non-empty, non-ASCII everywhere.</summary>
    public static Sample RichSample => new(
        Signed: -1_234_567_890_123,
        Unsigned: 0xFEDC_BA98_7654_3210,
        Small: 0xDEAD_BEEF,
        Tiny: 0xBEEF,
        Octet: 0x7F,
        Flag: true,
        Status: SampleStatus.Shipped,
        Name: "上海港 → Rotterdam 😀",
        Note: "İstanbul ı العربية",
        Payload: [0x00, 0x01, 0xFE, 0xFF],
        Amount: -98_765.4321m,
        At: new DateTimeOffset(2024, 2, 29, 23, 59, 59, 999, TimeSpan.FromMinutes(345)),
        Hash: FixedDigest(HashAlgorithm.Sm3, 1),
        Previous: FixedDigest(HashAlgorithm.Sha256, 2),
        Tags: ["", "贸易", "tag"],
        Lines: [new SampleLine("SKU-1", 12.50m, null), new SampleLine("货号-2", -0.001m, "易碎")],
        Attributes: [new("incoterm", "FOB"), new("港口", "宁波"), new("", "empty key")],
        Totals: [new("usd", 1_000.10m), new("cny", -7_000m)]);

    /// <summary>
    /// The golden cases: one of each primitive, CJK and mixed-script strings, negative numbers,
    /// a map, a list and a whole structure. Their hashes live in golden-hashes.txt; adding a case
    /// is fine (regenerate), changing the bytes of an existing one is a ledger format break.
    /// </summary>
    public static IReadOnlyList<(string Name, Action<CanonicalWriter> Write)> GoldenCases { get; } =
    [
        ("header-vote-v1", w => w.WriteHeader(TypeTag.Vote, 1)),
        ("bool-true-false", w => { w.WriteBool(true); w.WriteBool(false); }),
        ("byte-and-uint16", w => { w.WriteByte(0xA5); w.WriteUInt16(0x1234); w.WriteUInt16(ushort.MaxValue); }),
        ("uint32-uint64", w => { w.WriteUInt32(0xDEADBEEF); w.WriteUInt64(ulong.MaxValue); w.WriteUInt64(0); }),
        ("int64-negative", w => { w.WriteInt64(-1); w.WriteInt64(long.MinValue); w.WriteInt64(-1_000_000_007); }),
        ("decimal-negative-and-scaled", w => { w.WriteDecimal(-12_345.6789m); w.WriteDecimal(1.50m); w.WriteDecimal(decimal.MaxValue); w.WriteDecimal(-0.0000000000000000000000000001m); }),
        ("timestamp-offsets", w =>
        {
            w.WriteTimestamp(new DateTimeOffset(2024, 2, 29, 23, 59, 59, 999, TimeSpan.FromMinutes(345)));
            w.WriteTimestamp(new DateTimeOffset(1969, 12, 31, 23, 59, 59, 999, TimeSpan.FromMinutes(-570)));
            w.WriteTimestamp(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.FromHours(8)));
        }),
        ("string-cjk", w => w.WriteString("贸易链：跨境结算，提单号 № 中华人民共和国海关")),
        ("string-mixed-scripts", w => w.WriteString("İstanbul ı Ärger العربية ١٢٣ e\u0301 😀 𠀀 \u0000\uFEFF")),
        ("bytes-all-values", w => w.WriteBytes(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray())),
        ("optionals", w => { w.WriteOptionalString(null); w.WriteOptionalString(""); w.WriteOptionalString("值"); w.WriteOptionalDigest(null); }),
        ("digests-sm3-sha256", w => { w.WriteDigest(FixedDigest(HashAlgorithm.Sm3, 0x10)); w.WriteOptionalDigest(FixedDigest(HashAlgorithm.Sha256, 0x20)); }),
        ("string-list", w => w.WriteStringList(["", "a", "中文", "😀"])),
        ("map-string-keys", w => w.WriteMap<string, long>(
            [new("z", -1), new("中", 2), new("", 0), new("aa", long.MinValue), new("b", long.MaxValue)],
            static (w, k) => w.WriteString(k),
            static (w, v) => w.WriteInt64(v))),
        ("sample-structure", w => Sample.Write(w, RichSample)),
    ];
}
