namespace TradeChain.Analytics.Queries;

/// <summary>
/// The one percentile definition every engine and the test oracle compute: nearest rank. Of n
/// values sorted ascending (1-based), the P-th percentile is the value at rank ⌈P·n/100⌉, computed
/// in integers ((P·n + 99) div 100) so no floating-point rounding can move it. It is always one
/// of the measured durations (never an interpolation), so DuckDB, ClickHouse and C# agree to the
/// millisecond; DuckDB's quantile_cont or ClickHouse's quantile (sampling) would not.
/// </summary>
public static class Percentiles
{
    /// <summary>The 1-based rank of the <paramref name="percent"/>-th percentile of <paramref name="count"/> values.</summary>
    public static long Rank(int percent, long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return ((percent * count) + 99) / 100;
    }

    /// <summary>The nearest-rank percentile of values already sorted ascending.</summary>
    public static long NearestRank(IReadOnlyList<long> sortedAscending, int percent)
    {
        ArgumentNullException.ThrowIfNull(sortedAscending);
        return sortedAscending[(int)Rank(percent, sortedAscending.Count) - 1];
    }
}
