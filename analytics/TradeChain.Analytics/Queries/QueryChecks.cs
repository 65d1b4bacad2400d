using System.Runtime.CompilerServices;

namespace TradeChain.Analytics.Queries;

/// <summary>
/// The argument checks every query's <c>Check()</c> makes. The caller's expression is the
/// parameter name, so a failed check names the query's own property (MaxRows, Plate), as
/// the API's problem documents show it.
/// </summary>
internal static class QueryChecks
{
    /// <summary>A text a query looks up: not blank, and at most <paramref name="maxChars"/> long (the stores' key bound).</summary>
    public static void LookupText(string value, int maxChars, string what, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Length > maxChars)
        {
            throw new ArgumentException($"{what} is {value.Length} characters, over {maxChars}");
        }
    }

    /// <summary>A row limit: at least one row, at most <paramref name="maxRows"/>.</summary>
    public static void RowLimit(int value, int maxRows, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, paramName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, maxRows, paramName);
    }
}
