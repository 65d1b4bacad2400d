namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>
/// The service characters of an interchange (ISO 9735): the defaults, or those a UNA service
/// string advice sets. Partners change them when their data contains the defaults, e.g. a
/// terminal that writes apostrophes in names.
/// </summary>
public sealed record EdifactSyntax(char ComponentSeparator, char ElementSeparator, char DecimalMark, char ReleaseCharacter, char SegmentTerminator)
{
    /// <summary>UNA:+.? ' — the ISO 9735 defaults.</summary>
    public static EdifactSyntax Default { get; } = new(':', '+', '.', '?', '\'');

    /// <summary>"UNA" and its six service characters.</summary>
    public const int ServiceStringAdviceLength = 9;

    /// <summary>Characters a UNA may not appoint as separators: they would make tags or data unreadable.</summary>
    public static bool IsUsableSeparator(char c) => !char.IsAsciiLetterOrDigit(c) && c is not ' ' and not '\r' and not '\n' && c < 0x80;
}
