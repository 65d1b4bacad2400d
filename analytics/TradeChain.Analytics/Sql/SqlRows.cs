using System.Collections;
using System.Globalization;
using TradeChain.Analytics.Queries;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Sql;

/// <summary>
/// Reads result rows the same way whichever engine produced them: the drivers hand back
/// different CLR types for the same SQL type (UInt64 vs Int64 counts, List&lt;string&gt; vs
/// string[]), so every value goes through one converter here.
/// </summary>
public static class SqlRows
{
    public static long Long(object? value) => value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static string Text(object? value) => value is null or DBNull ? "" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    public static bool Bool(object? value) => value is not null and not DBNull && Convert.ToBoolean(value, CultureInfo.InvariantCulture);

    public static TransportMode? Mode(object? value) => Long(value) is var code and > 0 ? (TransportMode)code : null;

    public static TradeDirection? Direction(object? value) => Long(value) is var code and > 0 ? (TradeDirection)code : null;

    public static IReadOnlyList<string> Texts(object? value) =>
        value is IEnumerable items and not string ? items.Cast<object?>().Select(Text).ToArray() : [];

    public static DateTimeOffset Time(object? value) => DateTimeOffset.FromUnixTimeMilliseconds(Long(value));

    public static TraceEvent TraceEvent(object?[] r) => new(
        EventId: Text(r[0]),
        Height: (ulong)Long(r[1]),
        TransactionIndex: (int)Long(r[2]),
        LeafIndex: (int)Long(r[3]),
        EventType: (TradeEventType)Long(r[4]),
        OccurredAt: Time(r[5]),
        MemberId: Text(r[6]),
        SourceSystem: Text(r[7]),
        Mode: Mode(r[8]),
        Direction: Direction(r[9]) ?? throw new InvalidOperationException($"event {Text(r[0])} has no direction"),
        Port: Text(r[10]),
        Location: Text(r[11]),
        MasterBill: Text(r[12]),
        HouseBills: Texts(r[13]),
        Containers: Texts(r[14]),
        DeclarationNumber: Text(r[15]),
        Redacted: Bool(r[16]));

    public static KpiRow Kpi(string clock, object?[] r) => new(
        Clock: clock,
        Period: Text(r[0]),
        Port: Text(r[1]),
        Mode: Mode(r[2]),
        Direction: Direction(r[3]),
        Enterprise: Text(r[4]),
        Count: Long(r[5]),
        TotalMs: Long(r[6]),
        MinMs: Long(r[7]),
        MaxMs: Long(r[8]),
        P50Ms: Long(r[9]),
        P90Ms: Long(r[10]),
        P95Ms: Long(r[11]));

    /// <summary>A kpi_daily row: day text, clock, port, mode, direction, shipments, total, min, max, p50, p90, p95, computed-at ms.</summary>
    public static KpiRollupRow KpiRollup(object?[] r) => new(
        DateOnly.ParseExact(Text(r[0]), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        new KpiRow(Text(r[1]), Text(r[0]), Text(r[2]), Mode(r[3]), Direction(r[4]), "", Long(r[5]), Long(r[6]), Long(r[7]), Long(r[8]), Long(r[9]), Long(r[10]), Long(r[11])),
        Time(r[12]));
}
