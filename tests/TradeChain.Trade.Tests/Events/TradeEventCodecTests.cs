using TradeChain.Testing;
using System.Buffers.Binary;
using System.Text;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Trade.Tests.Events;

[Trait("Category", "Encoding")]
public sealed class TradeEventCodecTests
{
    public static TheoryData<string> Samples => ["sea-import", "air-export"];

    private static TradeEvent Sample(string name) => name == "sea-import" ? SampleEvents.SeaImport() : SampleEvents.AirExport();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_events_survive_a_round_trip(string name)
    {
        var original = Sample(name);

        var decoded = TradeEventCodec.Decode(TradeEventCodec.Encode(original));

        Assert.Equal(original, decoded);
        Assert.Equal(original.GetHashCode(), decoded.GetHashCode());
        Assert.Equal(TradeEventCodec.Encode(original), TradeEventCodec.Encode(decoded));
    }

    [Fact]
    public void A_minimal_event_encodes_to_the_documented_layout()
    {
        var tradeEvent = new TradeEvent
        {
            MemberId = "m",
            SourceSystem = "s",
            SourceReference = "r",
            Feed = Feed.PortGate,
            Mode = TransportMode.Sea,
            Direction = TradeDirection.Export,
            Port = "CNTSN",
            EventType = TradeEventType.GateIn,
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123).ToOffset(TimeSpan.FromHours(8)),
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_456).ToOffset(TimeSpan.FromMinutes(-150)),
        };

        var expected = new List<byte> { 0x01, 0x01, 0x01 };
        Str(expected, "m");
        Str(expected, "s");
        Str(expected, "r");
        expected.AddRange([3, 2, 2, 90]);
        Str(expected, "CNTSN");
        expected.Add(0);
        Timestamp(expected, 1_700_000_000_123, 480);
        Timestamp(expected, 1_700_000_000_456, -150);
        expected.Add(0); // no master bill
        expected.AddRange([0, 0, 0, 0]); // no house bills
        expected.AddRange([0, 0, 0, 0]); // no containers
        expected.AddRange([0, 0, 0, 0, 0, 0, 0, 0]); // declaration, booking, vehicle, flight, flight date, IMO, vessel, voyage
        expected.AddRange([0, 0, 0, 0]); // no parties
        expected.AddRange([0, 0, 0, 0]); // no attributes
        expected.Add(0); // no sensitive part

        Assert.Equal(Convert.ToHexString(expected.ToArray()), Convert.ToHexString(TradeEventCodec.Encode(tradeEvent)));
    }

    // Events on the ledger are hashed as encoded: a codec change that alters these bytes needs
    // a new FormatVersion, not a new pin. (A change to SampleEvents.SeaImport needs a new pin.)
    [Fact]
    public void The_sample_encoding_is_pinned_so_a_format_change_cannot_go_unnoticed()
    {
        var encoded = TradeEventCodec.Encode(SampleEvents.SeaImport());

        Assert.Equal(
            "b13b726bf8e82aa58228274f4762843cafa954b2d3ebd0aa9d47dcc7f05986cd",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(encoded)));
    }

    [Fact]
    public void Equal_events_built_separately_are_equal_and_hash_alike()
    {
        Assert.Equal(SampleEvents.SeaImport(), SampleEvents.SeaImport());
        Assert.Equal(SampleEvents.SeaImport().GetHashCode(), SampleEvents.SeaImport().GetHashCode());
        Assert.NotEqual(SampleEvents.SeaImport(), SampleEvents.AirExport());
    }

    [Fact]
    public void Lists_compare_by_content_and_order()
    {
        var sample = SampleEvents.SeaImport();
        var sameContainers = sample with { References = sample.References with { Containers = ["CSQU3054383", "MSKU9070323"] } };
        var swapped = sample with { References = sample.References with { Containers = ["MSKU9070323", "CSQU3054383"] } };

        Assert.Equal(sample, sameContainers);
        Assert.NotEqual(sample, swapped);
        Assert.NotEqual(TradeEventCodec.Encode(sample), TradeEventCodec.Encode(swapped));
    }

    [Fact]
    public void The_same_instant_at_another_offset_is_another_event()
    {
        var sample = SampleEvents.SeaImport();
        var utc = sample with { OccurredAt = sample.OccurredAt.ToUniversalTime() };

        Assert.Equal(sample.OccurredAt, utc.OccurredAt);
        Assert.NotEqual(sample, utc);
        var decoded = TradeEventCodec.Decode(TradeEventCodec.Encode(sample));
        Assert.Equal(TimeSpan.FromHours(8), decoded.OccurredAt.Offset);
    }

    [Fact]
    public void Decimals_that_differ_only_in_trailing_zeros_are_equal_and_encode_alike()
    {
        var sample = SampleEvents.SeaImport();
        var a = sample with { Attributes = sample.Attributes.With("gross_weight_kg", EventAttribute.Of(41250.50m)) };
        var b = sample with { Attributes = sample.Attributes.With("gross_weight_kg", EventAttribute.Of(41250.5m)) };

        Assert.Equal(a, b);
        Assert.Equal(TradeEventCodec.Encode(a), TradeEventCodec.Encode(b));
    }

    [Fact]
    public void A_sealed_sensitive_part_round_trips_and_opens_to_the_original_details()
    {
        var suite = CryptoSuites.Sm;
        var key = new byte[suite.CipherKeyBytes];
        key[0] = 42;
        var plain = SampleEvents.SeaImport();
        var details = plain.Sensitive!.Plaintext!;
        var eventId = plain.ComputeEventId(suite);
        var sealedData = suite.Seal(key, TradeEventCodec.EncodeSensitiveDetails(details), eventId.Bytes);
        var sealedEvent = plain with { Sensitive = SensitivePart.FromSealed(sealedData) };

        var decoded = TradeEventCodec.Decode(TradeEventCodec.Encode(sealedEvent));

        Assert.Equal(sealedEvent, decoded);
        Assert.True(decoded.Sensitive!.IsSealed);
        var opened = TradeEventCodec.DecodeSensitiveDetails(suite.Open(key, decoded.Sensitive.Sealed!, eventId.Bytes));
        Assert.Equal(details, opened);
        Assert.NotEqual(plain, sealedEvent);
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var encoded = TradeEventCodec.Encode(SampleEvents.AirExport());

        var e = Assert.Throws<CanonicalFormatException>(() => TradeEventCodec.Decode([.. encoded, 0]));

        Assert.Equal(encoded.Length, e.Offset);
    }

    [Fact]
    public void Every_truncation_is_rejected_as_not_canonical()
    {
        var encoded = TradeEventCodec.Encode(SampleEvents.SeaImport());

        for (var length = 0; length < encoded.Length; length++)
        {
            Assert.Throws<CanonicalFormatException>(() => TradeEventCodec.Decode(encoded.AsSpan(0, length)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(255)]
    public void An_unknown_feed_code_is_rejected(byte code)
    {
        var encoded = TradeEventCodec.Encode(SampleEvents.AirExport());
        var feedOffset = 3 + (3 * 4) + "pek-cargo-terminal".Length + "bgs-cargo-fsu".Length + "FSU-DEP-99912345675-CA1041-20250315".Length;
        Assert.Equal((byte)Feed.TransportMovement, encoded[feedOffset]);
        encoded[feedOffset] = code;

        var e = Assert.Throws<CanonicalFormatException>(() => TradeEventCodec.Decode(encoded));

        Assert.Contains("unknown feed", e.Message, StringComparison.Ordinal);
        Assert.Equal(feedOffset, e.Offset);
    }

    [Fact]
    public void An_unknown_event_type_code_is_rejected()
    {
        var encoded = TradeEventCodec.Encode(SampleEvents.AirExport());
        var typeOffset = 3 + (3 * 4) + "pek-cargo-terminal".Length + "bgs-cargo-fsu".Length + "FSU-DEP-99912345675-CA1041-20250315".Length + 3;
        encoded[typeOffset] = 19;

        var e = Assert.Throws<CanonicalFormatException>(() => TradeEventCodec.Decode(encoded));

        Assert.Contains("unknown trade event type code 19", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_structure_or_format_version_is_rejected()
    {
        var encoded = TradeEventCodec.Encode(SampleEvents.AirExport());
        var otherTag = (byte[])encoded.Clone();
        otherTag[1] = (byte)((ushort)TypeTag.EventIdInput & 0xff);
        var otherVersion = (byte[])encoded.Clone();
        otherVersion[2] = 2;

        Assert.Throws<CanonicalFormatException>(() => TradeEventCodec.Decode(otherTag));
        var e = Assert.Throws<CanonicalFormatException>(() => TradeEventCodec.Decode(otherVersion));
        Assert.Contains("version 2 is not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitive_details_decode_strictly_on_their_own()
    {
        var details = SampleEvents.SeaImport().Sensitive!.Plaintext!;
        var encoded = TradeEventCodec.EncodeSensitiveDetails(details);

        Assert.Equal(details, TradeEventCodec.DecodeSensitiveDetails(encoded));
        Assert.Equal((ushort)TypeTag.SensitiveDetails, BinaryPrimitives.ReadUInt16BigEndian(encoded));
        Assert.Throws<CanonicalFormatException>(() => TradeEventCodec.DecodeSensitiveDetails([.. encoded, 1]));
    }

    [Fact]
    public void Encoding_refuses_what_could_never_be_decoded()
    {
        var sample = SampleEvents.AirExport();

        Assert.Throws<ArgumentException>(() => TradeEventCodec.Encode(sample with { Feed = (Feed)0 }));
        Assert.Throws<ArgumentException>(() => TradeEventCodec.Encode(sample with { EventType = (TradeEventType)19 }));
        Assert.Throws<ArgumentException>(() => TradeEventCodec.Encode(sample with { OccurredAt = sample.OccurredAt.AddTicks(1) }));
        Assert.ThrowsAny<ArgumentException>(() => TradeEventCodec.Encode(sample with { MemberId = "bad\ud800" }));
        Assert.Throws<ArgumentNullException>(() => TradeEventCodec.Encode(sample with { Port = null! }));
    }

    private static void Str(List<byte> bytes, string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)utf8.Length);
        bytes.AddRange(length);
        bytes.AddRange(utf8);
    }

    private static void Timestamp(List<byte> bytes, long unixMs, short offsetMinutes)
    {
        var buffer = new byte[10];
        BinaryPrimitives.WriteInt64BigEndian(buffer, unixMs);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(8), offsetMinutes);
        bytes.AddRange(buffer);
    }
}
