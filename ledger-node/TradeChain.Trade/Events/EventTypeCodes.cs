using System.Collections.Frozen;

namespace TradeChain.Trade.Events;

/// <summary>
/// A DCSA Track &amp; Trace 2.2 event classification: the event type (SHIPMENT, TRANSPORT or
/// EQUIPMENT), its event type code, and for SHIPMENT events the document type the status is
/// about (a shipment event's code alone only says "released", not what was released).
/// </summary>
public sealed record DcsaCode(string EventType, string EventTypeCode, string? DocumentTypeCode = null)
{
    public const string Shipment = "SHIPMENT";
    public const string Transport = "TRANSPORT";
    public const string Equipment = "EQUIPMENT";

    public override string ToString() =>
        DocumentTypeCode is null ? $"{EventType}/{EventTypeCode}" : $"{EventType}/{EventTypeCode}/{DocumentTypeCode}";
}

/// <summary>
/// Maps the normalised <see cref="TradeEventType"/> to the codes partners send: DCSA Track &amp;
/// Trace 2.2 (sea) and IATA Cargo-IMP / Cargo-XML status codes (air, FSU/XFSU), both ways.
/// A type without a standard code maps to null; it reaches the ledger through a partner's own
/// format. The feed parsers use the reverse lookups; each code names at most one type.
/// </summary>
public static class EventTypeCodes
{
    private static readonly (TradeEventType Type, DcsaCode? Dcsa, string? Iata)[] Table =
    [
        (TradeEventType.ManifestFiled, null, "MAN"),
        (TradeEventType.ManifestAmended, null, null),
        (TradeEventType.BookingConfirmed, new(DcsaCode.Shipment, "CONF", "BKG"), "BKD"),
        (TradeEventType.TransportDocumentIssued, new(DcsaCode.Shipment, "ISSU", "TRD"), null),
        (TradeEventType.TransportDocumentSurrendered, new(DcsaCode.Shipment, "SURR", "TRD"), null),

        (TradeEventType.PickedUp, new(DcsaCode.Equipment, "PICK"), "DPU"),
        (TradeEventType.OnHand, null, "FOH"),
        (TradeEventType.Received, null, "RCS"),
        (TradeEventType.Stuffed, new(DcsaCode.Equipment, "STUF"), null),
        (TradeEventType.PreparedForLoading, null, "PRE"),
        (TradeEventType.Loaded, new(DcsaCode.Equipment, "LOAD"), null),
        (TradeEventType.Departed, new(DcsaCode.Transport, "DEPA"), "DEP"),
        (TradeEventType.Arrived, new(DcsaCode.Transport, "ARRI"), "ARR"),
        (TradeEventType.Discharged, new(DcsaCode.Equipment, "DISC"), null),
        (TradeEventType.ReceivedFromFlight, null, "RCF"),
        (TradeEventType.TransferredToCarrier, null, "TFD"),
        (TradeEventType.ReceivedFromCarrier, null, "RCT"),
        (TradeEventType.Stripped, new(DcsaCode.Equipment, "STRP"), null),
        (TradeEventType.NotifiedForDelivery, new(DcsaCode.Shipment, "ISSU", "ARN"), "NFD"),
        (TradeEventType.DocumentsDelivered, null, "AWD"),
        (TradeEventType.Delivered, null, "DLV"),
        (TradeEventType.DeliveredToDoor, new(DcsaCode.Equipment, "DROP"), "DDL"),
        (TradeEventType.DiscrepancyReported, null, "DIS"),

        (TradeEventType.ReportedToCustoms, null, "CRC"),
        (TradeEventType.DeclarationFiled, null, null),
        (TradeEventType.DeclarationAccepted, null, null),
        (TradeEventType.DeclarationRejected, null, null),
        (TradeEventType.DocumentsRequested, null, null),
        // DCSA "CUS" is the customs-inspection document: requested, then held or released.
        (TradeEventType.InspectionOrdered, new(DcsaCode.Shipment, "REQS", "CUS"), null),
        (TradeEventType.Inspected, new(DcsaCode.Equipment, "INSP"), null),
        (TradeEventType.Held, new(DcsaCode.Shipment, "HOLD", "CUS"), null),
        (TradeEventType.Released, new(DcsaCode.Shipment, "RELS", "CUS"), "CCD"),
        (TradeEventType.Refused, null, null),
        (TradeEventType.TransferredToCustomsControl, null, "TGC"),

        (TradeEventType.GateIn, new(DcsaCode.Equipment, "GTIN"), null),
        (TradeEventType.GateOut, new(DcsaCode.Equipment, "GTOT"), null),

        (TradeEventType.TaxAssessed, null, null),
        (TradeEventType.TaxPaid, null, null),
        (TradeEventType.ExportRefundFiled, null, null),
        (TradeEventType.ExportRefundApproved, null, null),
        (TradeEventType.ExportRefundPaid, null, null),
    ];

    private static readonly FrozenDictionary<TradeEventType, (DcsaCode? Dcsa, string? Iata)> ByType =
        Table.ToFrozenDictionary(row => row.Type, row => (row.Dcsa, row.Iata));

    // ToFrozenDictionary throws on a repeated key, so a code mapped to two types fails at startup.
    private static readonly FrozenDictionary<DcsaCode, TradeEventType> ByDcsa =
        Table.Where(row => row.Dcsa is not null).ToFrozenDictionary(row => row.Dcsa!, row => row.Type);

    private static readonly FrozenDictionary<string, TradeEventType> ByIata =
        Table.Where(row => row.Iata is not null).ToFrozenDictionary(row => row.Iata!, row => row.Type, StringComparer.Ordinal);

    /// <summary>The DCSA T&amp;T 2.2 classification of <paramref name="type"/>, or null where DCSA has none.</summary>
    public static DcsaCode? Dcsa(TradeEventType type) => Row(type).Dcsa;

    /// <summary>The IATA Cargo-IMP/Cargo-XML status code of <paramref name="type"/>, or null where IATA has none.</summary>
    public static string? Iata(TradeEventType type) => Row(type).Iata;

    /// <summary>
    /// The type a DCSA event denotes, or null for a code this taxonomy does not carry. The
    /// document type only matters for SHIPMENT events and is ignored for the others.
    /// </summary>
    public static TradeEventType? FromDcsa(string eventType, string eventTypeCode, string? documentTypeCode = null)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(eventTypeCode);
        var key = new DcsaCode(eventType, eventTypeCode, eventType == DcsaCode.Shipment ? documentTypeCode : null);
        return ByDcsa.TryGetValue(key, out var type) ? type : null;
    }

    /// <summary>The type an IATA status code denotes (e.g. "RCS"), or null for a code this taxonomy does not carry.</summary>
    public static TradeEventType? FromIata(string statusCode)
    {
        ArgumentNullException.ThrowIfNull(statusCode);
        return ByIata.TryGetValue(statusCode, out var type) ? type : null;
    }

    /// <summary>The feed that normally reports <paramref name="type"/>; the value groups of <see cref="TradeEventType"/>.</summary>
    public static Feed FeedOf(TradeEventType type) => Enum.IsDefined(type)
        ? (byte)type switch
        {
            < 20 => Feed.Manifest,
            < 60 => Feed.TransportMovement,
            < 90 => Feed.CustomsStatus,
            < 100 => Feed.PortGate,
            _ => Feed.Tax,
        }
        : throw new ArgumentOutOfRangeException(nameof(type), type, "unknown trade event type");

    private static (DcsaCode? Dcsa, string? Iata) Row(TradeEventType type) =>
        ByType.TryGetValue(type, out var row)
            ? row
            : throw new ArgumentOutOfRangeException(nameof(type), type, "unknown trade event type");
}
