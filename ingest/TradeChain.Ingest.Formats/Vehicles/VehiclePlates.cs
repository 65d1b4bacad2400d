namespace TradeChain.Ingest.Formats.Vehicles;

/// <summary>
/// Licence plates in one written form, so a gate camera's "津A·12345", a registration's
/// "津A 12345" and an EDI "津A12345" name the same truck: separators dropped, Latin letters upper case.
/// </summary>
public static class VehiclePlates
{
    private const string Separators = " -·.•_";

    public static string Normalize(string plate)
    {
        ArgumentNullException.ThrowIfNull(plate);
        var trimmed = plate.Trim();
        return trimmed.AsSpan().IndexOfAny(Separators) < 0 && !trimmed.Any(char.IsAsciiLetterLower)
            ? trimmed
            : string.Concat(trimmed.Where(c => !Separators.Contains(c, StringComparison.Ordinal)).Select(char.ToUpperInvariant));
    }
}
