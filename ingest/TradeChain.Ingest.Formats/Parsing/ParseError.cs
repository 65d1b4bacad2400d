namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>
/// One precise problem with a partner message: a stable <see cref="Code"/> (see
/// <see cref="ParseCodes"/>), where it is (<see cref="Position"/>: a JSON path, an EDIFACT
/// segment/element/component, an XML line and element path), what the format requires there
/// and what the message holds instead.
/// </summary>
public sealed record ParseError(string Code, string Position, string Expected, string Found)
{
    /// <summary>Longest quoted input in an error: enough to recognise the value, too short to flood a log or a header.</summary>
    public const int MaxQuotedChars = 40;

    public string Message => $"{Position}: expected {Expected}, found {Found}";

    public override string ToString() => $"{Code} at {Message}";

    /// <summary>A value as it appears in an error: quoted, control characters escaped, cut short.</summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "nothing";
        }
        if (value.Length == 0)
        {
            return "an empty value";
        }
        var shown = value.Length <= MaxQuotedChars ? value : value[..MaxQuotedChars];
        var escaped = string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return value.Length <= MaxQuotedChars ? $"'{escaped}'" : $"'{escaped}…' ({value.Length} characters)";
    }
}

/// <summary>The stable parse error codes. Dead-letter consumers key on them: never change a meaning, only add.</summary>
public static class ParseCodes
{
    public const string MessageEmpty = "message.empty";
    public const string MessageTooLarge = "message.too_large";
    public const string MessageEncoding = "message.encoding";
    public const string MessageTooManyEvents = "message.too_many_events";

    public const string JsonSyntax = "json.syntax";
    public const string JsonSchema = "json.schema";
    public const string EdifactSyntax = "edifact.syntax";
    public const string EdifactServiceString = "edifact.service_string";
    public const string EdifactEnvelope = "edifact.envelope";
    public const string EdifactCountMismatch = "edifact.count_mismatch";
    public const string EdifactReferenceMismatch = "edifact.reference_mismatch";
    public const string EdifactMessageType = "edifact.message_type";
    public const string XmlSyntax = "xml.syntax";
    public const string XmlDtdProhibited = "xml.dtd_prohibited";
    public const string XmlRoot = "xml.root";

    /// <summary>A value the format requires is absent.</summary>
    public const string FieldMissing = "field.missing";

    /// <summary>A value is present but not of the form the format defines (type, length, characters).</summary>
    public const string FieldInvalid = "field.invalid";

    /// <summary>A property the schema does not define (canonical JSON is closed, so typos are caught).</summary>
    public const string FieldUnknown = "field.unknown";

    public const string TimestampInvalid = "timestamp.invalid";
    public const string NumberInvalid = "number.invalid";

    /// <summary>A partner status or event code with no mapping to a TradeEventType, standard or in the partner profile.</summary>
    public const string CodeUnmapped = "code.unmapped";

    /// <summary>A partner location code that is neither a UN/LOCODE nor mapped in the partner profile.</summary>
    public const string LocationUnmapped = "location.unmapped";

    /// <summary>A message function the ledger cannot record as a fact (e.g. an EDIFACT cancellation).</summary>
    public const string FunctionUnsupported = "function.unsupported";

    /// <summary>A DCSA event classified as planned or estimated: the ledger records facts only.</summary>
    public const string DcsaNotActual = "dcsa.not_actual";

    /// <summary>The same item (container, status, event id) twice in one message.</summary>
    public const string ItemDuplicate = "item.duplicate";
}
