using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Trade.Tests.Events;

[Trait("Category", "Encoding")]
public sealed class EventTypeCodesTests
{
    // DCSA Track & Trace 2.2 OpenAPI enumerations (TNT_v2.2.0: transportEventTypeCode,
    // equipmentEventTypeCode, shipmentEventTypeCode, documentTypeCode).
    private static readonly HashSet<string> DcsaTransportCodes = ["ARRI", "DEPA"];
    private static readonly HashSet<string> DcsaEquipmentCodes = ["LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA", "RMVD"];
    private static readonly HashSet<string> DcsaShipmentCodes = ["RECE", "DRFT", "PENA", "PENU", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID", "CONF", "REQS", "CMPL", "HOLD", "RELS"];
    private static readonly HashSet<string> DcsaDocumentTypes = ["CBR", "BKG", "SHI", "SRM", "TRD", "ARN", "VGM", "CAS", "CUS", "DGD", "OOG"];

    // IATA Cargo-IMP / Cargo-XML shipment status codes (FSU/XFSU, code list 1.18).
    private static readonly HashSet<string> IataStatusCodes =
        ["ARR", "AWD", "AWR", "BKD", "CCD", "CRC", "DDL", "DEP", "DIS", "DLV", "DOC", "DPU", "FIW", "FOH", "FOW", "MAN", "NFD", "OCI", "OSI", "PRE", "RCF", "RCS", "RCT", "TFD", "TGC", "TRM"];

    public static TheoryData<TradeEventType> AllTypes => [.. Enum.GetValues<TradeEventType>()];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_mapped_code_is_a_published_code_and_leads_back_to_its_type(TradeEventType type)
    {
        if (EventTypeCodes.Dcsa(type) is { } dcsa)
        {
            var codes = dcsa.EventType switch
            {
                DcsaCode.Transport => DcsaTransportCodes,
                DcsaCode.Equipment => DcsaEquipmentCodes,
                DcsaCode.Shipment => DcsaShipmentCodes,
                _ => [],
            };
            Assert.Contains(dcsa.EventTypeCode, codes);
            Assert.Equal(dcsa.EventType == DcsaCode.Shipment, dcsa.DocumentTypeCode is not null);
            if (dcsa.DocumentTypeCode is { } documentType)
            {
                Assert.Contains(documentType, DcsaDocumentTypes);
            }
            Assert.Equal(type, EventTypeCodes.FromDcsa(dcsa.EventType, dcsa.EventTypeCode, dcsa.DocumentTypeCode));
        }
        if (EventTypeCodes.Iata(type) is { } iata)
        {
            Assert.Contains(iata, IataStatusCodes);
            Assert.Equal(type, EventTypeCodes.FromIata(iata));
        }
    }

    [Theory]
    [InlineData("RCS", TradeEventType.Received)]
    [InlineData("FOH", TradeEventType.OnHand)]
    [InlineData("MAN", TradeEventType.ManifestFiled)]
    [InlineData("DEP", TradeEventType.Departed)]
    [InlineData("ARR", TradeEventType.Arrived)]
    [InlineData("RCF", TradeEventType.ReceivedFromFlight)]
    [InlineData("NFD", TradeEventType.NotifiedForDelivery)]
    [InlineData("AWD", TradeEventType.DocumentsDelivered)]
    [InlineData("DLV", TradeEventType.Delivered)]
    [InlineData("CCD", TradeEventType.Released)]
    [InlineData("TFD", TradeEventType.TransferredToCarrier)]
    [InlineData("DIS", TradeEventType.DiscrepancyReported)]
    [InlineData("CRC", TradeEventType.ReportedToCustoms)]
    public void Iata_status_codes_map_to_the_normalised_type(string code, TradeEventType expected) =>
        Assert.Equal(expected, EventTypeCodes.FromIata(code));

    [Theory]
    [InlineData("TRANSPORT", "ARRI", null, TradeEventType.Arrived)]
    [InlineData("TRANSPORT", "DEPA", null, TradeEventType.Departed)]
    [InlineData("EQUIPMENT", "LOAD", null, TradeEventType.Loaded)]
    [InlineData("EQUIPMENT", "DISC", null, TradeEventType.Discharged)]
    [InlineData("EQUIPMENT", "GTIN", null, TradeEventType.GateIn)]
    [InlineData("EQUIPMENT", "GTOT", null, TradeEventType.GateOut)]
    [InlineData("EQUIPMENT", "GTOT", "TRD", TradeEventType.GateOut)]
    [InlineData("SHIPMENT", "RELS", "CUS", TradeEventType.Released)]
    [InlineData("SHIPMENT", "HOLD", "CUS", TradeEventType.Held)]
    [InlineData("SHIPMENT", "CONF", "BKG", TradeEventType.BookingConfirmed)]
    [InlineData("SHIPMENT", "ISSU", "ARN", TradeEventType.NotifiedForDelivery)]
    public void Dcsa_events_map_to_the_normalised_type(string eventType, string code, string? documentType, TradeEventType expected) =>
        Assert.Equal(expected, EventTypeCodes.FromDcsa(eventType, code, documentType));

    [Theory]
    [InlineData("SHIPMENT", "RELS", "TRD")]
    [InlineData("SHIPMENT", "RELS", null)]
    [InlineData("SHIPMENT", "DRFT", "SHI")]
    [InlineData("EQUIPMENT", "RSEA", null)]
    [InlineData("EQUIPMENT", "gtin", null)]
    [InlineData("IOT", "GTIN", null)]
    public void Dcsa_codes_outside_the_taxonomy_map_to_nothing(string eventType, string code, string? documentType) =>
        Assert.Null(EventTypeCodes.FromDcsa(eventType, code, documentType));

    [Theory]
    [InlineData("OSI")]
    [InlineData("rcs")]
    [InlineData("")]
    public void Iata_codes_outside_the_taxonomy_map_to_nothing(string code) =>
        Assert.Null(EventTypeCodes.FromIata(code));

    [Theory]
    [InlineData(TradeEventType.ManifestFiled, Feed.Manifest)]
    [InlineData(TradeEventType.TransportDocumentSurrendered, Feed.Manifest)]
    [InlineData(TradeEventType.PickedUp, Feed.TransportMovement)]
    [InlineData(TradeEventType.DiscrepancyReported, Feed.TransportMovement)]
    [InlineData(TradeEventType.ReportedToCustoms, Feed.CustomsStatus)]
    [InlineData(TradeEventType.TransferredToCustomsControl, Feed.CustomsStatus)]
    [InlineData(TradeEventType.GateOut, Feed.PortGate)]
    [InlineData(TradeEventType.ExportRefundPaid, Feed.Tax)]
    public void Each_type_belongs_to_the_feed_that_normally_reports_it(TradeEventType type, Feed feed) =>
        Assert.Equal(feed, EventTypeCodes.FeedOf(type));

    [Fact]
    public void Undefined_types_have_no_codes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EventTypeCodes.Dcsa((TradeEventType)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EventTypeCodes.Iata((TradeEventType)200));
        Assert.Throws<ArgumentOutOfRangeException>(() => EventTypeCodes.FeedOf((TradeEventType)19));
    }
}
