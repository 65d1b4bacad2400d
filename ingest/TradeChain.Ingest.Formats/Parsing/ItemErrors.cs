namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>
/// Collects the errors of one item (an event-to-be) up to the per-item limit: a mapper reports
/// everything wrong with an item in one pass, so the partner fixes it in one round trip.
/// </summary>
public sealed class ItemErrors
{
    private readonly List<ParseError> _errors = [];
    private readonly int _maxErrors;

    public ItemErrors(int maxErrors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxErrors, 1);
        _maxErrors = maxErrors;
    }

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<ParseError> Errors => _errors;

    public void Add(string code, string position, string expected, string found)
    {
        if (_errors.Count < _maxErrors)
        {
            _errors.Add(new ParseError(code, position, expected, found));
        }
    }

    public void Add(ParseError error)
    {
        if (_errors.Count < _maxErrors)
        {
            _errors.Add(error);
        }
    }
}
