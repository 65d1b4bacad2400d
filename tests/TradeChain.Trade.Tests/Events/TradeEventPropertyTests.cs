using TradeChain.Testing;
using FsCheck;
using FsCheck.Fluent;
using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Trade.Tests.Events;

[Trait("Category", "Encoding")]
public sealed class TradeEventPropertyTests
{
    [Fact]
    public void Decode_of_encode_is_the_identity() =>
        PropertyCheck.ForAll(TradeEventGenerators.TradeEvents(), tradeEvent =>
        {
            var encoded = TradeEventCodec.Encode(tradeEvent);
            var decoded = TradeEventCodec.Decode(encoded);

            return decoded.Equals(tradeEvent)
                && decoded.GetHashCode() == tradeEvent.GetHashCode()
                && TradeEventCodec.Encode(decoded).AsSpan().SequenceEqual(encoded);
        }, maxTest: 300);

    [Fact]
    public void Independent_events_are_equal_exactly_when_their_encodings_are() =>
        PropertyCheck.ForAll(Arb.Zip(TradeEventGenerators.TradeEvents(), TradeEventGenerators.TradeEvents()), pair =>
            pair.Item1.Equals(pair.Item2) == TradeEventCodec.Encode(pair.Item1).AsSpan().SequenceEqual(TradeEventCodec.Encode(pair.Item2)));

    [Fact]
    public void Events_one_change_apart_are_equal_exactly_when_their_encodings_are() =>
        PropertyCheck.ForAll(NearbyPairs(), pair =>
            pair.First.Equals(pair.Second) == TradeEventCodec.Encode(pair.First).AsSpan().SequenceEqual(TradeEventCodec.Encode(pair.Second)),
            maxTest: 500);

    [Fact]
    public void A_corrupted_encoding_is_rejected_or_is_the_canonical_encoding_of_what_it_decodes_to() =>
        PropertyCheck.ForAll(Corruptions(), corrupted =>
        {
            TradeEvent decoded;
            try
            {
                decoded = TradeEventCodec.Decode(corrupted);
            }
            catch (CanonicalFormatException)
            {
                return true;
            }
            return TradeEventCodec.Encode(decoded).AsSpan().SequenceEqual(corrupted);
        }, maxTest: 500);

    private sealed record EventPair(TradeEvent First, TradeEvent Second);

    private static Arbitrary<EventPair> NearbyPairs() => Arb.From(
        from original in TradeEventGenerators.ValidEvent()
        from mutation in Gen.Choose(0, Mutations.Length - 1)
        from other in TradeEventGenerators.ValidEvent()
        select new EventPair(original, Mutations[mutation](original, other)));

    private static Arbitrary<byte[]> Corruptions() => Arb.From(
        from tradeEvent in TradeEventGenerators.ValidEvent()
        let encoded = TradeEventCodec.Encode(tradeEvent)
        from position in Gen.Choose(0, encoded.Length - 1)
        from value in Gen.Choose(0, 255)
        select Corrupt(encoded, position, (byte)value));

    private static byte[] Corrupt(byte[] encoded, int position, byte value)
    {
        var copy = (byte[])encoded.Clone();
        copy[position] = value;
        return copy;
    }

    // Each changes one aspect of the first event, some towards a value of a second random event,
    // so that near misses (one character, one millisecond, one offset, one value kind) are covered.
    private static readonly Func<TradeEvent, TradeEvent, TradeEvent>[] Mutations =
    [
        (e, _) => e,
        (e, o) => e with { MemberId = o.MemberId },
        (e, _) => e with { MemberId = e.MemberId + e.SourceSystem[0], SourceSystem = e.SourceSystem.Length > 1 ? e.SourceSystem[1..] : "x" },
        (e, _) => e with { SourceReference = e.SourceReference + "0" },
        (e, o) => e with { Feed = o.Feed },
        (e, o) => e with { Mode = o.Mode },
        (e, o) => e with { Direction = o.Direction },
        (e, o) => e with { EventType = o.EventType },
        (e, o) => e with { Port = o.Port },
        (e, o) => e with { Location = e.Location is null ? o.Location ?? "gate" : null },
        (e, _) => e with { OccurredAt = e.OccurredAt.AddMilliseconds(1) },
        (e, _) => e with { OccurredAt = e.OccurredAt.ToOffset(e.OccurredAt.Offset == TimeSpan.Zero ? TimeSpan.FromHours(8) : TimeSpan.Zero) },
        (e, o) => e with { RecordedAt = o.RecordedAt },
        (e, o) => e with { References = o.References },
        (e, _) => e with { References = e.References with { Containers = [.. e.References.Containers, "CSQU3054383"] } },
        (e, _) => e with { References = e.References with { HouseBills = [.. e.References.HouseBills.Reverse()] } },
        (e, _) => e with { References = e.References with { MasterBill = e.References.MasterBill is null ? "99912345675" : null } },
        (e, _) => e with { References = e.References with { FlightDate = e.References.FlightDate?.AddDays(1) ?? new DateOnly(2025, 1, 1) } },
        (e, _) => e with { References = e.References with { VesselName = e.References.VesselName is null ? string.Empty : null } },
        (e, o) => e with { Parties = o.Parties },
        (e, _) => e with { Parties = e.Parties.Count == 0 ? [new Party(PartyRole.Carrier, "91350100M000100Y43")] : [.. e.Parties.Skip(1)] },
        (e, o) => e with { Attributes = o.Attributes },
        (e, _) => e with { Attributes = e.Attributes.With("k", EventAttribute.Of(1L)) },
        (e, _) => e with { Attributes = e.Attributes.With("k", EventAttribute.Of(1m)) },
        (e, _) => e with { Attributes = e.Attributes.With("k", EventAttribute.Of("1")) },
        (e, _) => e with { Attributes = e.Attributes.With("k", EventAttribute.Of(true)) },
        (e, o) => e with { Sensitive = o.Sensitive },
        (e, _) => e with { Sensitive = e.Sensitive is null ? SensitivePart.FromPlaintext(new SensitiveDetails()) : null },
    ];
}
