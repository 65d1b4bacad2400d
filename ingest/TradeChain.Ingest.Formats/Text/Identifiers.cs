namespace TradeChain.Ingest.Formats.Text;

/// <summary>
/// Normalises identifiers to the ledger's form (upper case, no separators) the way partners
/// commonly write them differently. Only removes what carries no meaning; the validator then
/// checks shape and check digit.
/// </summary>
public static class Identifiers
{
    /// <summary>"999-12345675" and "999 1234 5675" → "99912345675": air waybills are printed with a dash after the prefix.</summary>
    public static string AirWaybill(string value) => Strip(value, "- ").ToUpperInvariant();

    /// <summary>Container numbers appear as "CSQU 305438-3" on doors and in some EDI: keep letters and digits only.</summary>
    public static string Container(string value) => Strip(value, "- /").ToUpperInvariant();

    /// <summary>Flight numbers appear as "CA 1041" or "CA1041"; the ledger keeps "CA1041".</summary>
    public static string FlightNumber(string value) => Strip(value, " ").ToUpperInvariant();

    /// <summary>"IMO 9811000" and "IMO9811000" → "9811000".</summary>
    public static string VesselImo(string value)
    {
        var stripped = Strip(value, " ");
        return stripped.StartsWith("IMO", StringComparison.OrdinalIgnoreCase) ? stripped[3..] : stripped;
    }

    private static string Strip(string value, string separators)
    {
        var trimmed = value.Trim();
        return trimmed.AsSpan().IndexOfAny(separators) < 0
            ? trimmed
            : string.Concat(trimmed.Where(c => !separators.Contains(c, StringComparison.Ordinal)));
    }
}
