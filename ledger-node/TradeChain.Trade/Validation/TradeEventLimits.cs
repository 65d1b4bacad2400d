namespace TradeChain.Trade.Validation;

/// <summary>
/// Size and time limits the validator applies. Every limit has a unit in its name; the defaults
/// are what the consortium runs with, and a test can tighten them.
/// </summary>
public sealed record TradeEventLimits
{
    public static TradeEventLimits Default { get; } = new();

    /// <summary>
    /// Ids and codes (member, source system, source reference, bills, booking, voyage, plates,
    /// location). Partner message ids (UUIDs, EDI interchange references, Kafka keys) stay under
    /// 64 characters; 128 leaves room without letting an id turn into a payload.
    /// </summary>
    public int MaxIdentifierChars { get; init; } = 128;

    /// <summary>
    /// Free text (vessel name, consignee name, address and contact, string attributes). A full
    /// postal address with company name fits in a few hundred characters even in two scripts.
    /// </summary>
    public int MaxStringChars { get; init; } = 512;

    /// <summary>A consolidated master waybill or bill carries at most a few hundred houses; more means a manifest was flattened into one event.</summary>
    public int MaxHouseBills { get; init; } = 500;

    /// <summary>A single bill of lading rarely covers more than a few hundred containers; a whole vessel's worth belongs in many events.</summary>
    public int MaxContainers { get; init; } = 500;

    /// <summary>A shipment has a handful of roles (shipper, consignee, notify, declarant, carrier, forwarder...); 16 covers repeated roles.</summary>
    public int MaxParties { get; init; } = 16;

    /// <summary>Attributes are for the few partner fields without a home; 64 keeps the analytics projection's columns bounded.</summary>
    public int MaxAttributes { get; init; } = 64;

    /// <summary>Attribute keys become analytics column names; 64 is what common SQL engines accept as an identifier.</summary>
    public int MaxAttributeKeyChars { get; init; } = 64;

    /// <summary>
    /// The canonical encoding of one event. 64 KiB lets a batch of 60 maximal events still fit a
    /// 4 MiB gRPC message, while any real event (a few hundred bytes to a few KiB) is far below.
    /// </summary>
    public int MaxEncodedBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// How far past the validator's "now" a timestamp may lie. Partner clocks drift by seconds to
    /// a minute; 5 minutes absorbs that and batching delays, while a local time sent as UTC (a
    /// common partner bug) is off by whole hours and is caught.
    /// </summary>
    public long MaxFutureSkewMs { get; init; } = 5 * 60 * 1000;

    /// <summary>
    /// The earliest plausible occurrence. Parsers that fail to read a date produce 0001-01-01 or
    /// 1970-01-01; no partner system in the consortium holds electronic records from before 2000.
    /// </summary>
    public DateTimeOffset MinOccurredAt { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
