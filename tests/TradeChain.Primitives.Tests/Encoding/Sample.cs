using System.Text;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>A one-byte enum of the test structure, read back with <see cref="CanonicalReader.ReadEnum{TEnum}"/>.</summary>
public enum SampleStatus : byte
{
    Draft = 1,
    Shipped = 2,
    Delivered = 3,
}

/// <summary>A nested list item: a string, a decimal and an optional string, so boundaries sit inside lists too.</summary>
public sealed record SampleLine(string Sku, decimal Quantity, string? Memo);

/// <summary>
/// A small structure that uses every primitive of the canonical encoding: fixed-width integers,
/// bool, enum, strings, optional values, bytes, decimal, timestamp, digests, lists and maps with
/// string keys. Equality is semantic (see <see cref="SemanticallyEquals"/>): that is the
/// equality under which encode must be injective and decode(encode(x)) == x must hold.
/// </summary>
public sealed record Sample(
    long Signed,
    ulong Unsigned,
    uint Small,
    ushort Tiny,
    byte Octet,
    bool Flag,
    SampleStatus Status,
    string Name,
    string? Note,
    byte[] Payload,
    decimal Amount,
    DateTimeOffset At,
    Digest Hash,
    Digest? Previous,
    List<string> Tags,
    List<SampleLine> Lines,
    List<KeyValuePair<string, string>> Attributes,
    List<KeyValuePair<string, decimal>> Totals)
{
    public const byte Version = 1;

    public static byte[] Encode(Sample s)
    {
        var w = new CanonicalWriter();
        Write(w, s);
        return w.ToArray();
    }

    public static void Write(CanonicalWriter w, Sample s)
    {
        w.WriteHeader(TypeTag.TradeEvent, Version);
        w.WriteInt64(s.Signed);
        w.WriteUInt64(s.Unsigned);
        w.WriteUInt32(s.Small);
        w.WriteUInt16(s.Tiny);
        w.WriteByte(s.Octet);
        w.WriteBool(s.Flag);
        w.WriteByte((byte)s.Status);
        w.WriteString(s.Name);
        w.WriteOptionalString(s.Note);
        w.WriteBytes(s.Payload);
        w.WriteDecimal(s.Amount);
        w.WriteTimestamp(s.At);
        w.WriteDigest(s.Hash);
        w.WriteOptionalDigest(s.Previous);
        w.WriteStringList(s.Tags);
        w.WriteList(s.Lines, static (w, line) =>
        {
            w.WriteString(line.Sku);
            w.WriteDecimal(line.Quantity);
            w.WriteOptionalString(line.Memo);
        });
        w.WriteMap(s.Attributes, static (w, k) => w.WriteString(k), static (w, v) => w.WriteString(v));
        w.WriteMap(s.Totals, static (w, k) => w.WriteString(k), static (w, v) => w.WriteDecimal(v));
    }

    public static Sample Decode(byte[] bytes, TypeTag expectedTag = TypeTag.TradeEvent, byte expectedVersion = Version)
    {
        var r = new CanonicalReader(bytes);
        r.ReadHeader(expectedTag, expectedVersion);
        var signed = r.ReadInt64();
        var unsigned = r.ReadUInt64();
        var small = r.ReadUInt32();
        var tiny = r.ReadUInt16();
        var octet = r.ReadByte();
        var flag = r.ReadBool();
        var status = r.ReadEnum<SampleStatus>("sample status");
        var name = r.ReadString();
        var note = r.ReadOptionalString();
        var payload = r.ReadBytes().ToArray();
        var amount = r.ReadDecimal();
        var at = r.ReadTimestamp();
        var hash = r.ReadDigest();
        var previous = r.ReadOptionalDigest();
        var tags = r.ReadStringList();
        var lines = r.ReadList(
            static (ref CanonicalReader x) => new SampleLine(x.ReadString(), x.ReadDecimal(), x.ReadOptionalString()),
            minItemBytes: 4 + 16 + 1);
        var attributes = r.ReadMap(
            static (ref CanonicalReader x) => x.ReadString(),
            static (ref CanonicalReader x) => x.ReadString(),
            minEntryBytes: 8);
        var totals = r.ReadMap(
            static (ref CanonicalReader x) => x.ReadString(),
            static (ref CanonicalReader x) => x.ReadDecimal(),
            minEntryBytes: 4 + 16);
        r.RequireEnd();
        return new Sample(signed, unsigned, small, tiny, octet, flag, status, name, note, payload, amount, at, hash, previous, tags, lines, attributes, totals);
    }

    /// <summary>
    /// Value equality as the ledger means it: strings ordinal, decimals by value (1.5 == 1.50),
    /// timestamps by instant and offset (<see cref="DateTimeOffset.EqualsExact"/>, not ==, which
    /// ignores the offset), maps as sets of entries whatever their order.
    /// </summary>
    public bool SemanticallyEquals(Sample other) =>
        Signed == other.Signed
        && Unsigned == other.Unsigned
        && Small == other.Small
        && Tiny == other.Tiny
        && Octet == other.Octet
        && Flag == other.Flag
        && Status == other.Status
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Note, other.Note, StringComparison.Ordinal)
        && Payload.AsSpan().SequenceEqual(other.Payload)
        && Amount == other.Amount
        && At.EqualsExact(other.At)
        && Hash.Equals(other.Hash)
        && Equals(Previous, other.Previous)
        && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal)
        && Lines.Count == other.Lines.Count
        && Lines.Zip(other.Lines).All(p => LineEquals(p.First, p.Second))
        && MapEquals(Attributes, other.Attributes, static (a, b) => string.Equals(a, b, StringComparison.Ordinal))
        && MapEquals(Totals, other.Totals, static (a, b) => a == b);

    private static bool LineEquals(SampleLine a, SampleLine b) =>
        string.Equals(a.Sku, b.Sku, StringComparison.Ordinal)
        && a.Quantity == b.Quantity
        && string.Equals(a.Memo, b.Memo, StringComparison.Ordinal);

    private static bool MapEquals<TValue>(
        List<KeyValuePair<string, TValue>> a,
        List<KeyValuePair<string, TValue>> b,
        Func<TValue, TValue, bool> valueEquals)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        var lookup = b.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return a.All(e => lookup.TryGetValue(e.Key, out var v) && valueEquals(e.Value, v));
    }

    /// <summary>Every decimal of the structure, in encoding order (for the normal-form checks).</summary>
    public IEnumerable<decimal> Decimals() =>
        new[] { Amount }.Concat(Lines.Select(l => l.Quantity)).Concat(Totals.Select(t => t.Value));

    /// <summary>Readable counterexamples: escapes everything outside printable ASCII.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Sample { ");
        sb.Append($"Signed={Signed}, Unsigned={Unsigned}, Small={Small}, Tiny={Tiny}, Octet={Octet}, Flag={Flag}, Status={Status}, ");
        sb.Append($"Name={Quote(Name)}, Note={Quote(Note)}, Payload={Convert.ToHexStringLower(Payload)}, ");
        sb.Append($"Amount={Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}, At={At.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}, ");
        sb.Append($"Hash={Hash}, Previous={Previous?.ToString() ?? "null"}, ");
        sb.Append($"Tags=[{string.Join(", ", Tags.Select(Quote))}], ");
        sb.Append($"Lines=[{string.Join(", ", Lines.Select(l => $"({Quote(l.Sku)}, {l.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {Quote(l.Memo)})"))}], ");
        sb.Append($"Attributes={{{string.Join(", ", Attributes.Select(e => $"{Quote(e.Key)}: {Quote(e.Value)}"))}}}, ");
        sb.Append($"Totals={{{string.Join(", ", Totals.Select(e => $"{Quote(e.Key)}: {e.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))}}} }}");
        return sb.ToString();
    }

    internal static string Quote(string? s)
    {
        if (s is null)
        {
            return "null";
        }
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}");
        }
        return sb.Append('"').ToString();
    }
}
