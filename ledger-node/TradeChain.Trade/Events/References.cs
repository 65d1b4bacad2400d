namespace TradeChain.Trade.Events;

/// <summary>
/// The identifiers that tie an event to a shipment, a declaration and a conveyance. Values are
/// stored as the partner's normalised form (upper case, no separators: an air waybill is
/// "02012345675", not "020-12345675"); the validator checks each one's shape and check digit.
/// </summary>
public sealed record References
{
    public static References None { get; } = new();

    /// <summary>Master air waybill (11 digits) for air, master bill of lading for sea.</summary>
    public string? MasterBill { get; init; }

    /// <summary>House air waybills or house bills of lading issued by forwarders under the master.</summary>
    public EquatableList<string> HouseBills { get; init; } = EquatableList<string>.Empty;

    /// <summary>ISO 6346 container numbers, e.g. "CSQU3054383".</summary>
    public EquatableList<string> Containers { get; init; } = EquatableList<string>.Empty;

    /// <summary>The 18-digit Chinese customs declaration number (报关单号).</summary>
    public string? DeclarationNumber { get; init; }

    public string? BookingNumber { get; init; }

    /// <summary>Truck licence plate at a port gate, for cargo that is not in a container.</summary>
    public string? VehicleRegistration { get; init; }

    /// <summary>IATA flight designator, e.g. "CA1041" (air).</summary>
    public string? FlightNumber { get; init; }

    /// <summary>Scheduled date of the flight: a flight number repeats daily, a manifest is per flight and date.</summary>
    public DateOnly? FlightDate { get; init; }

    /// <summary>Seven-digit IMO ship identification number (sea).</summary>
    public string? VesselImo { get; init; }

    public string? VesselName { get; init; }

    /// <summary>The carrier's voyage number (sea).</summary>
    public string? VoyageNumber { get; init; }
}

/// <summary>
/// A domestic enterprise and its role in the shipment: what scopes an exporter's or importer's
/// view of the ledger. Identified by its unified social credit code (统一社会信用代码,
/// GB 32100-2015) and, where customs registered it, its 10-character customs code.
/// </summary>
public sealed record Party(PartyRole Role, string Uscc, string? CustomsCode = null);
