using TradeChain.Contract;
using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Contract.Tests;

/// <summary>Contract state and facts round-trip through their encodings, and facts come from events deterministically.</summary>
[Trait("Category", "Contract")]
public sealed class ContractEncodingTests
{
    private static readonly TradeEvent Event = new()
    {
        MemberId = "CNTSN-CUSTOMS",
        SourceSystem = "h2018",
        SourceReference = "REL-0001",
        Feed = Feed.CustomsStatus,
        Mode = TransportMode.Sea,
        Direction = TradeDirection.Import,
        Port = "CNTSN",
        EventType = TradeEventType.Released,
        OccurredAt = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8)),
        RecordedAt = new DateTimeOffset(2026, 3, 1, 9, 31, 0, TimeSpan.FromHours(8)),
        References = new References
        {
            MasterBill = "COSU6189047520",
            HouseBills = ["HB2", "HB1"],
            Containers = ["CSQU3054383", "CSQU3054383"],
            DeclarationNumber = "020120261000012345",
        },
    };

    [Fact]
    public void a_fact_keys_every_reference_once_in_key_order_and_round_trips()
    {
        var fact = ContractFact.From(Event);
        Assert.Equal(
            ["MasterBill:COSU6189047520", "HouseBill:HB1", "HouseBill:HB2", "Container:CSQU3054383", "Declaration:020120261000012345"],
            fact.Keys.Select(k => k.ToString()));
        var decoded = ContractFact.Decode(fact.Encode());
        Assert.Equal(fact.Encode(), decoded.Encode());
        Assert.Equal(Event.OccurredAt.ToUnixTimeMilliseconds(), decoded.OccurredAtMs);
    }

    [Fact]
    public void shipment_state_round_trips_and_strict_decoding_rejects_trailing_bytes()
    {
        var key = new ShipmentKey(ShipmentKeyKind.Declaration, "020120261000012345");
        var state = TradeContract.Apply(TradeContract.Apply(null, key, ContractFact.From(Event)), key, ContractFact.From(Event with { EventType = TradeEventType.GateOut }));
        var bytes = state.Encode();
        Assert.Equal(state, ShipmentState.Decode(bytes));
        Assert.Throws<CanonicalFormatException>(() => ShipmentState.Decode([.. bytes, 0]));
        Assert.Equal(key, ShipmentKey.FromBytes(key.ToBytes()));
    }
}
