using TradeChain.Testing;
using FsCheck;
using FsCheck.Fluent;
using TradeChain.Primitives.Encoding;
using Xunit;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>
/// The two properties everything hashed or signed relies on: decode(encode(x)) == x, and
/// encode is injective (x != y ⇒ encode(x) != encode(y)), plus the deliberate equalities
/// (map order, trailing zeros) that make the encoding canonical rather than merely faithful.
/// </summary>
[Trait("Category", "Encoding")]
public sealed class CanonicalPropertyTests
{
    [Fact]
    public void Decode_of_encode_is_the_same_value() => PropertyCheck.ForAll(SampleGen.Sample, 300, RoundTrips);

    private static void RoundTrips(Sample x)
    {
        var bytes = Sample.Encode(x);
        var decoded = Sample.Decode(bytes);

        Assert.True(decoded.SemanticallyEquals(x), $"decoded value differs:\n  in  = {x}\n  out = {decoded}");
        // Beyond value equality: the offset survives (DateTimeOffset == ignores it) and every
        // decimal comes back as exactly the normal form of what was written.
        Assert.Equal(x.At.Offset, decoded.At.Offset);
        Assert.Equal(x.At.UtcTicks, decoded.At.UtcTicks);
        foreach (var (written, read) in x.Decimals().Zip(decoded.Decimals().Take(1).Concat(decoded.Lines.Select(l => l.Quantity)).Concat(SortedTotals(x, decoded))))
        {
            Assert.Equal(Bits(CanonicalWriter.Normalize(written)), Bits(read));
        }
        // And re-encoding the decoded value gives the very same bytes.
        Assert.Equal(bytes, Sample.Encode(decoded));
    }

    // The decoded totals are in encoded (sorted) order; line them up with the written ones by key.
    private static IEnumerable<decimal> SortedTotals(Sample written, Sample decoded)
    {
        var byKey = decoded.Totals.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return written.Totals.Select(e => byKey[e.Key]);
    }

    [Fact]
    public void Encodings_are_equal_exactly_when_values_are_equal_for_near_misses() =>
        PropertyCheck.ForAll(SampleGen.Pair, 1000, EqualExactlyWhenEqual);

    private static void EqualExactlyWhenEqual(SamplePair pair)
    {
        var left = Sample.Encode(pair.Left);
        var right = Sample.Encode(pair.Right);
        var valuesEqual = pair.Left.SemanticallyEquals(pair.Right);
        var bytesEqual = left.AsSpan().SequenceEqual(right);

        Assert.True(valuesEqual == bytesEqual, $"{pair.Edit}: values equal = {valuesEqual}, encodings equal = {bytesEqual}\n{pair}");
    }

    /// <summary>Guards the generator: the near-miss property is only as good as the mix of edits it sees.</summary>
    [Fact]
    public void The_near_miss_generator_yields_every_kind_of_edit_and_both_outcomes()
    {
        var pairs = Gen.Sample(SampleGen.Pair, numberOfSamples: 3000, seed: new Rnd(42UL, 11UL), size: 30);
        var equal = pairs.Count(p => p.Left.SemanticallyEquals(p.Right));

        Assert.True(equal is > 100 and < 2000, string.Join("\n", pairs.GroupBy(p => p.Edit).Select(g => $"{g.Key}: {g.Count()} / equal {g.Count(p => p.Left.SemanticallyEquals(p.Right))}")));
        Assert.True(pairs.Select(p => p.Edit).Distinct().Count() >= 27, string.Join(", ", pairs.Select(p => p.Edit).Distinct()));
        Assert.Contains(pairs, p => p.Left.Name.Any(c => c >= 0x4E00 && c <= 0x9FFF));
        Assert.Contains(pairs, p => p.Left.Name.Any(char.IsSurrogate));
        Assert.Contains(pairs, p => p.Left.At.Offset.Minutes != 0);
    }

    [Fact]
    public void Encodings_of_independent_values_are_equal_exactly_when_the_values_are() =>
        PropertyCheck.ForAll(SampleGen.Sample.Two(), 200, p =>
            Assert.Equal(p.Item1.SemanticallyEquals(p.Item2), Sample.Encode(p.Item1).AsSpan().SequenceEqual(Sample.Encode(p.Item2))));

    /// <summary>
    /// Exhaustive over a small domain, so collisions between adjacent variable-length fields
    /// (strings, optional strings, lists, bytes) cannot hide behind random sampling.
    /// </summary>
    [Fact]
    public void Encoding_is_injective_over_an_exhaustive_small_domain()
    {
        string[] names = ["", "a", "ab"];
        string?[] notes = [null, "", "a", "b"];
        string[] alphabet = ["", "a", "ab"];
        var tagLists = new List<List<string>> { new() };
        tagLists.AddRange(alphabet.Select(a => new List<string> { a }));
        tagLists.AddRange(alphabet.SelectMany(a => alphabet.Select(b => new List<string> { a, b })));
        byte[][] payloads = [[], [0], [0, 0], [0x61]];
        var template = Fixtures.RichSample;

        var seen = new Dictionary<string, Sample>();
        var count = 0;
        foreach (var name in names)
        {
            foreach (var note in notes)
            {
                foreach (var tags in tagLists)
                {
                    foreach (var payload in payloads)
                    {
                        var value = template with { Name = name, Note = note, Tags = tags, Payload = payload, Lines = [], Attributes = [], Totals = [] };
                        var hex = Convert.ToHexString(Sample.Encode(value));
                        if (seen.TryGetValue(hex, out var earlier))
                        {
                            Assert.Fail($"collision:\n  {earlier}\n  {value}");
                        }
                        seen.Add(hex, value);
                        Assert.True(Sample.Decode(Convert.FromHexString(hex)).SemanticallyEquals(value));
                        count++;
                    }
                }
            }
        }
        Assert.Equal(3 * 4 * 13 * 4, count);
    }

    [Fact]
    public void Map_encoding_does_not_depend_on_insertion_order() =>
        PropertyCheck.ForAll(SampleGen.Shuffled, 200, MapOrderDoesNotMatter);

    private static void MapOrderDoesNotMatter(ShuffledSample s)
    {
        var random = new Random(s.Seed);
        var shuffled = s.Value with
        {
            Attributes = [.. s.Value.Attributes.OrderBy(_ => random.Next())],
            Totals = [.. s.Value.Totals.OrderBy(_ => random.Next())],
        };
        var asDictionary = new Dictionary<string, string>(s.Value.Attributes, StringComparer.Ordinal);
        var viaDictionary = new CanonicalWriter();
        viaDictionary.WriteMap(asDictionary, static (w, k) => w.WriteString(k), static (w, v) => w.WriteString(v));
        var viaList = new CanonicalWriter();
        viaList.WriteMap(shuffled.Attributes, static (w, k) => w.WriteString(k), static (w, v) => w.WriteString(v));

        Assert.Equal(Sample.Encode(s.Value), Sample.Encode(shuffled));
        Assert.Equal(viaList.ToArray(), viaDictionary.ToArray());
    }

    [Fact]
    public void Map_entries_are_ordered_by_encoded_key_bytes_and_read_back_in_that_order()
    {
        List<KeyValuePair<string, string>> entries = [new("中", "cjk"), new("aa", "2"), new("b", "1"), new("", "empty"), new("Z", "upper")];
        var w = new CanonicalWriter();
        w.WriteMap(entries, static (w, k) => w.WriteString(k), static (w, v) => w.WriteString(v));

        var r = new CanonicalReader(w.WrittenSpan);
        var read = r.ReadMap(static (ref CanonicalReader x) => x.ReadString(), static (ref CanonicalReader x) => x.ReadString());
        r.RequireEnd();

        // Length prefix first, so shorter keys sort first; then bytes: "Z" (0x5a) < "b" (0x62).
        Assert.Equal(new[] { "", "Z", "b", "aa", "中" }, read.Select(e => e.Key));
        Assert.Equal(new[] { "empty", "upper", "1", "2", "cjk" }, read.Select(e => e.Value));
    }

    [Fact]
    public void Decimals_1_5_and_1_50_encode_identically_and_read_back_normalised()
    {
        var a = EncodeDecimal(1.5m);
        var b = EncodeDecimal(1.50m);
        var c = EncodeDecimal(1.500000000m);

        Assert.Equal(a, b);
        Assert.Equal(a, c);
        var read = ReadDecimal(b);
        Assert.Equal(1.5m, read);
        Assert.Equal(1, read.Scale);
        Assert.Equal(a, EncodeDecimal(read));
        Assert.NotEqual(a, EncodeDecimal(1.51m));
        Assert.NotEqual(a, EncodeDecimal(-1.5m));
    }

    [Fact]
    public void Negative_zero_and_zero_at_any_scale_encode_as_zero()
    {
        var zero = EncodeDecimal(0m);
        Assert.Equal(zero, EncodeDecimal(new decimal(0, 0, 0, isNegative: true, scale: 0)));
        Assert.Equal(zero, EncodeDecimal(new decimal(0, 0, 0, isNegative: true, scale: 7)));
        Assert.Equal(zero, EncodeDecimal(0.000m));
        Assert.Equal(new byte[16], zero);
    }

    [Fact]
    public void Trailing_zeros_never_change_the_encoding_and_the_normal_form_round_trips() =>
        PropertyCheck.ForAll(SampleGen.Padded, 1000, PaddingDoesNotMatter);

    private static void PaddingDoesNotMatter(PaddedDecimal d)
    {
        Assert.Equal(d.Value, d.Padded);
        var bytes = EncodeDecimal(d.Value);
        Assert.Equal(bytes, EncodeDecimal(d.Padded));

        var normal = CanonicalWriter.Normalize(d.Value);
        Assert.Equal(d.Value, normal);
        Assert.Equal(Bits(normal), Bits(CanonicalWriter.Normalize(normal)));
        Assert.Equal(Bits(normal), Bits(ReadDecimal(bytes)));
        Assert.Equal(bytes, EncodeDecimal(normal));

        // Normal form: no trailing zero left to strip, and zero is +0 at scale 0.
        var mantissa = MantissaOf(normal);
        Assert.True(normal.Scale == 0 || mantissa % 10 != 0, $"{normal} keeps a trailing zero at scale {normal.Scale}");
        if (normal == 0m)
        {
            Assert.Equal(new byte[16], bytes);
        }
    }

    [Fact]
    public void Timestamps_round_trip_with_their_offset() => PropertyCheck.ForAll(SampleGen.Timestamp, 500, TimestampRoundTrips);

    private static void TimestampRoundTrips(DateTimeOffset t)
    {
        var w = new CanonicalWriter();
        w.WriteTimestamp(t);
        var r = new CanonicalReader(w.WrittenSpan);
        var read = r.ReadTimestamp();
        r.RequireEnd();

        Assert.Equal(10, w.WrittenBytes);
        Assert.True(read.EqualsExact(t), $"{t:O} came back as {read:O}");
    }

    [Fact]
    public void The_same_instant_at_two_offsets_encodes_differently()
    {
        var utc = new DateTimeOffset(2025, 3, 1, 4, 0, 0, 250, TimeSpan.Zero);
        var beijing = utc.ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(utc, beijing); // DateTimeOffset == compares instants only...
        Assert.NotEqual(Encode(w => w.WriteTimestamp(utc)), Encode(w => w.WriteTimestamp(beijing))); // ...the encoding keeps the offset.
    }

    internal static byte[] Encode(Action<CanonicalWriter> write)
    {
        var w = new CanonicalWriter();
        write(w);
        return w.ToArray();
    }

    private static byte[] EncodeDecimal(decimal d) => Encode(w => w.WriteDecimal(d));

    private static decimal ReadDecimal(byte[] bytes)
    {
        var r = new CanonicalReader(bytes);
        var d = r.ReadDecimal();
        r.RequireEnd();
        return d;
    }

    internal static int[] Bits(decimal d) => decimal.GetBits(d);

    private static System.Numerics.BigInteger MantissaOf(decimal d)
    {
        var bits = decimal.GetBits(d);
        return ((System.Numerics.BigInteger)(uint)bits[2] << 64) | ((System.Numerics.BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
    }
}
