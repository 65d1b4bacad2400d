using System.Globalization;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Formats.Text;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>The beginning of a message (BGM): document name code (1001), document number (1004) and message function (1225).</summary>
public sealed record EdifactBgm(string DocumentCode, string DocumentNumber, string Function, EdifactSegment Segment);

/// <summary>
/// Readers for the segments every supported message shares (BGM, DTM, TDT, LOC, RFF, NAD, MEA,
/// SEL, EQD), each reporting a precise error instead of throwing. Segment layouts follow the
/// UN/EDIFACT directories D.95B–D.96B that CODECO, CUSRES and CUSCAR partners send.
/// </summary>
internal static class EdifactMapping
{
    /// <summary>Message function 1225 "9": original.</summary>
    public const string FunctionOriginal = "9";

    /// <summary>Party qualifiers (3035) with a role on the ledger; other parties become attributes.</summary>
    private static readonly Dictionary<string, PartyRole> PartyRoles = new(StringComparer.Ordinal)
    {
        ["CZ"] = PartyRole.Shipper,
        ["CN"] = PartyRole.Consignee,
        ["NI"] = PartyRole.NotifyParty,
        ["DT"] = PartyRole.Declarant,
        ["CA"] = PartyRole.Carrier,
        ["FW"] = PartyRole.Forwarder,
        ["TR"] = PartyRole.TerminalOperator,
    };

    /// <summary>
    /// What every report message opens with: its BGM, the original/replacement suffix of its source
    /// references, and the event type its document code maps to for this partner. Each is null when
    /// it could not be read; the reason is in <paramref name="errors"/>.
    /// </summary>
    public static (EdifactBgm? Bgm, string? Suffix, TradeEventType? EventType) ReadDocument(
        EdifactMessage message, EdifactInterchange interchange, PartnerProfile partner, string messageType,
        IReadOnlyDictionary<string, TradeEventType> standardCodes, ItemErrors errors)
    {
        var bgm = ReadBgm(message, errors);
        if (bgm is null)
        {
            return (null, null, null);
        }
        var suffix = FunctionSuffix(bgm, interchange, message, errors);
        var eventType = StatusCodeLookup.Resolve(partner, $"{messageType}:{bgm.DocumentCode}", standardCodes, bgm.Segment.Position(1, 1), errors);
        return (bgm, suffix, eventType);
    }

    /// <summary>The BGM that must open the message.</summary>
    public static EdifactBgm? ReadBgm(EdifactMessage message, ItemErrors errors)
    {
        var bgm = message.Segments.Count > 0 ? message.Segments[0] : null;
        if (bgm is null || bgm.Tag != "BGM")
        {
            errors.Add(ParseCodes.FieldMissing, bgm?.Where ?? message.Header.Where, "BGM right after UNH", bgm?.Tag ?? "the end of the message");
            return null;
        }
        var number = bgm.Value(2, 1);
        if (number.Length == 0)
        {
            errors.Add(ParseCodes.FieldMissing, bgm.Position(2, 1), "the document number (1004), which identifies the message's events", "nothing");
            return null;
        }
        return new EdifactBgm(bgm.Value(1, 1), number, bgm.Value(3) is { Length: > 0 } function ? function : FunctionOriginal, bgm);
    }

    /// <summary>
    /// The part of every source reference that tells an original from a replacement: nothing for an
    /// original (a resent original is the same fact, so a duplicate), the interchange and message
    /// reference for a replacement or change (a correction is a new report). A cancellation is
    /// refused: the ledger keeps facts, it cannot unsay one.
    /// </summary>
    public static string? FunctionSuffix(EdifactBgm bgm, EdifactInterchange interchange, EdifactMessage message, ItemErrors errors)
    {
        switch (bgm.Function)
        {
            case FunctionOriginal:
                return string.Empty;
            case "4" or "5":
                return $":R{interchange.ControlReference}.{message.Reference}";
            default:
                errors.Add(ParseCodes.FunctionUnsupported, bgm.Segment.Position(3), "message function 9 (original), 5 (replacement) or 4 (change); to withdraw an event, report the corrected fact", ParseError.Quote(bgm.Function));
                return null;
        }
    }

    /// <summary>DTM: qualifier (2005), value (2380) and format (2379); the value as a time, or null with an error.</summary>
    public static DateTimeOffset? ReadDtm(EdifactSegment dtm, PartnerProfile partner, ItemErrors errors)
    {
        var value = dtm.Value(1, 2);
        var format = dtm.Value(1, 3) is { Length: > 0 } code ? code : "203";
        if (Timestamps.TryParseEdifact(value, format, partner.UtcOffset, out var time))
        {
            return time;
        }
        errors.Add(ParseCodes.TimestampInvalid, dtm.Position(1, 2), $"a date/time in format {format} (102 CCYYMMDD, 203 CCYYMMDDHHMM, 204 CCYYMMDDHHMMSS, 303/304 with zone)", ParseError.Quote(value));
        return null;
    }

    /// <summary>The first DTM with one of <paramref name="qualifiers"/> (in preference order) among <paramref name="segments"/>.</summary>
    public static DateTimeOffset? FindDtm(IEnumerable<EdifactSegment> segments, PartnerProfile partner, ItemErrors errors, params string[] qualifiers)
    {
        var dtms = segments.Where(s => s.Tag == "DTM").ToList();
        foreach (var qualifier in qualifiers)
        {
            if (dtms.FirstOrDefault(d => d.Value(1, 1) == qualifier) is { } dtm)
            {
                return ReadDtm(dtm, partner, errors);
            }
        }
        return null;
    }

    /// <summary>Transport mode (8067): 1 maritime, 4 air; others (road, rail) do not cross the border here.</summary>
    public static TransportMode? Mode(string code) => code switch
    {
        "1" => TransportMode.Sea,
        "4" => TransportMode.Air,
        _ => null,
    };

    /// <summary>
    /// TDT for the main carriage: voyage (8028), mode (C220/8067), and the means of transport
    /// (C222): its id with code list 146 and agency 11 (Lloyd's) is the IMO number, 8212 the name.
    /// </summary>
    public static void ReadMainCarriage(EdifactSegment tdt, EventDraft draft)
    {
        draft.VoyageNumber ??= tdt.Optional(2);
        draft.Mode ??= Mode(tdt.Value(3, 1));
        var id = tdt.Value(8, 1);
        if (id.Length > 0 && (tdt.Value(8, 3) == "11" || id.StartsWith("IMO", StringComparison.OrdinalIgnoreCase)))
        {
            draft.VesselImo ??= Identifiers.VesselImo(id);
        }
        draft.VesselName ??= tdt.Optional(8, 4);
        draft.Attribute("carrier", tdt.Optional(5, 1));
    }

    /// <summary>LOC: the place (C517/3225) as a UN/LOCODE, directly or through the partner's location codes; an error when it is neither.</summary>
    public static string? ReadLocode(EdifactSegment loc, PartnerProfile partner, ItemErrors errors)
    {
        var code = loc.Value(2, 1);
        if (code.Length == 0)
        {
            return null;
        }
        var locode = partner.Locode(code);
        if (locode is null)
        {
            errors.Add(ParseCodes.LocationUnmapped, loc.Position(2, 1), "a UN/LOCODE (e.g. CNTSN) or a place code mapped in the partner profile", ParseError.Quote(code));
        }
        return locode;
    }

    /// <summary>The terminal or facility within the port: LOC related location one (C519/3223), else the place name (3224).</summary>
    public static string? ReadFacility(EdifactSegment loc) => loc.Optional(3, 1) ?? loc.Optional(2, 4);

    /// <summary>RFF: qualifier (1153) and reference (1154) into the draft's references.</summary>
    public static void ReadReference(EdifactSegment rff, EventDraft draft, TransportMode? mode)
    {
        var value = rff.Value(1, 2).Trim();
        if (value.Length == 0)
        {
            return;
        }
        switch (rff.Value(1, 1))
        {
            case "BM":
                draft.MasterBill ??= mode == TransportMode.Air ? Identifiers.AirWaybill(value) : value.ToUpperInvariant();
                break;
            case "AWB":
                draft.MasterBill ??= Identifiers.AirWaybill(value);
                break;
            case "BH":
                draft.AddHouseBill(value.ToUpperInvariant());
                break;
            case "BN":
                draft.BookingNumber ??= value;
                break;
            case "ABT":
                draft.DeclarationNumber ??= value;
                break;
            default:
                draft.Attribute($"ref.{rff.Value(1, 1).ToLowerInvariant()}", value);
                break;
        }
    }

    /// <summary>
    /// NAD: a party whose id (C082/3039) has the unified social credit code's shape joins the event
    /// with its role; any other party id is kept as an attribute "party.&lt;qualifier&gt;".
    /// </summary>
    public static void ReadParty(EdifactSegment nad, EventDraft draft)
    {
        var qualifier = nad.Value(1);
        var id = nad.Value(2, 1).Trim();
        if (id.Length == 0)
        {
            return;
        }
        if (PartyRoles.TryGetValue(qualifier, out var role) && id.Length == 18)
        {
            draft.AddParty(new Party(role, id.ToUpperInvariant()));
        }
        else
        {
            draft.Attribute($"party.{qualifier.ToLowerInvariant()}", id);
        }
    }

    /// <summary>The consignee's name and address from NAD+CN: commercially sensitive, sealed on the ledger.</summary>
    public static SensitiveDetails? ReadConsigneeDetails(EdifactSegment nad)
    {
        var name = JoinComponents(nad, 4) ?? JoinComponents(nad, 3);
        var address = string.Join(", ", new[] { JoinComponents(nad, 5), nad.Optional(6), nad.Optional(8), nad.Optional(9) }.Where(p => p is not null));
        return name is null && address.Length == 0 ? null : new SensitiveDetails { ConsigneeName = name, ConsigneeAddress = address.Length == 0 ? null : address };
    }

    /// <summary>MEA+AAE+G (gross weight) in kilograms, the unit the analytics projection sums.</summary>
    public static void ReadMeasure(EdifactSegment mea, EventDraft draft, EdifactSyntax syntax, ItemErrors errors)
    {
        if (mea.Value(2, 1) != "G" || mea.Value(3, 1) != "KGM")
        {
            return;
        }
        var weight = Decimal(mea.Value(3, 2), syntax);
        if (weight is null)
        {
            errors.Add(ParseCodes.NumberInvalid, mea.Position(3, 2), "a gross weight in kilograms, e.g. 24500 or 24500.5", ParseError.Quote(mea.Value(3, 2)));
        }
        draft.Attribute("gross_weight_kg", weight);
    }

    /// <summary>A numeric data element: digits with at most one decimal mark ('.' or the UNA one), optionally signed.</summary>
    public static decimal? Decimal(string text, EdifactSyntax syntax)
    {
        var normalised = syntax.DecimalMark == ',' ? text.Replace(',', '.') : text;
        return normalised.Length is > 0 and <= 35
            && decimal.TryParse(normalised, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    /// <summary>
    /// Splits a message body into the segments before the first <paramref name="groupTag"/> and one
    /// group per <paramref name="groupTag"/>, each running to the next one or to a segment in
    /// <paramref name="endTags"/>.
    /// </summary>
    public static (IReadOnlyList<EdifactSegment> Header, IReadOnlyList<IReadOnlyList<EdifactSegment>> Groups) Groups(
        IReadOnlyList<EdifactSegment> segments, string groupTag, params string[] endTags)
    {
        var header = new List<EdifactSegment>();
        var groups = new List<IReadOnlyList<EdifactSegment>>();
        List<EdifactSegment>? current = null;
        foreach (var segment in segments)
        {
            if (segment.Tag == groupTag)
            {
                current = [segment];
                groups.Add(current);
            }
            else if (endTags.Contains(segment.Tag))
            {
                current = null;
            }
            else if (current is not null)
            {
                current.Add(segment);
            }
            else
            {
                header.Add(segment);
            }
        }
        return (header, groups);
    }

    private static string? JoinComponents(EdifactSegment segment, int element)
    {
        if (element > segment.Elements.Count)
        {
            return null;
        }
        var joined = string.Join(" ", segment.Elements[element - 1].Where(c => c.Length > 0));
        return joined.Length == 0 ? null : joined;
    }
}
