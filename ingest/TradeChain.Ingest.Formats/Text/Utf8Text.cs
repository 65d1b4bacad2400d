using System.Buffers;
using System.Text;
using System.Text.Unicode;
using TradeChain.Ingest.Formats.Parsing;

namespace TradeChain.Ingest.Formats.Text;

/// <summary>Strict UTF-8 decoding that names the first bad byte instead of replacing it with U+FFFD.</summary>
public static class Utf8Text
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The payload without a leading UTF-8 byte-order mark, which some Windows partner systems prepend.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> payload) =>
        payload.StartsWith(Bom) ? payload[Bom.Length..] : payload;

    /// <summary>Null when <paramref name="payload"/> is valid UTF-8, else the error naming the byte offset of the first invalid sequence.</summary>
    public static ParseError? Check(ReadOnlySpan<byte> payload)
    {
        if (Utf8.IsValid(payload))
        {
            return null;
        }
        var offset = FirstInvalidOffset(payload);
        return new ParseError(ParseCodes.MessageEncoding, $"byte {offset}", "UTF-8 text", $"byte 0x{payload[offset]:X2}, which is not valid UTF-8 here (is the message in GBK or Latin-1?)");
    }

    public static bool TryDecode(ReadOnlySpan<byte> payload, out string text, out ParseError? error)
    {
        error = Check(payload);
        text = error is null ? Encoding.UTF8.GetString(payload) : string.Empty;
        return error is null;
    }

    private static int FirstInvalidOffset(ReadOnlySpan<byte> payload)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Min(payload.Length, 4096) + 4);
        try
        {
            var consumed = 0;
            while (consumed < payload.Length)
            {
                var status = Utf8.ToUtf16(payload[consumed..], buffer, out var bytesRead, out _, replaceInvalidSequences: false, isFinalBlock: true);
                consumed += bytesRead;
                if (status == OperationStatus.InvalidData)
                {
                    return consumed;
                }
                if (status == OperationStatus.Done)
                {
                    break;
                }
            }
            return Math.Min(consumed, payload.Length - 1);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
