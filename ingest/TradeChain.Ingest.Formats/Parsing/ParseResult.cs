using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>
/// What a partner message held: the events that could be built, and each item that could not,
/// with every error found in it. A message with some bad items keeps its good ones; a message
/// that cannot be read at all has no events and one rejected item naming the whole message.
/// </summary>
public sealed record ParseResult(IReadOnlyList<TradeEvent> Events, IReadOnlyList<RejectedItem> Rejected)
{
    /// <summary>The item name for errors that concern the message as a whole.</summary>
    public const string WholeMessage = "message";

    public static ParseResult MessageRejected(params ParseError[] errors) =>
        new([], [new RejectedItem(WholeMessage, errors)]);
}

/// <summary>
/// A part of a message that did not become an event. <see cref="Item"/> names it in the
/// partner's terms ("message 2 (UNH 000002), EQD 3 CSQU3054383", "$.events[4]"), so the
/// partner can find it; <see cref="Errors"/> holds at least one error.
/// </summary>
public sealed record RejectedItem(string Item, IReadOnlyList<ParseError> Errors)
{
    /// <summary>The first error's code: the dead-letter record's code.</summary>
    public string Code => Errors[0].Code;

    /// <summary>Every error, one per line: the dead-letter record's human reason.</summary>
    public string Reason => string.Join("\n", Errors.Select(e => e.ToString()));
}
