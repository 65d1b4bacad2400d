using System.Text.RegularExpressions;
using TradeChain.Trade.Events;

namespace TradeChain.Trade.Validation;

/// <summary>
/// Shape and check-digit rules for the identifiers in trade events, one function each: null
/// when the value is acceptable, else the error naming the value and the expected form. Values
/// must already be normalised (upper case, no separators) and not null: a missing value is the
/// caller's to report. Never throws for a malformed value.
/// </summary>
public static partial class TradeIdentifierRules
{
    /// <summary>Sea bills of lading: DCSA caps transport document references at 20 characters.</summary>
    public const int MaxBillOfLadingChars = 20;

    /// <summary>House air waybills: Cargo-IMP allows up to 12 alphanumerics.</summary>
    public const int MaxHouseAirWaybillChars = 12;

    /// <summary>ISO 6346: 3-letter owner code, category U (freight container), J (detachable equipment) or Z (trailer, chassis), 6-digit serial, check digit.</summary>
    public static ValidationError? Container(string value, string field)
    {
        if (!ContainerShape().IsMatch(value))
        {
            return new(ValidationCodes.ContainerShape, field, $"container {Quote(value)}: expected 3 owner letters, category U, J or Z, 6 serial digits and a check digit, e.g. CSQU3054383");
        }
        var expected = CheckDigits.ContainerCheckDigit(value.AsSpan(0, 10));
        var actual = value[10] - '0';
        return actual == expected
            ? null
            : new(ValidationCodes.ContainerCheckDigit, field, $"container {value}: check digit is {actual}, expected {expected}");
    }

    /// <summary>IATA master air waybill: 3-digit airline prefix and 8-digit serial whose last digit is the first seven mod 7.</summary>
    public static ValidationError? AirWaybill(string value, string field)
    {
        if (!AirWaybillShape().IsMatch(value))
        {
            return new(ValidationCodes.AwbShape, field, $"air waybill {Quote(value)}: expected 11 digits, a 3-digit airline prefix and an 8-digit serial without separators, e.g. 02012345675");
        }
        var expected = CheckDigits.AirWaybillCheckDigit(value.AsSpan(3, 7));
        var actual = value[10] - '0';
        return actual == expected
            ? null
            : new(ValidationCodes.AwbCheckDigit, field, $"air waybill {value}: check digit is {actual}, expected {expected} ({value.AsSpan(3, 7)} mod 7)");
    }

    /// <summary>Sea bill of lading (master or house): 1 to 20 capitals and digits, as carriers issue them.</summary>
    public static ValidationError? BillOfLading(string value, string field) =>
        BillShape().IsMatch(value)
            ? null
            : new(ValidationCodes.BillShape, field, $"bill of lading {Quote(value)}: expected 1 to {MaxBillOfLadingChars} capital letters and digits, e.g. COSU6123456780");

    /// <summary>House air waybill: 1 to 12 capitals and digits, assigned by the forwarder (no check digit).</summary>
    public static ValidationError? HouseAirWaybill(string value, string field) =>
        HouseAirWaybillShape().IsMatch(value)
            ? null
            : new(ValidationCodes.BillShape, field, $"house air waybill {Quote(value)}: expected 1 to {MaxHouseAirWaybillChars} capital letters and digits, e.g. SHA80012345");

    /// <summary>
    /// Chinese customs declaration number: 18 digits — receiving customs office (4), year (4),
    /// import/export flag (1: "1" import, "0" export), serial (9). The flag must match the event's direction.
    /// </summary>
    public static ValidationError? DeclarationNumber(string value, string field, TradeDirection direction)
    {
        if (!DeclarationShape().IsMatch(value))
        {
            return new(ValidationCodes.DeclarationShape, field, $"declaration number {Quote(value)}: expected 18 digits (customs office 4, year 4, import/export flag 1, serial 9), e.g. 020220251000012345");
        }
        var expectedFlag = direction switch
        {
            TradeDirection.Import => '1',
            TradeDirection.Export => '0',
            _ => value[8],
        };
        return value[8] == expectedFlag
            ? null
            : new(ValidationCodes.DeclarationDirection, field, $"declaration number {value}: 9th digit {value[8]} marks an {(value[8] == '1' ? "import" : "export")} declaration, the event is an {direction.ToString().ToLowerInvariant()}; expected {expectedFlag}");
    }

    /// <summary>UN/LOCODE: ISO 3166 country letters and 3 characters of A-Z or 2-9, without the space, e.g. CNTSN.</summary>
    public static ValidationError? Locode(string value, string field) =>
        LocodeShape().IsMatch(value)
            ? null
            : new(ValidationCodes.LocodeShape, field, $"UN/LOCODE {Quote(value)}: expected 2 country letters and 3 letters or digits 2-9, without a space, e.g. CNTSN or CNPEK");

    /// <summary>IATA flight designator: airline code (2 characters, at least one a letter, or 3 ICAO letters), 1-4 digits, optional suffix letter, e.g. CA1041.</summary>
    public static ValidationError? FlightNumber(string value, string field) =>
        FlightShape().IsMatch(value)
            ? null
            : new(ValidationCodes.FlightShape, field, $"flight number {Quote(value)}: expected an airline code, 1 to 4 digits and an optional suffix letter, without spaces, e.g. CA1041");

    /// <summary>IMO ship identification number: 7 digits, the last a weighted check digit.</summary>
    public static ValidationError? VesselImo(string value, string field)
    {
        if (!ImoShape().IsMatch(value))
        {
            return new(ValidationCodes.ImoShape, field, $"IMO number {Quote(value)}: expected 7 digits without the 'IMO' prefix, e.g. 9321483");
        }
        var expected = CheckDigits.ImoCheckDigit(value.AsSpan(0, 6));
        var actual = value[6] - '0';
        return actual == expected
            ? null
            : new(ValidationCodes.ImoCheckDigit, field, $"IMO number {value}: check digit is {actual}, expected {expected}");
    }

    /// <summary>Unified social credit code (GB 32100-2015): 18 characters of its 31-character alphabet, the last a check character.</summary>
    public static ValidationError? Uscc(string value, string field)
    {
        if (value.Length != 18 || value.AsSpan().IndexOfAnyExcept(CheckDigits.UsccAlphabet) >= 0)
        {
            return new(ValidationCodes.UsccShape, field, $"unified social credit code {Quote(value)}: expected 18 characters of 0-9 and capitals other than I, O, S, V, Z, e.g. 91350100M000100Y43");
        }
        var expected = CheckDigits.UsccCheckCharacter(value.AsSpan(0, 17));
        return value[17] == expected
            ? null
            : new(ValidationCodes.UsccCheckCharacter, field, $"unified social credit code {value}: check character is {value[17]}, expected {expected}");
    }

    /// <summary>Customs registration code (海关注册编码): 10 characters, the customs area's 4 digits then 6 digits or capitals.</summary>
    public static ValidationError? CustomsCode(string value, string field) =>
        CustomsCodeShape().IsMatch(value)
            ? null
            : new(ValidationCodes.CustomsCodeShape, field, $"customs registration code {Quote(value)}: expected 10 characters, 4 digits then 6 digits or capital letters, e.g. 1207960123");

    /// <summary>ISO 4217 alphabetic currency code.</summary>
    public static ValidationError? Currency(string value, string field) =>
        CurrencyShape().IsMatch(value)
            ? null
            : new(ValidationCodes.CurrencyShape, field, $"currency {Quote(value)}: expected an ISO 4217 code of 3 capital letters, e.g. CNY or USD");

    /// <summary>A value as it may appear in a message: quoted, and cut short so a huge input cannot flood a log.</summary>
    internal static string Quote(string value) =>
        value.Length <= 40 ? $"'{value}'" : $"'{value[..40]}…' ({value.Length} characters)";

    // \z rather than $: $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Z]{3}[UJZ][0-9]{7}\z")]
    private static partial Regex ContainerShape();

    [GeneratedRegex(@"^[0-9]{11}\z")]
    private static partial Regex AirWaybillShape();

    [GeneratedRegex(@"^[A-Z0-9]{1,20}\z")]
    private static partial Regex BillShape();

    [GeneratedRegex(@"^[A-Z0-9]{1,12}\z")]
    private static partial Regex HouseAirWaybillShape();

    [GeneratedRegex(@"^[0-9]{18}\z")]
    private static partial Regex DeclarationShape();

    [GeneratedRegex(@"^[A-Z]{2}[A-Z2-9]{3}\z")]
    private static partial Regex LocodeShape();

    [GeneratedRegex(@"^(?:[A-Z][A-Z0-9]|[0-9][A-Z]|[A-Z]{3})[0-9]{1,4}[A-Z]?\z")]
    private static partial Regex FlightShape();

    [GeneratedRegex(@"^[0-9]{7}\z")]
    private static partial Regex ImoShape();

    [GeneratedRegex(@"^[0-9]{4}[0-9A-Z]{6}\z")]
    private static partial Regex CustomsCodeShape();

    [GeneratedRegex(@"^[A-Z]{3}\z")]
    private static partial Regex CurrencyShape();
}
