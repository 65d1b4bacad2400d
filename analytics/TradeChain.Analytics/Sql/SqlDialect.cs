using TradeChain.Analytics.Queries;

namespace TradeChain.Analytics.Sql;

/// <summary>
/// What differs between DuckDB and ClickHouse SQL in the shared queries: parameters, conditional
/// aggregates, arg-min/arg-max, list functions, dates and deduplicated reads. Everything else in
/// the queries is one text for both engines.
/// </summary>
public abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>The modifier that makes a read see deduplicated rows (ClickHouse FINAL on ReplacingMergeTree).</summary>
    public abstract string Final { get; }

    public abstract string Param(string name, SqlParamType type);

    /// <summary>A TIMESTAMP (DuckDB) / DateTime64(3, 'UTC') (ClickHouse) from Unix milliseconds.</summary>
    public abstract string TimestampFromMs(string ms);

    /// <summary>A DATE from 'yyyy-MM-dd' text.</summary>
    public abstract string DateFromText(string text);

    public abstract string EpochMs(string timestamp);

    /// <summary>A DATE as 'yyyy-MM-dd' text.</summary>
    public abstract string DateText(string date);

    public abstract string PeriodStart(string date, Period period);

    /// <summary>One row per item of <paramref name="list"/>, or one row of '' when it is empty.</summary>
    public abstract string UnnestOrBlank(string list);

    /// <summary>One row per item of <paramref name="list"/>, or one row of <paramref name="fallback"/> when it is empty.</summary>
    public abstract string UnnestOr(string list, string fallback);

    public abstract string CountIf(string condition);

    /// <summary>min(x) over rows meeting the condition; 0 when none do (read it only when the matching CountIf is positive).</summary>
    public abstract string MinIfOrZero(string value, string condition);

    public abstract string MaxIfOrZero(string value, string condition);

    public abstract string CountDistinctIf(string value, string condition);

    /// <summary>
    /// The value at the row with the least ordering key among rows meeting the condition; the
    /// key is compared left to right. <paramref name="fallback"/> when no row does (ClickHouse
    /// returns the type's default, which is what every caller passes as fallback).
    /// </summary>
    public abstract string ArgMinIf(string value, IReadOnlyList<string> orderBy, string condition, string fallback);

    public abstract string ArgMaxIf(string value, IReadOnlyList<string> orderBy, string condition, string fallback);

    /// <summary>The group's values as a list sorted ascending; lists index from 1 in both engines.</summary>
    public abstract string SortedList(string value);

    public abstract string IntDiv(string dividend, string divisor);
}

/// <summary>DuckDB SQL.</summary>
public sealed class DuckDbDialect : SqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    public override string Name => "duckdb";

    public override string Final => "";

    public override string Param(string name, SqlParamType type) => "$" + name;

    public override string TimestampFromMs(string ms) => $"epoch_ms(CAST({ms} AS BIGINT))";

    public override string DateFromText(string text) => $"CAST({text} AS DATE)";

    public override string EpochMs(string timestamp) => $"epoch_ms({timestamp})";

    public override string DateText(string date) => $"strftime({date}, '%Y-%m-%d')";

    public override string PeriodStart(string date, Period period) => period switch
    {
        Period.Day => date,
        Period.Week => $"CAST(date_trunc('week', {date}) AS DATE)",
        Period.Month => $"CAST(date_trunc('month', {date}) AS DATE)",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "unknown period"),
    };

    public override string UnnestOrBlank(string list) => UnnestOr(list, "''");

    public override string UnnestOr(string list, string fallback) => $"unnest(CASE WHEN len({list}) = 0 THEN [{fallback}] ELSE {list} END)";

    public override string CountIf(string condition) => $"count(*) FILTER (WHERE {condition})";

    public override string MinIfOrZero(string value, string condition) => $"coalesce(min({value}) FILTER (WHERE {condition}), 0)";

    public override string MaxIfOrZero(string value, string condition) => $"coalesce(max({value}) FILTER (WHERE {condition}), 0)";

    public override string CountDistinctIf(string value, string condition) => $"count(DISTINCT {value}) FILTER (WHERE {condition})";

    public override string ArgMinIf(string value, IReadOnlyList<string> orderBy, string condition, string fallback) =>
        $"coalesce(arg_min({value}, {Key(orderBy)}) FILTER (WHERE {condition}), {fallback})";

    public override string ArgMaxIf(string value, IReadOnlyList<string> orderBy, string condition, string fallback) =>
        $"coalesce(arg_max({value}, {Key(orderBy)}) FILTER (WHERE {condition}), {fallback})";

    public override string SortedList(string value) => $"list({value} ORDER BY {value})";

    public override string IntDiv(string dividend, string divisor) => $"(({dividend}) // ({divisor}))";

    // A struct compares field by field, left to right.
    private static string Key(IReadOnlyList<string> orderBy) =>
        orderBy.Count == 1 ? orderBy[0] : "{" + string.Join(", ", orderBy.Select((o, i) => $"'k{i}': {o}")) + "}";
}

/// <summary>ClickHouse SQL (current releases: lightweight deletes, FINAL, argMinIf over tuples).</summary>
public sealed class ClickHouseDialect : SqlDialect
{
    public static ClickHouseDialect Instance { get; } = new();

    public override string Name => "clickhouse";

    public override string Final => " FINAL";

    public override string Param(string name, SqlParamType type) => type switch
    {
        SqlParamType.String => $"{{{name}:String}}",
        SqlParamType.Int64 => $"{{{name}:Int64}}",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown parameter type"),
    };

    public override string TimestampFromMs(string ms) => $"fromUnixTimestamp64Milli(toInt64({ms}), 'UTC')";

    public override string DateFromText(string text) => $"toDate({text})";

    public override string EpochMs(string timestamp) => $"toUnixTimestamp64Milli({timestamp})";

    public override string DateText(string date) => $"toString({date})";

    public override string PeriodStart(string date, Period period) => period switch
    {
        Period.Day => date,
        Period.Week => $"toStartOfWeek({date}, 1)",
        Period.Month => $"toStartOfMonth({date})",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "unknown period"),
    };

    public override string UnnestOrBlank(string list) => UnnestOr(list, "''");

    public override string UnnestOr(string list, string fallback) => $"arrayJoin(if(empty({list}), [{fallback}], {list}))";

    public override string CountIf(string condition) => $"countIf({condition})";

    public override string MinIfOrZero(string value, string condition) => $"minIf({value}, {condition})";

    public override string MaxIfOrZero(string value, string condition) => $"maxIf({value}, {condition})";

    public override string CountDistinctIf(string value, string condition) => $"uniqExactIf({value}, {condition})";

    public override string ArgMinIf(string value, IReadOnlyList<string> orderBy, string condition, string fallback) =>
        $"argMinIf({value}, {Key(orderBy)}, {condition})";

    public override string ArgMaxIf(string value, IReadOnlyList<string> orderBy, string condition, string fallback) =>
        $"argMaxIf({value}, {Key(orderBy)}, {condition})";

    public override string SortedList(string value) => $"arraySort(groupArray({value}))";

    public override string IntDiv(string dividend, string divisor) => $"intDiv({dividend}, {divisor})";

    private static string Key(IReadOnlyList<string> orderBy) => orderBy.Count == 1 ? orderBy[0] : $"tuple({string.Join(", ", orderBy)})";
}
