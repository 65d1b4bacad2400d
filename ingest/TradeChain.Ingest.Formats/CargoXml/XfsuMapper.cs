using System.Collections.Frozen;
using System.Globalization;
using System.Xml.Linq;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Text;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.CargoXml;

/// <summary>
/// XFSU (Cargo-XML status message): one event per ReportedStatus, typed by its IATA status code
/// (RCS, MAN, DEP, ARR, RCF, NFD, CCD, DLV … as <see cref="EventTypeCodes"/> maps them). The time
/// and place come from the status's transport movement: the departure event for DEP, the arrival
/// event for ARR, the specified event and location for the others. A time typed other than
/// actual ("A") is refused: a scheduled departure is not a departure.
/// </summary>
internal static class XfsuMapper
{
    public const string RootElement = "StatusMessage";

    /// <summary>"XFSU:RCS" → Received …, from the taxonomy's IATA column.</summary>
    public static FrozenDictionary<string, TradeEventType> StandardCodes { get; } = Enum.GetValues<TradeEventType>()
        .Where(t => EventTypeCodes.Iata(t) is not null)
        .ToFrozenDictionary(t => $"XFSU:{EventTypeCodes.Iata(t)}", t => t, StringComparer.Ordinal);

    public static void Map(XElement root, ParseContext context, ResultBuilder result)
    {
        var partner = context.Partner;
        var messageErrors = new ItemErrors(context.Limits.MaxErrorsPerItem);
        var recordedAt = CargoXmlValues.Time(XmlNav.Path(root, "MessageHeaderDocument", "IssueDateTime"), partner, messageErrors);
        var consignment = XmlNav.Child(root, "MasterConsignment");
        var awb = XmlNav.Value(consignment, "TransportContractDocument", "ID");
        if (consignment is null)
        {
            messageErrors.Add(ParseCodes.FieldMissing, XmlNav.PositionOfMissing(root, "MasterConsignment"), "the MasterConsignment the statuses are about", "nothing");
        }
        else if (awb is null)
        {
            messageErrors.Add(ParseCodes.FieldMissing, XmlNav.PositionOfMissing(consignment, "TransportContractDocument", "ID"), "the master air waybill number, e.g. 999-12345675", "nothing");
        }
        var statuses = XmlNav.Children(consignment, "ReportedStatus").ToList();
        if (consignment is not null && statuses.Count == 0)
        {
            messageErrors.Add(ParseCodes.FieldMissing, XmlNav.PositionOfMissing(consignment, "ReportedStatus"), "at least one ReportedStatus", "none");
        }
        var origin = CargoXmlValues.Locode(XmlNav.Path(consignment, "OriginLocation", "ID"), partner, messageErrors);
        var destination = CargoXmlValues.Locode(XmlNav.Path(consignment, "FinalDestinationLocation", "ID"), partner, messageErrors);
        if (messageErrors.Any || consignment is null || awb is null)
        {
            result.Reject(ParseResult.WholeMessage, messageErrors.Errors);
            return;
        }
        var masterBill = Identifiers.AirWaybill(awb);
        for (var k = 0; k < statuses.Count; k++)
        {
            if (!result.CountItem())
            {
                return;
            }
            var status = statuses[k];
            var errors = new ItemErrors(context.Limits.MaxErrorsPerItem);
            var code = XmlNav.Value(status, "ReasonCode");
            var draft = new EventDraft
            {
                Mode = TransportMode.Air,
                Direction = CargoXmlValues.Direction(origin, destination, partner),
                RecordedAt = recordedAt,
                MasterBill = masterBill,
            };
            if (code is null)
            {
                errors.Add(ParseCodes.FieldMissing, XmlNav.PositionOfMissing(status, "ReasonCode"), "the IATA status code, e.g. DEP", "nothing");
            }
            else
            {
                draft.EventType = Profiles.StatusCodeLookup.Resolve(partner, $"XFSU:{code}", StandardCodes, XmlNav.Position(XmlNav.Child(status, "ReasonCode")!), errors);
            }
            var shipment = XmlNav.Child(status, "AssociatedStatusConsignment");
            var movement = XmlNav.Child(shipment, "SpecifiedLogisticsTransportMovement");
            ReadTimeAndPlace(code, movement, draft, partner, errors);
            if (XmlNav.Value(movement, "ID") is { } flight)
            {
                draft.FlightNumber = Identifiers.FlightNumber(flight);
                var scheduled = CargoXmlValues.Time(XmlNav.Path(movement, "DepartureEvent", "ScheduledOccurrenceDateTime"), partner, errors);
                draft.FlightDate = scheduled is { } s ? DateOnly.FromDateTime(s.DateTime)
                    : code == "DEP" && draft.OccurredAt is { } departed ? DateOnly.FromDateTime(departed.DateTime)
                    : null;
            }
            draft.Attribute("pieces", CargoXmlValues.Count(XmlNav.Child(shipment, "PieceQuantity"), errors));
            draft.Attribute("gross_weight_kg", CargoXmlValues.WeightKg(XmlNav.Child(shipment, "GrossWeightMeasure"), errors));
            draft.Attribute("iata.split", XmlNav.Value(shipment, "TransportSplitDescription"));
            draft.Attribute("iata.discrepancy", XmlNav.Value(shipment, "DiscrepancyDescriptionCode"));
            if (draft.OccurredAt is null && !errors.Any)
            {
                errors.Add(ParseCodes.FieldMissing, XmlNav.PositionOfMissing(status, "AssociatedStatusConsignment", "SpecifiedLogisticsTransportMovement"), code == "DEP" ? "DepartureEvent/DepartureOccurrenceDateTime" : code == "ARR" ? "ArrivalEvent/ArrivalOccurrenceDateTime" : "SpecifiedEvent/OccurrenceDateTime", "nothing");
            }
            // A status is the same fact whenever it is resent: waybill, code, minute and place identify it.
            draft.SourceReference = draft.OccurredAt is { } at
                ? $"XFSU:{masterBill}:{code}:{at.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}:{draft.Port ?? "-"}{(draft.FlightNumber is null ? string.Empty : $":{draft.FlightNumber}")}"
                : null;
            var tradeEvent = draft.Build(context, errors, XmlNav.Position(status));
            var item = $"ReportedStatus {(k + 1).ToString(CultureInfo.InvariantCulture)} {code}";
            result.AddOrReject(item, tradeEvent, errors.Errors);
        }
    }

    private static void ReadTimeAndPlace(string? code, XElement? movement, EventDraft draft, Profiles.PartnerProfile partner, ItemErrors errors)
    {
        var (eventName, timeName, typeName, locationName) = code switch
        {
            "DEP" => ("DepartureEvent", "DepartureOccurrenceDateTime", "DepartureDateTimeTypeCode", "OccurrenceDepartureLocation"),
            "ARR" => ("ArrivalEvent", "ArrivalOccurrenceDateTime", "ArrivalDateTimeTypeCode", "OccurrenceArrivalLocation"),
            _ => ("SpecifiedEvent", "OccurrenceDateTime", "DateTimeTypeCode", null),
        };
        var occurrence = XmlNav.Child(movement, eventName);
        var timeType = XmlNav.Child(occurrence, typeName);
        if (timeType is not null && timeType.Value.Trim() is { Length: > 0 } type && type != "A")
        {
            errors.Add(ParseCodes.FieldInvalid, XmlNav.Position(timeType), "an actual time (type code A): the ledger records what happened, not what is scheduled or estimated", ParseError.Quote(type));
        }
        draft.OccurredAt = CargoXmlValues.Time(XmlNav.Child(occurrence, timeName), partner, errors);
        var place = locationName is null ? XmlNav.Path(movement, "SpecifiedLocation", "ID") : XmlNav.Path(occurrence, locationName, "ID");
        draft.Port = CargoXmlValues.Locode(place, partner, errors);
        draft.Location = locationName is null ? XmlNav.Value(movement, "SpecifiedLocation", "Name") : null;
    }
}
