using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Profiles;

/// <summary>Resolves a partner's status code to a trade event type, with an error listing the known codes when it cannot.</summary>
public static class StatusCodeLookup
{
    /// <summary>
    /// The type for <paramref name="key"/> ("FORMAT:code"): the partner profile's meaning first,
    /// else the format's standard table; null and a <see cref="ParseCodes.CodeUnmapped"/> error when neither knows it.
    /// </summary>
    public static TradeEventType? Resolve(PartnerProfile partner, string key, IReadOnlyDictionary<string, TradeEventType> standard, string position, ItemErrors errors)
    {
        var type = partner.EventTypeFor(key, standard);
        if (type is null)
        {
            var prefix = key[..(key.IndexOf(':', StringComparison.Ordinal) + 1)];
            var known = standard.Keys.Concat(partner.StatusCodes.Keys)
                .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                .Select(k => k[prefix.Length..])
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            errors.Add(ParseCodes.CodeUnmapped, position, $"a code with a trade event type ({string.Join(", ", known)}); map other codes in the partner profile as '{prefix}<code>'", ParseError.Quote(key[prefix.Length..]));
        }
        return type;
    }
}
