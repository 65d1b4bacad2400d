using System.Collections.Frozen;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Profiles;

/// <summary>
/// How to read one partner's messages: whose events they become (member and source system),
/// what to assume where the partner's format is silent (port, mode, direction, time zone), and
/// the partner's own codes for statuses and places. Immutable; built once from configuration.
/// </summary>
public sealed record PartnerProfile
{
    /// <summary>China Standard Time: the local time of every port in the consortium today.</summary>
    public const int ChinaUtcOffsetMinutes = 8 * 60;

    /// <summary>The partner's id as it appears in the <c>tc-partner</c> header, e.g. "tjpct-gate".</summary>
    public required string PartnerId { get; init; }

    /// <summary>The consortium member whose node submits the partner's events and whose key signs them.</summary>
    public required string MemberId { get; init; }

    /// <summary>The partner system, part of every event id: keep it stable for the life of the feed.</summary>
    public required string SourceSystem { get; init; }

    /// <summary>UN/LOCODE used when a message names no place, e.g. a terminal's own gate feed.</summary>
    public string? DefaultPort { get; init; }

    public TransportMode? DefaultMode { get; init; }

    public TradeDirection? DefaultDirection { get; init; }

    /// <summary>
    /// Offset of local times sent without a zone (EDIFACT 203/204, Cargo-XML dateTime without
    /// offset). Most partner systems write local time; the ledger keeps the offset it was read with.
    /// </summary>
    public int UtcOffsetMinutes { get; init; } = ChinaUtcOffsetMinutes;

    /// <summary>
    /// ISO 3166 country of the member: a waybill from an airport in this country is an export,
    /// one to it an import, where the message does not say.
    /// </summary>
    public string HomeCountry { get; init; } = "CN";

    /// <summary>
    /// The partner's status and event codes, keyed "FORMAT:code" (e.g. "CODECO:34", "XFSU:DEP",
    /// "CUSRES:REL", "DCSA:EQUIPMENT/GTIN"); an entry overrides the format's standard meaning.
    /// </summary>
    public FrozenDictionary<string, TradeEventType> StatusCodes { get; init; } = FrozenDictionary<string, TradeEventType>.Empty;

    /// <summary>The partner's place codes (IATA airports, terminal codes) to UN/LOCODE, e.g. "PEK" → "CNPEK".</summary>
    public FrozenDictionary<string, string> LocationCodes { get; init; } = FrozenDictionary<string, string>.Empty;

    public TimeSpan UtcOffset => TimeSpan.FromMinutes(UtcOffsetMinutes);

    /// <summary>The partner's meaning of <paramref name="key"/>, else the format's standard one, else null.</summary>
    public TradeEventType? EventTypeFor(string key, IReadOnlyDictionary<string, TradeEventType> standard) =>
        StatusCodes.TryGetValue(key, out var mapped) ? mapped
        : standard.TryGetValue(key, out var known) ? known
        : null;

    /// <summary>
    /// The UN/LOCODE for a place code: the partner's mapping first, then the code itself when it
    /// already has the UN/LOCODE shape (2 letters and 3 of A-Z or 2-9), else null.
    /// </summary>
    public string? Locode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }
        if (LocationCodes.TryGetValue(code, out var mapped))
        {
            return mapped;
        }
        return LooksLikeLocode(code) ? code : null;
    }

    public static bool LooksLikeLocode(string code) =>
        code.Length == 5
        && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1])
        && code.AsSpan(2).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789") < 0;
}
