namespace TradeChain.Ingest.Formats.Json;

/// <summary>The names of TradeChain's canonical JSON format (docs/schemas/tradechain.event-1.schema.json).</summary>
public static class CanonicalJson
{
    /// <summary>The schema id every message carries. A new major version gets a new id and a new parser branch; "/1" is never changed incompatibly.</summary>
    public const string SchemaV1 = "tradechain.event/1";

    /// <summary>An attribute holding a timestamp is written as an object with this one property, so it is never confused with a string.</summary>
    public const string TimestampAttributeProperty = "timestamp";
}
