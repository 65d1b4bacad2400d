using TradeChain.Ingest.Formats.Parsing;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>
/// Reads a UN/EDIFACT interchange: tokenises it (UNA, release character, character set), checks
/// its envelopes, and maps each message by its UNH type. Several messages, of several types, may
/// share an interchange; a bad message is rejected on its own.
/// </summary>
public sealed class EdifactParser : IFeedParser
{
    private readonly Dictionary<string, IEdifactMessageMapper> _mappers;

    public EdifactParser()
        : this([new CodecoMapper(), new CusresMapper(), new CuscarMapper()])
    {
    }

    public EdifactParser(IEnumerable<IEdifactMessageMapper> mappers)
    {
        _mappers = mappers.ToDictionary(m => m.MessageType, StringComparer.Ordinal);
    }

    public FeedFormat Format => FeedFormat.Edifact;

    public ParseResult Parse(ReadOnlySpan<byte> payload, ParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tokens = EdifactTokenizer.Tokenize(payload, context.Limits, out var error);
        if (tokens is null)
        {
            return ParseResult.MessageRejected(error!);
        }
        var interchange = EdifactInterchangeReader.Read(tokens, context.Partner.UtcOffset, out error);
        if (interchange is null)
        {
            return ParseResult.MessageRejected(error!);
        }
        var result = new ResultBuilder(context.Limits);
        foreach (var rejected in interchange.RejectedMessages)
        {
            result.Reject(rejected.Item, rejected.Errors);
        }
        foreach (var message in interchange.Messages)
        {
            if (result.TooManyItems)
            {
                break;
            }
            if (_mappers.TryGetValue(message.Type, out var mapper))
            {
                mapper.Map(message, interchange, context, result);
            }
            else
            {
                result.Reject(message.Name, new ParseError(ParseCodes.EdifactMessageType, message.Header.Position(2, 1), $"a message type TradeChain reads: {string.Join(", ", _mappers.Keys.Order(StringComparer.Ordinal))}", ParseError.Quote(message.Type)));
            }
        }
        return result.Build("events");
    }
}
