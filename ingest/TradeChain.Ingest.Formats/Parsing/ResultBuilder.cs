using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>
/// Gathers a message's events and rejected items, enforcing the per-message limits: more events
/// than allowed rejects the whole message (a producer bug, not a partner mistake in one item),
/// more rejected items than allowed are summarised in one.
/// </summary>
public sealed class ResultBuilder
{
    private readonly List<TradeEvent> _events = [];
    private readonly List<RejectedItem> _rejected = [];
    private readonly FormatLimits _limits;
    private int _itemsSeen;
    private int _rejectedBeyondLimit;

    public ResultBuilder(FormatLimits limits)
    {
        _limits = limits;
    }

    /// <summary>
    /// Counts an item before it is mapped; false once the message holds more items than the limit,
    /// and the caller stops reading.
    /// </summary>
    public bool CountItem() => ++_itemsSeen <= _limits.MaxEventsPerMessage;

    public bool TooManyItems => _itemsSeen > _limits.MaxEventsPerMessage;

    public void AddEvent(TradeEvent tradeEvent) => _events.Add(tradeEvent);

    public void Reject(string item, IReadOnlyList<ParseError> errors)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("a rejected item needs at least one error", nameof(errors));
        }
        if (_rejected.Count < _limits.MaxRejectedItems)
        {
            _rejected.Add(new RejectedItem(item, errors));
        }
        else
        {
            _rejectedBeyondLimit++;
        }
    }

    public void Reject(string item, ParseError error) => Reject(item, [error]);

    /// <summary>The built event, or the item rejected with the errors that kept it from being built.</summary>
    public void AddOrReject(string item, TradeEvent? tradeEvent, IReadOnlyList<ParseError> errors)
    {
        if (tradeEvent is null)
        {
            Reject(item, errors);
        }
        else
        {
            AddEvent(tradeEvent);
        }
    }

    public ParseResult Build(string itemKind)
    {
        if (TooManyItems)
        {
            return ParseResult.MessageRejected(new ParseError(ParseCodes.MessageTooManyEvents, ParseResult.WholeMessage,
                $"at most {_limits.MaxEventsPerMessage} {itemKind} per message; split the message", $"more than {_limits.MaxEventsPerMessage}"));
        }
        var rejected = _rejected;
        if (_rejectedBeyondLimit > 0)
        {
            rejected = [.. _rejected, new RejectedItem(ParseResult.WholeMessage, [new ParseError(ParseCodes.MessageTooManyEvents, ParseResult.WholeMessage,
                $"at most {_limits.MaxRejectedItems} rejected items reported per message", $"{_rejectedBeyondLimit} more rejected {itemKind} not listed")])];
        }
        return new ParseResult(_events, rejected);
    }
}
