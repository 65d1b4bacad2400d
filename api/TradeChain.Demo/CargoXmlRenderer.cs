using System.Globalization;
using System.Xml.Linq;
using TradeChain.Trade.Events;

namespace TradeChain.Demo;

/// <summary>
/// Writes an air cargo terminal's messages as the terminal sends them, airports by their IATA
/// codes: a status as an IATA Cargo-XML status message (XFSU, <c>iata:statusmessage:1</c>) with one
/// ReportedStatus, a master air waybill as XFWB (<c>iata:waybill:1</c>, type 740), which the
/// terminal files as the air manifest.
/// </summary>
public static class CargoXmlRenderer
{
    private static readonly XNamespace Rsm = "iata:statusmessage:1";
    private static readonly XNamespace WaybillRsm = "iata:waybill:1";
    private static readonly XNamespace Ram = "iata:datamodel:3";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>IATA airport codes the terminal writes, and the UN/LOCODEs its profile maps them to.</summary>
    public static IReadOnlyDictionary<string, string> LocationCodes { get; } = new Dictionary<string, string> { ["PEK"] = "CNPEK", ["FRA"] = "DEFRA" };

    public static bool CanRenderXfsu(TradeEvent e) =>
        e.Mode == TransportMode.Air && e.Port == "CNPEK" && e.References.MasterBill is not null && EventTypeCodes.Iata(e.EventType) is not null
        && e.Feed == Feed.TransportMovement && e.Direction is TradeDirection.Import or TradeDirection.Export;

    public static byte[] Xfsu(TradeEvent e, int serial)
    {
        var code = EventTypeCodes.Iata(e.EventType)!;
        var (origin, destination) = e.Direction == TradeDirection.Export ? ("PEK", "FRA") : ("FRA", "PEK");
        var movement = new XElement(Ram + "SpecifiedLogisticsTransportMovement");
        if (e.References.FlightNumber is { } flight)
        {
            movement.Add(new XElement(Ram + "ID", flight));
        }
        var at = Time(e.OccurredAt);
        switch (code)
        {
            case "DEP":
                movement.Add(new XElement(Ram + "DepartureEvent",
                    new XElement(Ram + "DepartureOccurrenceDateTime", at),
                    new XElement(Ram + "DepartureDateTimeTypeCode", "A"),
                    new XElement(Ram + "OccurrenceDepartureLocation", new XElement(Ram + "ID", "PEK"))));
                break;
            case "ARR":
                if (e.References.FlightDate is { } date)
                {
                    movement.Add(new XElement(Ram + "DepartureEvent", new XElement(Ram + "ScheduledOccurrenceDateTime", Time(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), China)))));
                }
                movement.Add(new XElement(Ram + "ArrivalEvent",
                    new XElement(Ram + "ArrivalOccurrenceDateTime", at),
                    new XElement(Ram + "ArrivalDateTimeTypeCode", "A"),
                    new XElement(Ram + "OccurrenceArrivalLocation", new XElement(Ram + "ID", "PEK"))));
                break;
            default:
                if (e.References.FlightDate is { } day)
                {
                    movement.Add(new XElement(Ram + "DepartureEvent", new XElement(Ram + "ScheduledOccurrenceDateTime", Time(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), China)))));
                }
                var location = new XElement(Ram + "SpecifiedLocation", new XElement(Ram + "ID", "PEK"));
                if (e.Location is { } name)
                {
                    location.Add(new XElement(Ram + "Name", name));
                }
                movement.Add(location, new XElement(Ram + "SpecifiedEvent", new XElement(Ram + "OccurrenceDateTime", at), new XElement(Ram + "DateTimeTypeCode", "A")));
                break;
        }
        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(Rsm + "StatusMessage",
                new XAttribute(XNamespace.Xmlns + "rsm", Rsm.NamespaceName),
                new XAttribute(XNamespace.Xmlns + "ram", Ram.NamespaceName),
                new XElement(Rsm + "MessageHeaderDocument",
                    new XElement(Ram + "ID", $"BGS-FSU-{e.RecordedAt.ToOffset(China):yyyyMMdd}-{serial:D6}"),
                    new XElement(Ram + "Name", "Status Message"),
                    new XElement(Ram + "TypeCode", "FSU"),
                    new XElement(Ram + "IssueDateTime", Time(e.RecordedAt)),
                    new XElement(Ram + "PurposeCode", "Creation"),
                    new XElement(Ram + "VersionID", "3.00")),
                new XElement(Rsm + "BusinessHeaderDocument", new XElement(Ram + "ID", e.References.MasterBill)),
                new XElement(Rsm + "MasterConsignment",
                    new XElement(Ram + "TransportContractDocument", new XElement(Ram + "ID", e.References.MasterBill)),
                    new XElement(Ram + "OriginLocation", new XElement(Ram + "ID", origin)),
                    new XElement(Ram + "FinalDestinationLocation", new XElement(Ram + "ID", destination)),
                    new XElement(Ram + "ReportedStatus",
                        new XElement(Ram + "ReasonCode", code),
                        new XElement(Ram + "AssociatedStatusConsignment", movement)))));
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    public static bool CanRenderXfwb(TradeEvent e) =>
        e.Mode == TransportMode.Air && e.Port == "CNPEK" && e.Feed == Feed.Manifest && e.EventType == TradeEventType.ManifestFiled
        && e.References.MasterBill is not null && e.Direction is TradeDirection.Import or TradeDirection.Export;

    /// <summary>The partner profile's mapping that makes the terminal's waybills its manifest filings (原始舱单).</summary>
    public const string XfwbManifestCode = "XFWB:740";

    public static byte[] Xfwb(TradeEvent e, int serial)
    {
        var (origin, destination) = e.Direction == TradeDirection.Export ? ("PEK", "FRA") : ("FRA", "PEK");
        var consignment = new XElement(Ram + "MasterConsignment");
        if (e.Attributes.TryGetValue("gross_weight_kg", out var weight))
        {
            consignment.Add(new XElement(Ram + "IncludedTareGrossWeightMeasure", new XAttribute("unitCode", "KGM"), weight.AsDecimal().ToString(CultureInfo.InvariantCulture)));
        }
        if (e.Attributes.TryGetValue("pieces", out var pieces))
        {
            consignment.Add(new XElement(Ram + "TotalPieceQuantity", pieces.AsInt64().ToString(CultureInfo.InvariantCulture)));
        }
        foreach (var (role, element) in new[] { (PartyRole.Shipper, "ConsignorParty"), (PartyRole.Consignee, "ConsigneeParty"), (PartyRole.Forwarder, "FreightForwarderParty") })
        {
            if (e.Parties.FirstOrDefault(p => p.Role == role) is { } party)
            {
                consignment.Add(new XElement(Ram + element, new XElement(Ram + "PrimaryID", new XAttribute("schemeAgencyID", "USCC"), party.Uscc)));
            }
        }
        consignment.Add(new XElement(Ram + "OriginLocation", new XElement(Ram + "ID", origin)), new XElement(Ram + "FinalDestinationLocation", new XElement(Ram + "ID", destination)));
        if (e.References.FlightNumber is { } flight)
        {
            var movement = new XElement(Ram + "SpecifiedLogisticsTransportMovement", new XElement(Ram + "StageCode", "Main-Carriage"), new XElement(Ram + "ModeCode", "4"), new XElement(Ram + "ID", flight));
            if (e.References.FlightDate is { } date)
            {
                movement.Add(new XElement(Ram + "DepartureEvent", new XElement(Ram + "ScheduledOccurrenceDateTime", Time(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), China)))));
            }
            consignment.Add(movement);
        }
        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(WaybillRsm + "Waybill",
                new XAttribute(XNamespace.Xmlns + "rsm", WaybillRsm.NamespaceName),
                new XAttribute(XNamespace.Xmlns + "ram", Ram.NamespaceName),
                new XElement(WaybillRsm + "MessageHeaderDocument",
                    new XElement(Ram + "ID", $"BGS-FWB-{e.RecordedAt.ToOffset(China):yyyyMMdd}-{serial:D6}"),
                    new XElement(Ram + "Name", "Master Air Waybill"),
                    new XElement(Ram + "TypeCode", "740"),
                    new XElement(Ram + "IssueDateTime", Time(e.RecordedAt)),
                    new XElement(Ram + "PurposeCode", "Creation"),
                    new XElement(Ram + "VersionID", "3.00")),
                new XElement(WaybillRsm + "BusinessHeaderDocument",
                    new XElement(Ram + "ID", e.References.MasterBill),
                    new XElement(Ram + "SignatoryCarrierAuthentication",
                        new XElement(Ram + "ActualDateTime", Time(e.OccurredAt)),
                        new XElement(Ram + "Signatory", "BGS CARGO TERMINAL"))),
                consignment));
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private static string Time(DateTimeOffset value) => value.ToOffset(China).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
