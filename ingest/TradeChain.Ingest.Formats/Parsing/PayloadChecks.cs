using System.Globalization;

namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>The checks every parser makes before reading a byte: something to read, and not too much of it.</summary>
public static class PayloadChecks
{
    public static ParseError? SizeAndPresence(ReadOnlySpan<byte> payload, FormatLimits limits)
    {
        if (payload.Length > limits.MaxMessageBytes)
        {
            return new ParseError(ParseCodes.MessageTooLarge, ParseResult.WholeMessage,
                $"at most {limits.MaxMessageBytes.ToString(CultureInfo.InvariantCulture)} bytes", $"{payload.Length.ToString(CultureInfo.InvariantCulture)} bytes");
        }
        if (payload.IsEmpty || payload.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return new ParseError(ParseCodes.MessageEmpty, ParseResult.WholeMessage, "a message", "no content");
        }
        return null;
    }
}
