namespace TradeChain.Analytics.Queries;

/// <summary>How KPI and volume rows are bucketed in time.</summary>
public enum Period
{
    Day = 1,

    /// <summary>ISO weeks, starting on Monday.</summary>
    Week = 2,

    Month = 3,
}

/// <summary>Period arithmetic, the same as the engines' date_trunc / toStartOfWeek(d, 1) / toStartOfMonth.</summary>
public static class Periods
{
    public static DateOnly Start(DateOnly date, Period period) => period switch
    {
        Period.Day => date,
        Period.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
        Period.Month => new DateOnly(date.Year, date.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "unknown period"),
    };

    /// <summary>The text form rows carry: ISO date of the period's first day.</summary>
    public static string Label(DateOnly date, Period period) => Start(date, period).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The event time ranges the queries read, as pure functions so the engines and the test oracle
/// read exactly the same events. All bounds are Unix milliseconds, lower inclusive, upper exclusive.
/// </summary>
public static class QueryWindows
{
    private const long MsPerDay = 86_400_000;

    /// <summary>
    /// A KPI over shipments whose end milestone falls on local dates [from, to): events from
    /// <see cref="Store.AnalyticsLimits.MaxClockSpanDays"/> (plus a day of time-zone margin)
    /// before <paramref name="from"/>, to a day after <paramref name="to"/> (a local date ends up
    /// to 14 hours after the UTC date does).
    /// </summary>
    public static (long FromMs, long ToMs) Kpi(DateOnly from, DateOnly to) =>
        (UtcMidnightMs(from) - ((Store.AnalyticsLimits.MaxClockSpanDays + 1) * MsPerDay), UtcMidnightMs(to) + MsPerDay);

    /// <summary>Units in port during [fromMs, toMs]: events up to toMs, from <see cref="Store.AnalyticsLimits.MaxOpenDays"/> before fromMs.</summary>
    public static (long FromMs, long ToMs) Open(long fromMs, long toMs) =>
        (fromMs - (Store.AnalyticsLimits.MaxOpenDays * MsPerDay), toMs + 1);

    /// <summary>Conveyances arriving in [fromMs, toMs): their departures up to <see cref="Store.AnalyticsLimits.MaxTurnaroundDays"/> later.</summary>
    public static (long FromMs, long ToMs) Turnaround(long fromMs, long toMs) =>
        (fromMs, toMs + (Store.AnalyticsLimits.MaxTurnaroundDays * MsPerDay));

    public static long UtcMidnightMs(DateOnly date) => (long)(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * MsPerDay;

    /// <summary>Throws when [from, to) is empty or longer than <see cref="Store.AnalyticsLimits.MaxQueryRangeDays"/>.</summary>
    public static void CheckRange(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"the date range [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}) is empty");
        }
        if (to.DayNumber - from.DayNumber > Store.AnalyticsLimits.MaxQueryRangeDays)
        {
            throw new ArgumentException($"the date range [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}) spans {to.DayNumber - from.DayNumber} days, over the {Store.AnalyticsLimits.MaxQueryRangeDays}-day limit");
        }
    }
}
