using System.Globalization;
using TradeChain.Analytics.Queries;

namespace TradeChain.Analytics.Jobs;

/// <summary>Which days the KPI roll-up computes on a run. Pure.</summary>
public static class RollupPlanner
{
    /// <summary>
    /// The completed local days to (re)compute, oldest first: every day after the last one rolled
    /// up (or the last <paramref name="backfillDays"/> on a first run), plus the last
    /// <paramref name="lateDays"/> days again, because late events still change them. Today is
    /// never rolled up: it is not over. At most <paramref name="maxDays"/>; the next run carries on.
    /// </summary>
    public static IReadOnlyList<DateOnly> DaysToRoll(DateOnly? lastRolled, DateOnly today, int lateDays, int backfillDays, int maxDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lateDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(backfillDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        var yesterday = today.AddDays(-1);
        var afterLast = lastRolled is { } last ? last.AddDays(1) : today.AddDays(-backfillDays);
        var first = afterLast < today.AddDays(-lateDays) ? afterLast : today.AddDays(-lateDays);
        var days = new List<DateOnly>();
        for (var day = first; day <= yesterday && days.Count < maxDays; day = day.AddDays(1))
        {
            days.Add(day);
        }
        return days;
    }
}

/// <summary>The identity of a breach: one notification per clock and shipment, however long it stays late.</summary>
public sealed record SlaBreachKey(string Clock, string MasterBill, string HouseBill)
{
    public static SlaBreachKey Of(SlaBreachRow breach) => new(breach.Clock, breach.MasterBill, breach.HouseBill);
}

/// <summary>Which breaches are news. Pure.</summary>
public static class SlaBreachTracker
{
    /// <summary>The breaches whose key is not in <paramref name="known"/>, each key once, in the given order.</summary>
    public static IReadOnlyList<SlaBreachRow> NewBreaches(IReadOnlySet<SlaBreachKey> known, IReadOnlyList<SlaBreachRow> current)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(current);
        var seen = new HashSet<SlaBreachKey>();
        return current.Where(b => !known.Contains(SlaBreachKey.Of(b)) && seen.Add(SlaBreachKey.Of(b))).ToArray();
    }
}

/// <summary>What the retention job deletes. Pure.</summary>
public static class RetentionPlanner
{
    public const string BackupPrefix = "analytics-";

    private const string BackupTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The name of a backup taken at <paramref name="at"/>: sortable, so the newest sorts last.</summary>
    public static string BackupName(DateTimeOffset at) => BackupPrefix + at.UtcDateTime.ToString(BackupTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Events that occurred before this instant go; null keeps everything.</summary>
    public static DateTimeOffset? EventCutoff(DateTimeOffset now, TimeSpan? retention) => retention is { } keep ? now - keep : null;

    /// <summary>
    /// The backups to delete: all but the newest <paramref name="keep"/> of those named by
    /// <see cref="BackupName"/>. Anything else in the directory is not ours and is left alone.
    /// </summary>
    public static IReadOnlyList<string> BackupsToDelete(IEnumerable<string> names, int keep)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var ours = names
            .Where(n => n.StartsWith(BackupPrefix, StringComparison.Ordinal)
                && DateTime.TryParseExact(n[BackupPrefix.Length..], BackupTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return ours.Length <= keep ? [] : ours[..^keep];
    }
}
