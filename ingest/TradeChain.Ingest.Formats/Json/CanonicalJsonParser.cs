using System.Globalization;
using System.Text.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Json;

/// <summary>
/// Reads <c>tradechain.event/1</c>: <c>{"schema": "tradechain.event/1", "events": [...]}</c>.
/// Member and source system come from the partner profile and the feed from the topic; an event
/// may repeat them (as <see cref="CanonicalJsonWriter"/> does) but must then agree. Every field
/// is checked for JSON type and form here; identifier shapes are the validator's.
/// </summary>
public sealed class CanonicalJsonParser : IFeedParser
{
    public FeedFormat Format => FeedFormat.CanonicalJson;

    public ParseResult Parse(ReadOnlySpan<byte> payload, ParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var document = JsonPayload.Parse(payload, context.Limits, out var error);
        if (document is null)
        {
            return ParseResult.MessageRejected(error!);
        }
        var envelopeErrors = new ItemErrors(context.Limits.MaxErrorsPerItem);
        var envelope = JsonObjectReader.Open(document.RootElement, "$", envelopeErrors);
        var schema = envelope?.String("schema", required: true);
        if (envelope is not null && schema is not null && schema != CanonicalJson.SchemaV1)
        {
            envelopeErrors.Add(ParseCodes.JsonSchema, "$.schema", $"'{CanonicalJson.SchemaV1}'", ParseError.Quote(schema));
        }
        var events = envelope?.Array("events", required: true);
        envelope?.RejectUnknown();
        if (envelopeErrors.Any || events is null)
        {
            return new ParseResult([], [new RejectedItem(ParseResult.WholeMessage, envelopeErrors.Errors)]);
        }

        var result = new ResultBuilder(context.Limits);
        var index = 0;
        foreach (var element in events.Value.EnumerateArray())
        {
            if (!result.CountItem())
            {
                break;
            }
            var path = $"$.events[{index.ToString(CultureInfo.InvariantCulture)}]";
            var errors = new ItemErrors(context.Limits.MaxErrorsPerItem);
            var tradeEvent = ReadEvent(element, path, context, errors);
            if (tradeEvent is not null && !errors.Any)
            {
                result.AddEvent(tradeEvent);
            }
            else
            {
                result.Reject(tradeEvent is null ? path : $"{path} ({tradeEvent.SourceReference})", errors.Errors);
            }
            index++;
        }
        return result.Build("events");
    }

    private static TradeEvent? ReadEvent(JsonElement element, string path, ParseContext context, ItemErrors errors)
    {
        var reader = JsonObjectReader.Open(element, path, errors);
        if (reader is null)
        {
            return null;
        }
        var partner = context.Partner;
        RequireEqual(reader, "memberId", partner.MemberId, "the partner's member", errors);
        RequireEqual(reader, "sourceSystem", partner.SourceSystem, "the partner's source system", errors);
        var feed = reader.Enum<Feed>("feed");
        if (feed is not null && feed != context.Feed)
        {
            errors.Add(ParseCodes.FieldInvalid, reader.PathOf("feed"), $"{context.Feed}, the feed of the topic it arrived on", feed.Value.ToString());
        }
        var sourceReference = reader.String("sourceReference", required: true);
        var eventType = reader.Enum<TradeEventType>("eventType", required: true);
        var mode = reader.Enum<TransportMode>("mode", required: partner.DefaultMode is null) ?? partner.DefaultMode;
        var direction = reader.Enum<TradeDirection>("direction", required: partner.DefaultDirection is null) ?? partner.DefaultDirection;
        var port = reader.String("port", required: partner.DefaultPort is null) ?? partner.DefaultPort;
        var location = reader.String("location");
        var occurredAt = reader.Timestamp("occurredAt", required: true);
        var recordedAt = reader.Timestamp("recordedAt") ?? context.ReceivedAt;
        var references = ReadReferences(reader.Object("references"));
        var parties = ReadParties(reader, errors);
        var attributes = ReadAttributes(reader, errors);
        var sensitive = ReadSensitive(reader.Object("sensitive"));
        reader.RejectUnknown();

        if (sourceReference is null || eventType is null || mode is null || direction is null || port is null || occurredAt is null)
        {
            return null;
        }
        return new TradeEvent
        {
            MemberId = partner.MemberId,
            SourceSystem = partner.SourceSystem,
            SourceReference = sourceReference,
            Feed = context.Feed,
            Mode = mode.Value,
            Direction = direction.Value,
            Port = port,
            Location = location,
            EventType = eventType.Value,
            OccurredAt = occurredAt.Value,
            RecordedAt = recordedAt,
            References = references,
            Parties = parties,
            Attributes = attributes,
            Sensitive = sensitive,
        };
    }

    private static void RequireEqual(JsonObjectReader reader, string name, string expected, string what, ItemErrors errors)
    {
        var value = reader.String(name);
        if (value is not null && value != expected)
        {
            errors.Add(ParseCodes.FieldInvalid, reader.PathOf(name), $"'{expected}', {what}, or no value", ParseError.Quote(value));
        }
    }

    private static References ReadReferences(JsonObjectReader? reader)
    {
        if (reader is null)
        {
            return References.None;
        }
        var references = new References
        {
            MasterBill = reader.String("masterBill"),
            HouseBills = new EquatableList<string>(reader.StringArray("houseBills")),
            Containers = new EquatableList<string>(reader.StringArray("containers")),
            DeclarationNumber = reader.String("declarationNumber"),
            BookingNumber = reader.String("bookingNumber"),
            VehicleRegistration = reader.String("vehicleRegistration"),
            FlightNumber = reader.String("flightNumber"),
            FlightDate = reader.Date("flightDate"),
            VesselImo = reader.String("vesselImo"),
            VesselName = reader.String("vesselName"),
            VoyageNumber = reader.String("voyageNumber"),
        };
        reader.RejectUnknown();
        return references;
    }

    private static EquatableList<Party> ReadParties(JsonObjectReader reader, ItemErrors errors)
    {
        if (reader.Array("parties") is not { } array)
        {
            return EquatableList<Party>.Empty;
        }
        var parties = new List<Party>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var party = JsonObjectReader.Open(element, $"{reader.PathOf("parties")}[{index.ToString(CultureInfo.InvariantCulture)}]", errors);
            if (party is not null)
            {
                var role = party.Enum<PartyRole>("role", required: true);
                var uscc = party.String("uscc", required: true);
                var customsCode = party.String("customsCode");
                party.RejectUnknown();
                if (role is not null && uscc is not null)
                {
                    parties.Add(new Party(role.Value, uscc, customsCode));
                }
            }
            index++;
        }
        return new EquatableList<Party>(parties);
    }

    private static EventAttributes ReadAttributes(JsonObjectReader reader, ItemErrors errors)
    {
        if (reader.Property("attributes", required: false) is not { } element)
        {
            return EventAttributes.Empty;
        }
        var path = reader.PathOf("attributes");
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(ParseCodes.FieldInvalid, path, "an object of attributes", JsonObjectReader.Describe(element));
            return EventAttributes.Empty;
        }
        var entries = new List<KeyValuePair<string, EventAttribute>>();
        foreach (var property in element.EnumerateObject())
        {
            var value = ReadAttribute(property.Value, $"{path}.{property.Name}", errors);
            if (value is not null)
            {
                entries.Add(KeyValuePair.Create(property.Name, value));
            }
        }
        return new EventAttributes(entries);
    }

    /// <summary>
    /// An attribute's type follows from its JSON: string, boolean, integer (no fraction or exponent:
    /// Int64), other number (decimal), or <c>{"timestamp": "…"}</c>.
    /// </summary>
    private static EventAttribute? ReadAttribute(JsonElement value, string path, ItemErrors errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return EventAttribute.Of(value.GetString()!);
            case JsonValueKind.True or JsonValueKind.False:
                return EventAttribute.Of(value.GetBoolean());
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (raw.AsSpan().IndexOfAny(".eE") < 0)
                {
                    if (value.TryGetInt64(out var integer))
                    {
                        return EventAttribute.Of(integer);
                    }
                    errors.Add(ParseCodes.NumberInvalid, path, "an integer within the 64-bit range", ParseError.Quote(raw));
                    return null;
                }
                if (value.TryGetDecimal(out var number))
                {
                    return EventAttribute.Of(number);
                }
                errors.Add(ParseCodes.NumberInvalid, path, "a decimal number within ±7.9e28", ParseError.Quote(raw));
                return null;
            case JsonValueKind.Object:
                var reader = JsonObjectReader.Open(value, path, errors)!;
                var timestamp = reader.Timestamp(CanonicalJson.TimestampAttributeProperty, required: true);
                reader.RejectUnknown();
                return timestamp is null ? null : EventAttribute.Of(timestamp.Value);
            default:
                errors.Add(ParseCodes.FieldInvalid, path, "a string, number, boolean or {\"timestamp\": …}", JsonObjectReader.Describe(value));
                return null;
        }
    }

    private static SensitivePart? ReadSensitive(JsonObjectReader? reader)
    {
        if (reader is null)
        {
            return null;
        }
        var details = new SensitiveDetails
        {
            DeclaredValue = reader.Decimal("declaredValue"),
            Currency = reader.String("currency"),
            ConsigneeName = reader.String("consigneeName"),
            ConsigneeAddress = reader.String("consigneeAddress"),
            ConsigneeContact = reader.String("consigneeContact"),
        };
        reader.RejectUnknown();
        return SensitivePart.FromPlaintext(details);
    }
}
