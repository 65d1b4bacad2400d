using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>
/// What a parser knows besides the bytes: who sent them, on which feed, and when the message was
/// written to the feed. <see cref="ReceivedAt"/> is the fallback for a missing "recorded at";
/// callers pass the Kafka message timestamp (stored with the message, so a replay parses to the
/// same event), never the wall clock.
/// </summary>
public sealed record ParseContext(PartnerProfile Partner, Feed Feed, DateTimeOffset ReceivedAt)
{
    public FormatLimits Limits { get; init; } = FormatLimits.Default;
}

/// <summary>A parser of one partner format into trade events. Never throws for bad input: every problem is a <see cref="ParseError"/>.</summary>
public interface IFeedParser
{
    FeedFormat Format { get; }

    ParseResult Parse(ReadOnlySpan<byte> payload, ParseContext context);
}
