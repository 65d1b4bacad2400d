using System.Globalization;
using System.Text.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Text;

namespace TradeChain.Ingest.Formats.Json;

/// <summary>Turns a JSON payload into a document, or into the one error that says why it cannot be read.</summary>
internal static class JsonPayload
{
    public static JsonDocument? Parse(ReadOnlySpan<byte> payload, FormatLimits limits, out ParseError? error)
    {
        error = PayloadChecks.SizeAndPresence(payload, limits);
        if (error is not null)
        {
            return null;
        }
        var json = Utf8Text.WithoutBom(payload);
        error = Utf8Text.Check(json);
        if (error is not null)
        {
            return null;
        }
        var options = new JsonDocumentOptions
        {
            MaxDepth = limits.MaxJsonDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            // A repeated property is ambiguous (which one is the fact?); refuse rather than pick one.
            AllowDuplicateProperties = false,
        };
        try
        {
            return JsonDocument.Parse(json.ToArray(), options);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut];
            }
            error = new ParseError(ParseCodes.JsonSyntax, $"line {line.ToString(CultureInfo.InvariantCulture)}, byte {column.ToString(CultureInfo.InvariantCulture)}", "well-formed JSON (RFC 8259) without comments, trailing commas or repeated properties", reason.TrimEnd('.'));
            return null;
        }
    }
}
