using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Trade.Tests.Events;

/// <summary>
/// Enum values are stored in events on the ledger. Renumbering one would make old events decode
/// as something else; this pins every value so such a change fails here first.
/// </summary>
[Trait("Category", "Encoding")]
public sealed class OnLedgerEnumTests
{
    [Fact]
    public void Feed_values_never_change() => AssertPinned(new Dictionary<Feed, byte>
    {
        [Feed.Manifest] = 1,
        [Feed.CustomsStatus] = 2,
        [Feed.PortGate] = 3,
        [Feed.Tax] = 4,
        [Feed.TransportMovement] = 5,
    });

    [Fact]
    public void Mode_direction_role_and_attribute_kind_values_never_change()
    {
        AssertPinned(new Dictionary<TransportMode, byte> { [TransportMode.Air] = 1, [TransportMode.Sea] = 2 });
        AssertPinned(new Dictionary<TradeDirection, byte> { [TradeDirection.Import] = 1, [TradeDirection.Export] = 2 });
        AssertPinned(new Dictionary<PartyRole, byte>
        {
            [PartyRole.Shipper] = 1,
            [PartyRole.Consignee] = 2,
            [PartyRole.NotifyParty] = 3,
            [PartyRole.Declarant] = 4,
            [PartyRole.Carrier] = 5,
            [PartyRole.Forwarder] = 6,
            [PartyRole.TerminalOperator] = 7,
        });
        AssertPinned(new Dictionary<EventAttributeKind, byte>
        {
            [EventAttributeKind.String] = 1,
            [EventAttributeKind.Int64] = 2,
            [EventAttributeKind.Decimal] = 3,
            [EventAttributeKind.Bool] = 4,
            [EventAttributeKind.Timestamp] = 5,
        });
    }

    [Fact]
    public void Event_type_values_never_change() => AssertPinned(new Dictionary<TradeEventType, byte>
    {
        [TradeEventType.ManifestFiled] = 1,
        [TradeEventType.ManifestAmended] = 2,
        [TradeEventType.BookingConfirmed] = 3,
        [TradeEventType.TransportDocumentIssued] = 4,
        [TradeEventType.TransportDocumentSurrendered] = 5,
        [TradeEventType.PickedUp] = 20,
        [TradeEventType.OnHand] = 21,
        [TradeEventType.Received] = 22,
        [TradeEventType.Stuffed] = 23,
        [TradeEventType.PreparedForLoading] = 24,
        [TradeEventType.Loaded] = 25,
        [TradeEventType.Departed] = 26,
        [TradeEventType.Arrived] = 27,
        [TradeEventType.Discharged] = 28,
        [TradeEventType.ReceivedFromFlight] = 29,
        [TradeEventType.TransferredToCarrier] = 30,
        [TradeEventType.ReceivedFromCarrier] = 31,
        [TradeEventType.Stripped] = 32,
        [TradeEventType.NotifiedForDelivery] = 33,
        [TradeEventType.DocumentsDelivered] = 34,
        [TradeEventType.Delivered] = 35,
        [TradeEventType.DeliveredToDoor] = 36,
        [TradeEventType.DiscrepancyReported] = 37,
        [TradeEventType.ReportedToCustoms] = 60,
        [TradeEventType.DeclarationFiled] = 61,
        [TradeEventType.DeclarationAccepted] = 62,
        [TradeEventType.DeclarationRejected] = 63,
        [TradeEventType.DocumentsRequested] = 64,
        [TradeEventType.InspectionOrdered] = 65,
        [TradeEventType.Inspected] = 66,
        [TradeEventType.Held] = 67,
        [TradeEventType.Released] = 68,
        [TradeEventType.Refused] = 69,
        [TradeEventType.TransferredToCustomsControl] = 70,
        [TradeEventType.GateIn] = 90,
        [TradeEventType.GateOut] = 91,
        [TradeEventType.TaxAssessed] = 100,
        [TradeEventType.TaxPaid] = 101,
        [TradeEventType.ExportRefundFiled] = 102,
        [TradeEventType.ExportRefundApproved] = 103,
        [TradeEventType.ExportRefundPaid] = 104,
    });

    private static void AssertPinned<TEnum>(Dictionary<TEnum, byte> expected)
        where TEnum : struct, Enum
    {
        Assert.Equal(expected.Keys.Order(), Enum.GetValues<TEnum>().Order());
        foreach (var (value, number) in expected)
        {
            Assert.Equal(number, Convert.ToByte(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
