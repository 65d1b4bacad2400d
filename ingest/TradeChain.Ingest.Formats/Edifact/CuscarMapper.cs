using System.Collections.Frozen;
using System.Globalization;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Text;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>
/// CUSCAR, the customs cargo report (舱单): one manifest event per consignment (CNI), carrying
/// its bill of lading (CNI 1004 or RFF+BM), house bills (RFF+BH), containers (EQD), shipper and
/// consignee (NAD; the consignee's name and address as sealed details), packages (GID) and gross
/// weight (MEA), and the message's conveyance (TDT+20: vessel and voyage, or flight for air).
/// BGM 785 (cargo manifest) with function 9 files it; a replacement (5) or change (4) amends it.
/// The direction follows from the places: discharge (LOC+11) in the home country is an import,
/// loading (LOC+9) there an export.
/// </summary>
public sealed class CuscarMapper : IEdifactMessageMapper
{
    public static FrozenDictionary<string, TradeEventType> StandardCodes { get; } = new Dictionary<string, TradeEventType>
    {
        ["CUSCAR:785"] = TradeEventType.ManifestFiled,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public string MessageType => "CUSCAR";

    public void Map(EdifactMessage message, EdifactInterchange interchange, ParseContext context, ResultBuilder result)
    {
        var partner = context.Partner;
        var messageErrors = new ItemErrors(context.Limits.MaxErrorsPerItem);
        var (bgm, suffix, eventType) = EdifactMapping.ReadDocument(message, interchange, partner, MessageType, StandardCodes, messageErrors);
        if (eventType == TradeEventType.ManifestFiled && bgm!.Function != EdifactMapping.FunctionOriginal)
        {
            eventType = TradeEventType.ManifestAmended;
        }
        var (header, groups) = EdifactMapping.Groups(message.Segments.Skip(1).ToArray(), "CNI", "CNT");
        if (groups.Count == 0)
        {
            messageErrors.Add(ParseCodes.FieldMissing, message.Header.Where, "at least one consignment (CNI) in the cargo report", "none");
        }
        var conveyance = new EventDraft();
        ReadHeader(header, conveyance, context, messageErrors);
        if (messageErrors.Any || bgm is null || suffix is null || eventType is null)
        {
            result.Reject(message.Name, messageErrors.Errors);
            return;
        }

        for (var i = 0; i < groups.Count; i++)
        {
            if (!result.CountItem())
            {
                return;
            }
            var group = groups[i];
            var cni = group[0];
            var errors = new ItemErrors(context.Limits.MaxErrorsPerItem);
            var draft = new EventDraft
            {
                EventType = eventType,
                Mode = conveyance.Mode,
                Direction = conveyance.Direction,
                Port = conveyance.Port,
                Location = conveyance.Location,
                OccurredAt = conveyance.OccurredAt,
                RecordedAt = conveyance.RecordedAt,
                VesselImo = conveyance.VesselImo,
                VesselName = conveyance.VesselName,
                VoyageNumber = conveyance.VoyageNumber,
                FlightNumber = conveyance.FlightNumber,
                FlightDate = conveyance.FlightDate,
            };
            var bill = cni.Value(2, 1).Trim();
            if (bill.Length > 0)
            {
                draft.MasterBill = draft.Mode == TransportMode.Air ? Identifiers.AirWaybill(bill) : bill.ToUpperInvariant();
            }
            long packages = 0;
            decimal? weight = null;
            foreach (var segment in group.Skip(1))
            {
                switch (segment.Tag)
                {
                    case "RFF":
                        EdifactMapping.ReadReference(segment, draft, draft.Mode);
                        break;
                    case "NAD":
                        EdifactMapping.ReadParty(segment, draft);
                        if (segment.Value(1) == "CN")
                        {
                            draft.Sensitive = EdifactMapping.ReadConsigneeDetails(segment);
                        }
                        break;
                    case "GID" when long.TryParse(segment.Value(2, 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count):
                        packages += count;
                        break;
                    case "MEA" when segment.Value(2, 1) == "G" && segment.Value(3, 1) == "KGM":
                        var measured = EdifactMapping.Decimal(segment.Value(3, 2), interchange.Syntax);
                        if (measured is null)
                        {
                            errors.Add(ParseCodes.NumberInvalid, segment.Position(3, 2), "a gross weight in kilograms", ParseError.Quote(segment.Value(3, 2)));
                        }
                        weight = (weight ?? 0) + (measured ?? 0);
                        break;
                    case "EQD" when segment.Value(1) == "CN":
                        draft.AddContainer(Identifiers.Container(segment.Value(2, 1)));
                        break;
                }
            }
            draft.Attribute("packages", packages == 0 ? null : packages);
            draft.Attribute("gross_weight_kg", weight);
            if (draft.MasterBill is null)
            {
                errors.Add(ParseCodes.FieldMissing, cni.Position(2, 1), "the bill of lading number (CNI 1004 or RFF+BM)", "nothing");
            }
            draft.SourceReference = $"CUSCAR:{bgm.DocumentNumber}:{draft.MasterBill}{suffix}";
            var tradeEvent = draft.Build(context, errors, cni.Where);
            var item = $"{message.Name}, CNI {(i + 1).ToString(CultureInfo.InvariantCulture)} {draft.MasterBill}";
            result.AddOrReject(item, tradeEvent, errors.Errors);
        }
    }

    private static void ReadHeader(IReadOnlyList<EdifactSegment> header, EventDraft conveyance, ParseContext context, ItemErrors errors)
    {
        var partner = context.Partner;
        string? loading = null, discharge = null, other = null;
        foreach (var segment in header)
        {
            switch (segment.Tag)
            {
                case "TDT" when segment.Value(1) == "20":
                    EdifactMapping.ReadMainCarriage(segment, conveyance);
                    break;
                case "LOC":
                    var locode = EdifactMapping.ReadLocode(segment, partner, errors);
                    switch (segment.Value(1))
                    {
                        case "9":
                            loading = locode;
                            break;
                        case "11":
                            discharge = locode;
                            break;
                        default:
                            other ??= locode;
                            break;
                    }
                    break;
            }
        }
        if (discharge is not null && discharge.StartsWith(partner.HomeCountry, StringComparison.Ordinal))
        {
            conveyance.Direction = TradeDirection.Import;
            conveyance.Port = discharge;
        }
        else if (loading is not null && loading.StartsWith(partner.HomeCountry, StringComparison.Ordinal))
        {
            conveyance.Direction = TradeDirection.Export;
            conveyance.Port = loading;
        }
        else
        {
            conveyance.Port = other ?? discharge ?? loading;
        }
        conveyance.OccurredAt = EdifactMapping.FindDtm(header, partner, errors, "137");
        conveyance.RecordedAt = conveyance.OccurredAt;
        if (conveyance.Mode == TransportMode.Air)
        {
            // An air cargo report's conveyance reference is the flight; its date is the departure day.
            conveyance.FlightNumber = conveyance.VoyageNumber is null ? null : Identifiers.FlightNumber(conveyance.VoyageNumber);
            conveyance.VoyageNumber = null;
            var departure = EdifactMapping.FindDtm(header, partner, errors, "186", "133");
            conveyance.FlightDate = departure is null ? null : DateOnly.FromDateTime(departure.Value.DateTime);
        }
    }
}
