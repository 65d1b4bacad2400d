using TradeChain.Analytics.Queries;
using TradeChain.Api.Problems;
using TradeChain.Contract;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Endpoints;

/// <summary>Query-string values to domain values, with a 400 problem naming the parameter and the accepted values.</summary>
public static class Parse
{
    public static T? Enum<T>(string name, string? value)
        where T : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var normalised = value.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (!normalised.All(char.IsAsciiLetter) || !System.Enum.TryParse<T>(normalised, ignoreCase: true, out var parsed))
        {
            throw ApiProblemException.Invalid($"{name} '{value}' is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(Kebab))}");
        }
        return parsed;
    }

    public static ShipmentKeyKind? Kind(string? value) => Enum<ShipmentKeyKind>("kind", value);

    public static KpiGrouping GroupBy(string? value)
    {
        var grouping = KpiGrouping.None;
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            grouping |= Enum<KpiGrouping>("groupBy", part)!.Value;
        }
        return grouping;
    }

    public static KpiClock Clock(string? value) =>
        KpiClocks.Find(value ?? "") ?? throw ApiProblemException.Invalid($"clock '{value}' is not one of {string.Join(", ", KpiClocks.All.Select(c => c.Name))}");

    public static DateOnly Date(string name, string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", out var date) ? date : throw ApiProblemException.Invalid($"{name} '{value}' is not a date as yyyy-MM-dd");

    public static string? Port(string? value) =>
        value is null ? null
        : value.Length == 5 && value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)) ? value
        : throw ApiProblemException.Invalid($"port '{value}' is not a UN/LOCODE (five capitals or digits, e.g. CNTSN)");

    public static Feed Feed(string? value) => Enum<Feed>("feed", value) ?? throw ApiProblemException.Invalid($"feed is required: one of {string.Join(", ", System.Enum.GetNames<Feed>().Select(Kebab))}");

    /// <summary>"PortGate" → "port-gate": how the API names enum values in parameters.</summary>
    public static string Kebab(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
