using System.Globalization;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Text;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>One UNH…UNT message of an interchange; <see cref="Segments"/> are those between the two.</summary>
public sealed record EdifactMessage(int Ordinal, string Reference, string Type, string Version, string Release, EdifactSegment Header, IReadOnlyList<EdifactSegment> Segments)
{
    /// <summary>How a rejected item inside this message is named: "message 2 (UNH 000002 CODECO)".</summary>
    public string Name => $"message {Ordinal.ToString(CultureInfo.InvariantCulture)} (UNH {Reference} {Type})";
}

/// <summary>A UNB…UNZ interchange whose envelope checked out: the messages that did too, and those that did not.</summary>
public sealed record EdifactInterchange(
    EdifactSyntax Syntax,
    DateTimeOffset? PreparedAt,
    string ControlReference,
    IReadOnlyList<EdifactMessage> Messages,
    IReadOnlyList<RejectedItem> RejectedMessages);

/// <summary>
/// Checks the envelopes of a tokenised interchange (ISO 9735): UNB first and UNZ last with the
/// same control reference and the right message count; each message UNH…UNT with matching
/// reference and segment count. An interchange-level fault rejects everything (a wrong UNZ count
/// means messages may be missing); a message-level fault rejects that message only.
/// </summary>
public static class EdifactInterchangeReader
{
    public static EdifactInterchange? Read(EdifactTokenizer.Tokens tokens, TimeSpan localOffset, out ParseError? error)
    {
        error = null;
        var segments = tokens.Segments;
        var header = segments[0];
        var trailer = segments[^1];
        if (trailer.Tag != "UNZ" || segments.Count < 2)
        {
            error = new ParseError(ParseCodes.EdifactEnvelope, trailer.Where, "the interchange trailer UNZ as the last segment", $"{trailer.Tag} (truncated interchange?)");
            return null;
        }
        var controlReference = header.Value(5);
        if (controlReference.Length == 0)
        {
            error = new ParseError(ParseCodes.FieldMissing, header.Position(5), "the interchange control reference (0020)", "nothing");
            return null;
        }
        if (trailer.Value(2) != controlReference)
        {
            error = new ParseError(ParseCodes.EdifactReferenceMismatch, trailer.Position(2), $"the UNB control reference {ParseError.Quote(controlReference)}", ParseError.Quote(trailer.Value(2)));
            return null;
        }
        Timestamps.TryParseUnbDateTime(header.Value(4, 1), header.Value(4, 2), localOffset, out var preparedAt);

        var messages = new List<EdifactMessage>();
        var rejected = new List<RejectedItem>();
        var ordinal = 0;
        var index = 1;
        while (index < segments.Count - 1)
        {
            var segment = segments[index];
            if (segment.Tag is "UNG" or "UNE")
            {
                error = new ParseError(ParseCodes.EdifactEnvelope, segment.Where, "messages directly in the interchange (UNH…UNT)", "a functional group, which TradeChain does not read; send the messages without UNG/UNE");
                return null;
            }
            if (segment.Tag != "UNH")
            {
                error = new ParseError(ParseCodes.EdifactEnvelope, segment.Where, "a message header UNH", segment.Tag);
                return null;
            }
            ordinal++;
            var end = index + 1;
            while (end < segments.Count - 1 && segments[end].Tag is not ("UNT" or "UNH"))
            {
                end++;
            }
            var name = $"message {ordinal.ToString(CultureInfo.InvariantCulture)} (UNH {segment.Value(1)})";
            if (segments[end].Tag != "UNT")
            {
                rejected.Add(new RejectedItem(name, [new ParseError(ParseCodes.EdifactEnvelope, segments[end].Where, "the message trailer UNT", segments[end].Tag)]));
                index = end;
                continue;
            }
            var messageError = CheckMessage(segment, segments[end], end - index + 1);
            if (messageError is null)
            {
                messages.Add(new EdifactMessage(ordinal, segment.Value(1), segment.Value(2, 1), segment.Value(2, 2), segment.Value(2, 3), segment,
                    segments.Skip(index + 1).Take(end - index - 1).ToArray()));
            }
            else
            {
                rejected.Add(new RejectedItem(name, [messageError]));
            }
            index = end + 1;
        }
        var declaredCount = trailer.Value(1);
        if (declaredCount != ordinal.ToString(CultureInfo.InvariantCulture))
        {
            error = new ParseError(ParseCodes.EdifactCountMismatch, trailer.Position(1), $"{ordinal} messages, the number in the interchange", $"UNZ count {ParseError.Quote(declaredCount)} (messages lost or added?)");
            return null;
        }
        return new EdifactInterchange(tokens.Syntax, preparedAt == default ? null : preparedAt, controlReference, messages, rejected);
    }

    private static ParseError? CheckMessage(EdifactSegment header, EdifactSegment trailer, int segmentCount)
    {
        if (header.Value(1).Length == 0)
        {
            return new ParseError(ParseCodes.FieldMissing, header.Position(1), "the message reference number (0062)", "nothing");
        }
        if (header.Value(2, 1).Length == 0)
        {
            return new ParseError(ParseCodes.FieldMissing, header.Position(2, 1), "the message type (0065), e.g. CODECO", "nothing");
        }
        if (trailer.Value(2) != header.Value(1))
        {
            return new ParseError(ParseCodes.EdifactReferenceMismatch, trailer.Position(2), $"the UNH message reference {ParseError.Quote(header.Value(1))}", ParseError.Quote(trailer.Value(2)));
        }
        if (trailer.Value(1) != segmentCount.ToString(CultureInfo.InvariantCulture))
        {
            return new ParseError(ParseCodes.EdifactCountMismatch, trailer.Position(1), $"{segmentCount} segments from UNH to UNT inclusive", $"UNT count {ParseError.Quote(trailer.Value(1))} (segments lost or added?)");
        }
        return null;
    }
}
