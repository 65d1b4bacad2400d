using System.Collections.Frozen;
using System.Xml.Linq;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Formats.Text;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.CargoXml;

/// <summary>
/// XFWB (Cargo-XML waybill): one event for the master air waybill it carries, by default
/// TransportDocumentIssued at the carrier's execution time. A carrier that sends its waybills to
/// customs as the air manifest (原始舱单) maps "XFWB:740" to ManifestFiled in its profile. The
/// consignee's name, address and phone and the declared customs value go into the sealed
/// details; shipper, consignee and forwarder with a unified social credit code become parties.
/// </summary>
internal static class XfwbMapper
{
    public const string RootElement = "Waybill";

    /// <summary>Cargo-XML document type code 740: master air waybill.</summary>
    public const string MasterWaybillTypeCode = "740";

    public static FrozenDictionary<string, TradeEventType> StandardCodes { get; } = new Dictionary<string, TradeEventType>
    {
        [$"XFWB:{MasterWaybillTypeCode}"] = TradeEventType.TransportDocumentIssued,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Map(XElement root, ParseContext context, ResultBuilder result)
    {
        if (!result.CountItem())
        {
            return;
        }
        var partner = context.Partner;
        var errors = new ItemErrors(context.Limits.MaxErrorsPerItem);
        var header = XmlNav.Child(root, "MessageHeaderDocument");
        var business = XmlNav.Child(root, "BusinessHeaderDocument");
        var consignment = XmlNav.Child(root, "MasterConsignment");
        var typeCode = XmlNav.Value(header, "TypeCode") ?? MasterWaybillTypeCode;
        var draft = new EventDraft
        {
            Mode = TransportMode.Air,
            EventType = StatusCodeLookup.Resolve(partner, $"XFWB:{typeCode}", StandardCodes, XmlNav.Position(XmlNav.Child(header, "TypeCode") ?? (XObject?)header ?? root), errors),
            RecordedAt = CargoXmlValues.Time(XmlNav.Child(header, "IssueDateTime"), partner, errors),
        };
        var awb = XmlNav.Value(business, "ID") ?? XmlNav.Value(consignment, "TransportContractDocument", "ID");
        if (awb is null)
        {
            errors.Add(ParseCodes.FieldMissing, XmlNav.PositionOfMissing(root, "BusinessHeaderDocument", "ID"), "the master air waybill number, e.g. 999-12345675", "nothing");
        }
        else
        {
            draft.MasterBill = Identifiers.AirWaybill(awb);
        }
        if (consignment is null)
        {
            errors.Add(ParseCodes.FieldMissing, XmlNav.PositionOfMissing(root, "MasterConsignment"), "the MasterConsignment of the waybill", "nothing");
            result.Reject(ParseResult.WholeMessage, errors.Errors);
            return;
        }
        draft.OccurredAt = CargoXmlValues.Time(XmlNav.Path(business, "SignatoryCarrierAuthentication", "ActualDateTime"), partner, errors) ?? draft.RecordedAt;
        var origin = CargoXmlValues.Locode(XmlNav.Path(consignment, "OriginLocation", "ID"), partner, errors);
        var destination = CargoXmlValues.Locode(XmlNav.Path(consignment, "FinalDestinationLocation", "ID"), partner, errors);
        draft.Direction = CargoXmlValues.Direction(origin, destination, partner);
        draft.Port = draft.Direction == TradeDirection.Import ? destination : origin;
        var movement = XmlNav.Child(consignment, "SpecifiedLogisticsTransportMovement");
        if (XmlNav.Value(movement, "ID") is { } flight)
        {
            draft.FlightNumber = Identifiers.FlightNumber(flight);
            var scheduled = CargoXmlValues.Time(XmlNav.Path(movement, "DepartureEvent", "ScheduledOccurrenceDateTime"), partner, errors);
            draft.FlightDate = scheduled is null ? null : DateOnly.FromDateTime(scheduled.Value.DateTime);
        }
        CargoXmlValues.Party(XmlNav.Child(consignment, "ConsignorParty"), PartyRole.Shipper, draft);
        CargoXmlValues.Party(XmlNav.Child(consignment, "ConsigneeParty"), PartyRole.Consignee, draft);
        CargoXmlValues.Party(XmlNav.Child(consignment, "FreightForwarderParty"), PartyRole.Forwarder, draft);
        draft.Attribute("pieces", CargoXmlValues.Count(XmlNav.Child(consignment, "TotalPieceQuantity"), errors));
        draft.Attribute("gross_weight_kg", CargoXmlValues.WeightKg(XmlNav.Child(consignment, "IncludedTareGrossWeightMeasure"), errors));
        draft.Attribute("iata.shc", string.Join(",", XmlNav.Children(consignment, "HandlingSPHInstructions").Select(h => XmlNav.Value(h, "DescriptionCode")).OfType<string>()) is { Length: > 0 } shc ? shc : null);
        draft.Sensitive = Sensitive(consignment, errors);

        var purpose = XmlNav.Value(header, "PurposeCode") ?? "Creation";
        var messageId = XmlNav.Value(header, "ID");
        var suffix = purpose switch
        {
            "Creation" => string.Empty,
            // An update is a new report about the waybill, identified by its message.
            "Update" when messageId is not null => $":U{messageId}",
            _ => null,
        };
        if (suffix is null)
        {
            errors.Add(ParseCodes.FunctionUnsupported, XmlNav.Position(XmlNav.Child(header, "PurposeCode") ?? (XObject?)header ?? root), "PurposeCode Creation, or Update with a message ID; a deletion cannot unsay a recorded fact", ParseError.Quote(purpose));
        }
        draft.SourceReference = draft.MasterBill is null || suffix is null ? null : $"XFWB:{draft.MasterBill}{suffix}";
        var tradeEvent = draft.Build(context, errors, XmlNav.Position(root));
        result.AddOrReject(awb is null ? ParseResult.WholeMessage : $"waybill {awb}", tradeEvent, errors.Errors);
    }

    private static SensitiveDetails? Sensitive(XElement consignment, ItemErrors errors)
    {
        var consignee = XmlNav.Child(consignment, "ConsigneeParty");
        var address = XmlNav.Child(consignee, "PostalStructuredAddress");
        var addressText = string.Join(", ", new[] { "StreetName", "CityName", "PostcodeCode", "CountryID" }.Select(n => XmlNav.Value(address, n)).OfType<string>());
        var contact = XmlNav.Value(consignee, "DefinedTradeContact", "DirectTelephoneCommunication", "CompleteNumber")
            ?? XmlNav.Value(consignee, "DefinedTradeContact", "URIEmailCommunication", "URIID");
        var value = XmlNav.Child(consignment, "DeclaredValueForCustomsAmount");
        // "NCV" (no customs value) is how a waybill says there is nothing to declare.
        var declared = value is null || value.Value.Trim() == "NCV" ? null : CargoXmlValues.Decimal(value, errors);
        var details = new SensitiveDetails
        {
            DeclaredValue = declared,
            Currency = declared is null ? null : value!.Attribute("currencyID")?.Value,
            ConsigneeName = XmlNav.Value(consignee, "Name"),
            ConsigneeAddress = addressText.Length == 0 ? null : addressText,
            ConsigneeContact = contact,
        };
        return details == new SensitiveDetails() ? null : details;
    }
}
