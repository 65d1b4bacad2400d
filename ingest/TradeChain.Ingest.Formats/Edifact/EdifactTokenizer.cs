using System.Globalization;
using System.Text;
using TradeChain.Ingest.Formats.Parsing;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>
/// Splits an interchange's bytes into segments: reads the UNA service string advice, decodes
/// the text in the character set UNB names, and resolves release characters. Pure; reports the
/// first syntax error with its position and stops (past a syntax error every later position is
/// guesswork).
/// </summary>
public static class EdifactTokenizer
{
    public sealed record Tokens(EdifactSyntax Syntax, string SyntaxIdentifier, IReadOnlyList<EdifactSegment> Segments);

    public static Tokens? Tokenize(ReadOnlySpan<byte> payload, FormatLimits limits, out ParseError? error)
    {
        error = PayloadChecks.SizeAndPresence(payload, limits);
        if (error is not null)
        {
            return null;
        }
        // Some Windows partner systems write a UTF-8 byte-order mark before UNA/UNB.
        payload = Text.Utf8Text.WithoutBom(payload);
        var start = SkipLineBreaks(payload, 0);
        var syntax = EdifactSyntax.Default;
        if (payload[start..].StartsWith("UNA"u8))
        {
            syntax = ReadServiceStringAdvice(payload[start..], out error);
            if (syntax is null)
            {
                return null;
            }
            start = SkipLineBreaks(payload, start + EdifactSyntax.ServiceStringAdviceLength);
        }
        var syntaxIdentifier = ReadSyntaxIdentifier(payload[start..], syntax, out error);
        if (syntaxIdentifier is null)
        {
            return null;
        }
        var text = Decode(payload, syntaxIdentifier, out error);
        if (text is null)
        {
            return null;
        }
        var segments = Split(text, start, syntax, limits, out error);
        return segments is null ? null : new Tokens(syntax, syntaxIdentifier, segments);
    }

    private static EdifactSyntax? ReadServiceStringAdvice(ReadOnlySpan<byte> payload, out ParseError? error)
    {
        error = null;
        if (payload.Length < EdifactSyntax.ServiceStringAdviceLength)
        {
            error = new ParseError(ParseCodes.EdifactServiceString, "UNA (character 0)", "UNA followed by six service characters", $"{payload.Length - 3} characters");
            return null;
        }
        var chars = new char[6];
        for (var i = 0; i < 6; i++)
        {
            chars[i] = (char)payload[3 + i];
        }
        var advice = new EdifactSyntax(chars[0], chars[1], chars[2], chars[3], chars[5]);
        string[] names = ["component separator", "data element separator", "decimal mark", "release character", "reserved", "segment terminator"];
        int[] separators = [0, 1, 3, 5];
        foreach (var i in separators)
        {
            if (!EdifactSyntax.IsUsableSeparator(chars[i]))
            {
                error = new ParseError(ParseCodes.EdifactServiceString, $"UNA character {3 + i}", $"a {names[i]} that is a printable ASCII symbol", $"'{chars[i]}' (U+{(int)chars[i]:X4})");
                return null;
            }
        }
        if (separators.Select(i => chars[i]).Distinct().Count() != separators.Length)
        {
            error = new ParseError(ParseCodes.EdifactServiceString, "UNA", "four different characters for component separator, element separator, release character and segment terminator", ParseError.Quote(new string(chars)));
            return null;
        }
        if (chars[2] is not '.' and not ',')
        {
            error = new ParseError(ParseCodes.EdifactServiceString, "UNA character 5", "a decimal mark '.' or ','", $"'{chars[2]}'");
            return null;
        }
        return advice;
    }

    /// <summary>The UNB syntax identifier (S001/0001), read from the raw bytes: it decides how the rest is decoded.</summary>
    private static string? ReadSyntaxIdentifier(ReadOnlySpan<byte> payload, EdifactSyntax syntax, out ParseError? error)
    {
        error = null;
        if (!payload.StartsWith("UNB"u8) || payload.Length < 4 || payload[3] != syntax.ElementSeparator)
        {
            var found = Encoding.Latin1.GetString(payload[..Math.Min(payload.Length, 8)]);
            error = new ParseError(ParseCodes.EdifactEnvelope, "segment 1", $"an interchange header UNB{syntax.ElementSeparator}…", ParseError.Quote(found));
            return null;
        }
        var end = 4;
        while (end < payload.Length && end < 12 && payload[end] != syntax.ComponentSeparator && payload[end] != syntax.ElementSeparator)
        {
            end++;
        }
        var identifier = Encoding.Latin1.GetString(payload[4..end]);
        if (identifier is not ("UNOA" or "UNOB" or "UNOC" or "UNOW" or "UNOY"))
        {
            error = new ParseError(ParseCodes.EdifactEnvelope, "segment 1 UNB, element 1, component 1", "syntax identifier UNOA, UNOB, UNOC (Latin-1), UNOW or UNOY (UTF-8)", ParseError.Quote(identifier));
            return null;
        }
        return identifier;
    }

    private static string? Decode(ReadOnlySpan<byte> payload, string syntaxIdentifier, out ParseError? error)
    {
        error = null;
        switch (syntaxIdentifier)
        {
            case "UNOA" or "UNOB":
                var nonAscii = payload.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
                if (nonAscii >= 0)
                {
                    error = new ParseError(ParseCodes.MessageEncoding, $"byte {nonAscii.ToString(CultureInfo.InvariantCulture)}", $"7-bit ASCII, as syntax identifier {syntaxIdentifier} declares", $"byte 0x{payload[nonAscii]:X2} (declare UNOC or UNOW for other characters)");
                    return null;
                }
                return Encoding.ASCII.GetString(payload);
            case "UNOC":
                return Encoding.Latin1.GetString(payload);
            default:
                return Text.Utf8Text.TryDecode(payload, out var text, out error) ? text : null;
        }
    }

    private static List<EdifactSegment>? Split(string text, int start, EdifactSyntax syntax, FormatLimits limits, out ParseError? error)
    {
        error = null;
        var segments = new List<EdifactSegment>();
        var value = new StringBuilder();
        var position = start;
        while (true)
        {
            position = SkipLineBreaks(text, position);
            if (position >= text.Length)
            {
                return segments;
            }
            if (segments.Count >= limits.MaxEdifactSegments)
            {
                error = new ParseError(ParseCodes.EdifactSyntax, $"character {position.ToString(CultureInfo.InvariantCulture)}", $"at most {limits.MaxEdifactSegments} segments per interchange", "more");
                return null;
            }
            var segmentStart = position;
            var number = segments.Count + 1;
            var elements = new List<IReadOnlyList<string>>();
            var components = new List<string>();
            var terminated = false;
            while (position < text.Length)
            {
                var c = text[position];
                if (c == syntax.ReleaseCharacter)
                {
                    if (position + 1 >= text.Length)
                    {
                        error = new ParseError(ParseCodes.EdifactSyntax, $"segment {number.ToString(CultureInfo.InvariantCulture)} (character {position.ToString(CultureInfo.InvariantCulture)})", "a character after the release character", "end of data");
                        return null;
                    }
                    value.Append(text[position + 1]);
                    position += 2;
                    continue;
                }
                position++;
                if (c == syntax.ComponentSeparator || c == syntax.ElementSeparator || c == syntax.SegmentTerminator)
                {
                    components.Add(value.ToString());
                    value.Clear();
                    if (components.Count > limits.MaxEdifactElements)
                    {
                        error = new ParseError(ParseCodes.EdifactSyntax, $"segment {number.ToString(CultureInfo.InvariantCulture)} (character {segmentStart.ToString(CultureInfo.InvariantCulture)})", $"at most {limits.MaxEdifactElements} components per element", "more");
                        return null;
                    }
                    if (c == syntax.ComponentSeparator)
                    {
                        continue;
                    }
                    elements.Add(components);
                    components = [];
                    if (elements.Count > limits.MaxEdifactElements + 1)
                    {
                        error = new ParseError(ParseCodes.EdifactSyntax, $"segment {number.ToString(CultureInfo.InvariantCulture)} (character {segmentStart.ToString(CultureInfo.InvariantCulture)})", $"at most {limits.MaxEdifactElements} data elements per segment", "more");
                        return null;
                    }
                    if (c == syntax.SegmentTerminator)
                    {
                        terminated = true;
                        break;
                    }
                    continue;
                }
                value.Append(c);
            }
            if (!terminated)
            {
                var tail = text[segmentStart..Math.Min(text.Length, segmentStart + 20)];
                error = new ParseError(ParseCodes.EdifactSyntax, $"segment {number.ToString(CultureInfo.InvariantCulture)} (character {segmentStart.ToString(CultureInfo.InvariantCulture)})", $"segment terminator '{syntax.SegmentTerminator}'", $"end of data after {ParseError.Quote(tail)} (truncated interchange?)");
                return null;
            }
            var tagElement = elements[0];
            var tag = tagElement[0];
            if (tagElement.Count != 1 || tag.Length != 3 || !tag.All(char.IsAsciiLetterUpper))
            {
                error = new ParseError(ParseCodes.EdifactSyntax, $"segment {number.ToString(CultureInfo.InvariantCulture)} (character {segmentStart.ToString(CultureInfo.InvariantCulture)})", "a segment tag of three capital letters", ParseError.Quote(string.Join(syntax.ComponentSeparator, tagElement)));
                return null;
            }
            segments.Add(new EdifactSegment(number, segmentStart, tag, elements.GetRange(1, elements.Count - 1)));
        }
    }

    // Line breaks between segments are not EDIFACT, but most partner systems write one segment per line.
    private static int SkipLineBreaks(ReadOnlySpan<byte> payload, int position)
    {
        while (position < payload.Length && payload[position] is (byte)'\r' or (byte)'\n')
        {
            position++;
        }
        return position;
    }

    private static int SkipLineBreaks(string text, int position)
    {
        while (position < text.Length && text[position] is '\r' or '\n')
        {
            position++;
        }
        return position;
    }
}
