using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Formats.Text;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Dcsa;

/// <summary>
/// DCSA Track &amp; Trace 2.2 events, as <c>GET /events</c> returns them (a JSON array; a single
/// event object is accepted too). TRANSPORT, EQUIPMENT and SHIPMENT events map through
/// <see cref="EventTypeCodes.FromDcsa"/>; the DCSA eventID is the source reference.
/// <para>
/// Only actual events (eventClassifierCode ACT) are accepted. Planned and estimated events (PLN,
/// EST) are rejected with <see cref="ParseCodes.DcsaNotActual"/>: the ledger is a record of what
/// happened, and a TradeEvent has no "expected" flag — recorded as attributes of a made-up fact,
/// an ETA would still advance the contract's shipment status and skew the clearance-time KPIs
/// that are measured from event times. The rejection is explicit (dead-lettered with the reason),
/// never a silent drop, and the partner can stop sending estimates to this feed.
/// </para>
/// </summary>
public sealed class DcsaEventParser : IFeedParser
{
    public const string ActualClassifier = "ACT";

    /// <summary>"DCSA:EQUIPMENT/GTIN" → GateIn …, from the taxonomy's DCSA column.</summary>
    public static FrozenDictionary<string, TradeEventType> StandardCodes { get; } = Enum.GetValues<TradeEventType>()
        .Where(t => EventTypeCodes.Dcsa(t) is not null)
        .ToFrozenDictionary(t => $"DCSA:{EventTypeCodes.Dcsa(t)}", t => t, StringComparer.Ordinal);

    public FeedFormat Format => FeedFormat.DcsaTrackAndTrace;

    public ParseResult Parse(ReadOnlySpan<byte> payload, ParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var document = JsonPayload.Parse(payload, context.Limits, out var error);
        if (document is null)
        {
            return ParseResult.MessageRejected(error!);
        }
        var root = document.RootElement;
        if (root.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            return ParseResult.MessageRejected(new ParseError(ParseCodes.FieldInvalid, "$", "an array of DCSA events (or one event object)", JsonObjectReader.Describe(root)));
        }
        var result = new ResultBuilder(context.Limits);
        var elements = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            if (!result.CountItem())
            {
                break;
            }
            var path = root.ValueKind == JsonValueKind.Array ? $"$[{i.ToString(CultureInfo.InvariantCulture)}]" : "$";
            var errors = new ItemErrors(context.Limits.MaxErrorsPerItem);
            var draft = ReadEvent(elements[i], path, context, errors);
            var item = draft?.SourceReference is { } reference ? $"{path} ({reference})" : path;
            if (draft?.SourceReference is { } id && !seen.Add(id))
            {
                result.Reject(item, new ParseError(ParseCodes.ItemDuplicate, $"{path}.eventID", "each eventID once per message", "a repeated eventID"));
                continue;
            }
            var tradeEvent = draft?.Build(context, errors, path);
            if (tradeEvent is null)
            {
                result.Reject(item, errors.Errors);
            }
            else
            {
                result.AddEvent(tradeEvent);
            }
        }
        return result.Build("events");
    }

    private static EventDraft? ReadEvent(JsonElement element, string path, ParseContext context, ItemErrors errors)
    {
        var reader = JsonObjectReader.Open(element, path, errors);
        if (reader is null)
        {
            return null;
        }
        var partner = context.Partner;
        var eventId = reader.String("eventID", required: true);
        var eventType = reader.String("eventType", required: true);
        var classifier = reader.String("eventClassifierCode", required: true);
        var draft = new EventDraft
        {
            SourceReference = eventId is null ? null : $"DCSA:{eventId}",
            Mode = TransportMode.Sea,
            OccurredAt = reader.Timestamp("eventDateTime", required: true),
            RecordedAt = reader.Timestamp("eventCreatedDateTime"),
        };
        if (classifier is not null && classifier != ActualClassifier)
        {
            errors.Add(ParseCodes.DcsaNotActual, reader.PathOf("eventClassifierCode"), "ACT (actual): the ledger records facts, not plans (PLN) or estimates (EST)", ParseError.Quote(classifier));
        }
        string? code = eventType switch
        {
            DcsaCode.Transport => reader.String("transportEventTypeCode", required: true),
            DcsaCode.Equipment => reader.String("equipmentEventTypeCode", required: true),
            DcsaCode.Shipment => reader.String("shipmentEventTypeCode", required: true),
            null => null,
            _ => Unknown(reader, errors, eventType),
        };
        if (code is not null && eventType is not null)
        {
            var document = eventType == DcsaCode.Shipment ? reader.String("documentTypeCode", required: true) : null;
            var key = $"DCSA:{new DcsaCode(eventType, code, document)}";
            draft.EventType = StatusCodeLookup.Resolve(partner, key, StandardCodes, reader.PathOf(eventType == DcsaCode.Shipment ? "shipmentEventTypeCode" : eventType == DcsaCode.Transport ? "transportEventTypeCode" : "equipmentEventTypeCode"), errors);
            if (eventType == DcsaCode.Shipment && reader.String("documentID") is { } documentId)
            {
                ReadDocument(document, documentId, draft);
            }
        }
        if (reader.String("equipmentReference") is { } container)
        {
            draft.AddContainer(Identifiers.Container(container));
        }
        draft.Attribute("iso_size_type", reader.String("ISOEquipmentCode"));
        draft.Attribute("full_empty", reader.String("emptyIndicatorCode")?.ToLowerInvariant() switch
        {
            "laden" => "full",
            "empty" => "empty",
            _ => null,
        });
        draft.Attribute("delay_reason", reader.String("delayReasonCode"));
        ReadDocumentReferences(reader, draft, errors);
        ReadSeals(reader, draft, errors);
        var location = reader.Object("eventLocation");
        if (location is not null)
        {
            draft.Port = Locode(location.String("UNLocationCode"), location.PathOf("UNLocationCode"), partner, errors);
            draft.Location = location.String("locationName") ?? location.String("facilityCode");
        }
        ReadTransportCall(reader.Object("transportCall"), draft, partner, errors);
        // Closed as far as this parser reads: DCSA adds optional fields across minor versions, so unknown properties are accepted here.
        return draft;
    }

    private static string? Unknown(JsonObjectReader reader, ItemErrors errors, string eventType)
    {
        errors.Add(ParseCodes.FieldInvalid, reader.PathOf("eventType"), $"{DcsaCode.Transport}, {DcsaCode.Equipment} or {DcsaCode.Shipment}", ParseError.Quote(eventType));
        return null;
    }

    private static void ReadDocument(string? documentType, string documentId, EventDraft draft)
    {
        switch (documentType)
        {
            case "TRD":
                draft.MasterBill ??= documentId.ToUpperInvariant();
                break;
            case "BKG":
                draft.BookingNumber ??= documentId;
                break;
            default:
                draft.Attribute($"dcsa.document.{documentType?.ToLowerInvariant() ?? "unknown"}", documentId);
                break;
        }
    }

    private static void ReadDocumentReferences(JsonObjectReader reader, EventDraft draft, ItemErrors errors)
    {
        if (reader.Array("documentReferences") is not { } references)
        {
            return;
        }
        var index = 0;
        foreach (var element in references.EnumerateArray())
        {
            var reference = JsonObjectReader.Open(element, $"{reader.PathOf("documentReferences")}[{index.ToString(CultureInfo.InvariantCulture)}]", errors);
            var type = reference?.String("documentReferenceType", required: true);
            var value = reference?.String("documentReferenceValue", required: true);
            if (type is not null && value is not null)
            {
                ReadDocument(type, value, draft);
            }
            index++;
        }
    }

    private static void ReadSeals(JsonObjectReader reader, EventDraft draft, ItemErrors errors)
    {
        if (reader.Array("seals") is not { } seals)
        {
            return;
        }
        var numbers = new List<string>();
        var index = 0;
        foreach (var element in seals.EnumerateArray())
        {
            if (JsonObjectReader.Open(element, $"{reader.PathOf("seals")}[{index.ToString(CultureInfo.InvariantCulture)}]", errors)?.String("sealNumber", required: true) is { } number)
            {
                numbers.Add(number);
            }
            index++;
        }
        draft.Attribute("seals", numbers.Count == 0 ? null : string.Join(",", numbers));
    }

    private static void ReadTransportCall(JsonObjectReader? call, EventDraft draft, PartnerProfile partner, ItemErrors errors)
    {
        if (call is null)
        {
            return;
        }
        draft.Port ??= Locode(call.String("UNLocationCode"), call.PathOf("UNLocationCode"), partner, errors);
        var callLocation = call.Object("location");
        if (callLocation is not null)
        {
            draft.Port ??= Locode(callLocation.String("UNLocationCode"), callLocation.PathOf("UNLocationCode"), partner, errors);
            draft.Location ??= callLocation.String("locationName");
        }
        draft.Location ??= call.String("facilityCode");
        var exportVoyage = call.String("exportVoyageNumber");
        var importVoyage = call.String("importVoyageNumber");
        draft.VoyageNumber = (draft.Direction ?? partner.DefaultDirection) == TradeDirection.Import ? importVoyage ?? exportVoyage : exportVoyage ?? importVoyage;
        draft.Attribute("service_code", call.String("carrierServiceCode"));
        var vessel = call.Object("vessel");
        if (vessel is not null)
        {
            draft.VesselImo = vessel.String("vesselIMONumber") is { } imo ? Identifiers.VesselImo(imo) : null;
            draft.VesselName = vessel.String("vesselName");
        }
    }

    private static string? Locode(string? code, string path, PartnerProfile partner, ItemErrors errors)
    {
        if (code is null)
        {
            return null;
        }
        var locode = partner.Locode(code);
        if (locode is null)
        {
            errors.Add(ParseCodes.LocationUnmapped, path, "a UN/LOCODE, e.g. CNTSN", ParseError.Quote(code));
        }
        return locode;
    }
}
