namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>The partner formats ingest reads. A Kafka message names its format in the <c>tc-format</c> header.</summary>
public enum FeedFormat
{
    /// <summary>TradeChain's own JSON, <c>"schema": "tradechain.event/1"</c> (docs/schemas/tradechain.event-1.schema.json).</summary>
    CanonicalJson = 1,

    /// <summary>UN/EDIFACT interchanges carrying CODECO, CUSRES or CUSCAR messages.</summary>
    Edifact = 2,

    /// <summary>IATA Cargo-XML: XFSU status updates and XFWB air waybills.</summary>
    CargoXml = 3,

    /// <summary>DCSA Track &amp; Trace 2.2 events (a JSON array, as <c>GET /events</c> returns it).</summary>
    DcsaTrackAndTrace = 4,

    /// <summary>Vehicle registrations (车辆备案): reference data for the gate, not ledger events.</summary>
    VehicleRegistration = 5,
}

/// <summary>The wire names of <see cref="FeedFormat"/>, as partners write them in the <c>tc-format</c> header.</summary>
public static class FeedFormats
{
    public const string CanonicalJsonName = "tradechain-json";
    public const string EdifactName = "edifact";
    public const string CargoXmlName = "cargo-xml";
    public const string DcsaName = "dcsa-tnt-2.2";
    public const string VehicleRegistrationName = "vehicle-registration";

    public static string Name(FeedFormat format) => format switch
    {
        FeedFormat.CanonicalJson => CanonicalJsonName,
        FeedFormat.Edifact => EdifactName,
        FeedFormat.CargoXml => CargoXmlName,
        FeedFormat.DcsaTrackAndTrace => DcsaName,
        FeedFormat.VehicleRegistration => VehicleRegistrationName,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown feed format"),
    };

    /// <summary>The format a header value names (exact, lower case), or null.</summary>
    public static FeedFormat? TryParse(string? name) => name switch
    {
        CanonicalJsonName => FeedFormat.CanonicalJson,
        EdifactName => FeedFormat.Edifact,
        CargoXmlName => FeedFormat.CargoXml,
        DcsaName => FeedFormat.DcsaTrackAndTrace,
        VehicleRegistrationName => FeedFormat.VehicleRegistration,
        _ => null,
    };

    public static IReadOnlyList<string> Names { get; } = [CanonicalJsonName, EdifactName, CargoXmlName, DcsaName, VehicleRegistrationName];
}
