namespace TradeChain.Trade.Events;

// Every enum here is stored as one byte in the canonical encoding of events that are hashed,
// signed and kept forever: never renumber a member, only add new ones. Zero is never used, so
// an uninitialised value is rejected instead of silently meaning the first member.

/// <summary>The partner feed an event arrived on (one Kafka topic per feed). Never renumber.</summary>
public enum Feed : byte
{
    Manifest = 1,
    CustomsStatus = 2,
    PortGate = 3,
    Tax = 4,
    TransportMovement = 5,
}

/// <summary>Mode of the border crossing. Never renumber.</summary>
public enum TransportMode : byte
{
    Air = 1,
    Sea = 2,
}

/// <summary>Direction of the trade as customs sees it. Never renumber.</summary>
public enum TradeDirection : byte
{
    Import = 1,
    Export = 2,
}

/// <summary>
/// The one normalised taxonomy every partner format is mapped to. Values are grouped by the
/// feed that normally reports them, with gaps so a group can grow in place. Never renumber.
/// </summary>
public enum TradeEventType : byte
{
    // Manifest and transport documents.
    ManifestFiled = 1,
    ManifestAmended = 2,
    BookingConfirmed = 3,

    /// <summary>Bill of lading or air waybill issued by the carrier.</summary>
    TransportDocumentIssued = 4,

    /// <summary>Original bill of lading surrendered to the carrier so cargo can be released.</summary>
    TransportDocumentSurrendered = 5,

    // Cargo and conveyance movement.

    /// <summary>Cargo or container collected at the shipper's premises.</summary>
    PickedUp = 20,

    /// <summary>Cargo on hand at the carrier's terminal, acceptance checks pending (IATA FOH).</summary>
    OnHand = 21,

    /// <summary>Cargo received from the shipper and ready for carriage (IATA RCS).</summary>
    Received = 22,

    Stuffed = 23,
    PreparedForLoading = 24,
    Loaded = 25,
    Departed = 26,
    Arrived = 27,
    Discharged = 28,

    /// <summary>Cargo received from a flight at destination (IATA RCF).</summary>
    ReceivedFromFlight = 29,

    TransferredToCarrier = 30,
    ReceivedFromCarrier = 31,
    Stripped = 32,

    /// <summary>Consignee notified that cargo is ready for collection (IATA NFD, DCSA arrival notice).</summary>
    NotifiedForDelivery = 33,

    /// <summary>Arrival documents handed to the consignee or its agent (IATA AWD).</summary>
    DocumentsDelivered = 34,

    /// <summary>Cargo handed to the consignee or its agent at the terminal (IATA DLV).</summary>
    Delivered = 35,

    /// <summary>Cargo or container delivered at the consignee's premises.</summary>
    DeliveredToDoor = 36,

    /// <summary>Missing, found, offloaded, overcarried or damaged cargo or documents (IATA DIS).</summary>
    DiscrepancyReported = 37,

    // Customs status.

    /// <summary>The carrier reported the consignment to customs (IATA CRC).</summary>
    ReportedToCustoms = 60,

    DeclarationFiled = 61,
    DeclarationAccepted = 62,

    /// <summary>Customs returned the declaration for correction (退单).</summary>
    DeclarationRejected = 63,

    DocumentsRequested = 64,
    InspectionOrdered = 65,
    Inspected = 66,
    Held = 67,

    /// <summary>Released by customs (放行).</summary>
    Released = 68,

    /// <summary>Entry or exit refused by customs.</summary>
    Refused = 69,

    /// <summary>Cargo placed in a customs-supervised area (IATA TGC).</summary>
    TransferredToCustomsControl = 70,

    // Port gate.
    GateIn = 90,
    GateOut = 91,

    // Tax.
    TaxAssessed = 100,
    TaxPaid = 101,

    /// <summary>Export VAT refund claimed (出口退税申报).</summary>
    ExportRefundFiled = 102,

    ExportRefundApproved = 103,
    ExportRefundPaid = 104,
}

/// <summary>What an enterprise is to a shipment; decides who may see it. Never renumber.</summary>
public enum PartyRole : byte
{
    Shipper = 1,
    Consignee = 2,
    NotifyParty = 3,

    /// <summary>The enterprise (often a customs broker) that lodges the declaration.</summary>
    Declarant = 4,

    Carrier = 5,
    Forwarder = 6,
    TerminalOperator = 7,
}

/// <summary>The type of an event attribute's value. Never renumber.</summary>
public enum EventAttributeKind : byte
{
    String = 1,
    Int64 = 2,
    Decimal = 3,
    Bool = 4,
    Timestamp = 5,
}
