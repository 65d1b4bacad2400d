using System.Globalization;
using System.Xml.Linq;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Formats.Text;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.CargoXml;

/// <summary>Typed readers for Cargo-XML values, each adding a positioned error instead of throwing.</summary>
internal static class CargoXmlValues
{
    /// <summary>xs:dateTime; Cargo-XML usually sends local time without an offset, read in the partner's zone.</summary>
    public static DateTimeOffset? Time(XElement? element, PartnerProfile partner, ItemErrors errors)
    {
        if (element is null || element.Value.Trim() is not { Length: > 0 } text)
        {
            return null;
        }
        if (Timestamps.TryParseIso(text, partner.UtcOffset, out var value))
        {
            return value;
        }
        errors.Add(ParseCodes.TimestampInvalid, XmlNav.Position(element), "an xs:dateTime, e.g. 2025-03-15T13:47:00 or 2025-03-15T13:47:00+08:00", ParseError.Quote(text));
        return null;
    }

    public static decimal? Decimal(XElement? element, ItemErrors errors)
    {
        if (element is null || element.Value.Trim() is not { Length: > 0 } text)
        {
            return null;
        }
        if (text.Length <= 35 && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(ParseCodes.NumberInvalid, XmlNav.Position(element), "a non-negative decimal number", ParseError.Quote(text));
        return null;
    }

    public static long? Count(XElement? element, ItemErrors errors)
    {
        if (element is null || element.Value.Trim() is not { Length: > 0 } text)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(ParseCodes.NumberInvalid, XmlNav.Position(element), "a whole number of pieces", ParseError.Quote(text));
        return null;
    }

    /// <summary>Gross weight in kilograms: the only unit the analytics projection sums.</summary>
    public static decimal? WeightKg(XElement? measure, ItemErrors errors)
    {
        if (measure is null)
        {
            return null;
        }
        var unit = measure.Attribute("unitCode")?.Value;
        if (unit is not null && unit != "KGM")
        {
            errors.Add(ParseCodes.FieldInvalid, XmlNav.Position(measure), "unitCode=\"KGM\" (kilograms)", ParseError.Quote(unit));
            return null;
        }
        return Decimal(measure, errors);
    }

    /// <summary>An airport (IATA code) or other place as a UN/LOCODE through the partner's location codes; an error when unmapped.</summary>
    public static string? Locode(XElement? id, PartnerProfile partner, ItemErrors errors)
    {
        if (id is null || id.Value.Trim() is not { Length: > 0 } code)
        {
            return null;
        }
        var locode = partner.Locode(code);
        if (locode is null)
        {
            errors.Add(ParseCodes.LocationUnmapped, XmlNav.Position(id), "a UN/LOCODE or an airport code mapped in the partner profile (e.g. PEK → CNPEK)", ParseError.Quote(code));
        }
        return locode;
    }

    /// <summary>A waybill leaving the home country is an export, one arriving there an import; otherwise the message does not say.</summary>
    public static TradeDirection? Direction(string? origin, string? destination, PartnerProfile partner) =>
        origin is not null && origin.StartsWith(partner.HomeCountry, StringComparison.Ordinal) ? TradeDirection.Export
        : destination is not null && destination.StartsWith(partner.HomeCountry, StringComparison.Ordinal) ? TradeDirection.Import
        : null;

    /// <summary>A party whose primary id has the unified social credit code's shape becomes a ledger party.</summary>
    public static void Party(XElement? party, PartyRole role, EventDraft draft)
    {
        if (XmlNav.Value(party, "PrimaryID") is { Length: 18 } id)
        {
            draft.AddParty(new Party(role, id.ToUpperInvariant()));
        }
    }
}
