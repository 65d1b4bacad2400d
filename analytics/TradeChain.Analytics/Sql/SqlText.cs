using System.Text.RegularExpressions;

namespace TradeChain.Analytics.Sql;

/// <summary>The types a query parameter can have; values are bound by the engine's driver, never spliced into the text.</summary>
public enum SqlParamType
{
    String = 1,
    Int64 = 2,
}

public sealed record SqlParam(string Name, SqlParamType Type, object Value);

/// <summary>A statement and its parameters, as a dialect rendered them.</summary>
public sealed record SqlText(string Text, IReadOnlyList<SqlParam> Parameters)
{
    public override string ToString() => Text;
}

/// <summary>
/// Values that go into SQL text rather than parameters (IN lists of event ids, SLA ports in a
/// CASE): each is checked against a strict shape first, so nothing a caller sends can close a
/// string literal.
/// </summary>
public static partial class SqlLiterals
{
    /// <summary>An event id as the ledger prints it: algorithm name, colon, 64 lower-case hex digits.</summary>
    public static string EventId(string eventId) =>
        EventIdShape().IsMatch(eventId) ? $"'{eventId}'" : throw new ArgumentException($"'{eventId}' is not an event id");

    /// <summary>A UN/LOCODE (5 characters, letters and digits 2-9).</summary>
    public static string Locode(string port) =>
        LocodeShape().IsMatch(port) ? $"'{port}'" : throw new ArgumentException($"'{port}' is not a UN/LOCODE");

    [GeneratedRegex(@"^[a-z0-9]{1,16}:[0-9a-f]{64}\z")]
    private static partial Regex EventIdShape();

    [GeneratedRegex(@"^[A-Z]{2}[A-Z2-9]{3}\z")]
    private static partial Regex LocodeShape();
}
