using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Json;

/// <summary>
/// Writes events as <c>tradechain.event/1</c>, the form <see cref="CanonicalJsonParser"/> reads
/// back to an equal event: what dead-letter records carry for events the ledger refused, and what
/// <c>tradechain ingest check</c> prints. Includes member, source system and feed so a line stands
/// on its own. Sealed sensitive details have no JSON form: only events before sealing are written.
/// </summary>
public static class CanonicalJsonWriter
{
    // Non-ASCII stays readable (Chinese names, addresses) instead of \uXXXX escapes.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>A whole message: the envelope with its events.</summary>
    public static byte[] WriteMessage(IEnumerable<TradeEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("schema", CanonicalJson.SchemaV1);
            writer.WriteStartArray("events");
            foreach (var tradeEvent in events)
            {
                WriteEvent(writer, tradeEvent);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One event as one line of JSON (no envelope).</summary>
    public static string WriteEventLine(TradeEvent tradeEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteEvent(writer, tradeEvent);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteEvent(Utf8JsonWriter writer, TradeEvent tradeEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tradeEvent);
        writer.WriteStartObject();
        writer.WriteString("memberId", tradeEvent.MemberId);
        writer.WriteString("sourceSystem", tradeEvent.SourceSystem);
        writer.WriteString("sourceReference", tradeEvent.SourceReference);
        writer.WriteString("feed", tradeEvent.Feed.ToString());
        writer.WriteString("eventType", tradeEvent.EventType.ToString());
        writer.WriteString("mode", tradeEvent.Mode.ToString());
        writer.WriteString("direction", tradeEvent.Direction.ToString());
        writer.WriteString("port", tradeEvent.Port);
        WriteOptional(writer, "location", tradeEvent.Location);
        writer.WriteString("occurredAt", Timestamp(tradeEvent.OccurredAt));
        writer.WriteString("recordedAt", Timestamp(tradeEvent.RecordedAt));
        WriteReferences(writer, tradeEvent.References);
        if (tradeEvent.Parties.Count > 0)
        {
            writer.WriteStartArray("parties");
            foreach (var party in tradeEvent.Parties)
            {
                writer.WriteStartObject();
                writer.WriteString("role", party.Role.ToString());
                writer.WriteString("uscc", party.Uscc);
                WriteOptional(writer, "customsCode", party.CustomsCode);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (tradeEvent.Attributes.Count > 0)
        {
            writer.WriteStartObject("attributes");
            foreach (var (key, value) in tradeEvent.Attributes)
            {
                WriteAttribute(writer, key, value);
            }
            writer.WriteEndObject();
        }
        if (tradeEvent.Sensitive is { } sensitive)
        {
            var details = sensitive.Plaintext
                ?? throw new ArgumentException($"event {tradeEvent.SourceReference} holds sealed details, which have no canonical JSON form", nameof(tradeEvent));
            writer.WriteStartObject("sensitive");
            if (details.DeclaredValue is { } value)
            {
                writer.WriteNumber("declaredValue", value);
            }
            WriteOptional(writer, "currency", details.Currency);
            WriteOptional(writer, "consigneeName", details.ConsigneeName);
            WriteOptional(writer, "consigneeAddress", details.ConsigneeAddress);
            WriteOptional(writer, "consigneeContact", details.ConsigneeContact);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>RFC 3339 with the original offset and only the fractional digits the value has.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static void WriteReferences(Utf8JsonWriter writer, References references)
    {
        if (references.Equals(References.None))
        {
            return;
        }
        writer.WriteStartObject("references");
        WriteOptional(writer, "masterBill", references.MasterBill);
        WriteList(writer, "houseBills", references.HouseBills);
        WriteList(writer, "containers", references.Containers);
        WriteOptional(writer, "declarationNumber", references.DeclarationNumber);
        WriteOptional(writer, "bookingNumber", references.BookingNumber);
        WriteOptional(writer, "vehicleRegistration", references.VehicleRegistration);
        WriteOptional(writer, "flightNumber", references.FlightNumber);
        if (references.FlightDate is { } date)
        {
            writer.WriteString("flightDate", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        WriteOptional(writer, "vesselImo", references.VesselImo);
        WriteOptional(writer, "vesselName", references.VesselName);
        WriteOptional(writer, "voyageNumber", references.VoyageNumber);
        writer.WriteEndObject();
    }

    private static void WriteAttribute(Utf8JsonWriter writer, string key, EventAttribute value)
    {
        switch (value.Kind)
        {
            case EventAttributeKind.String:
                writer.WriteString(key, value.AsString());
                break;
            case EventAttributeKind.Int64:
                writer.WriteNumber(key, value.AsInt64());
                break;
            case EventAttributeKind.Decimal:
                // A whole decimal would print as an integer and read back as Int64: keep one fractional digit.
                var number = value.AsDecimal();
                writer.WritePropertyName(key);
                writer.WriteRawValue(number.Scale == 0
                    ? number.ToString("0.0", CultureInfo.InvariantCulture)
                    : number.ToString(CultureInfo.InvariantCulture));
                break;
            case EventAttributeKind.Bool:
                writer.WriteBoolean(key, value.AsBool());
                break;
            default:
                writer.WriteStartObject(key);
                writer.WriteString(CanonicalJson.TimestampAttributeProperty, Timestamp(value.AsTimestamp()));
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }
}
