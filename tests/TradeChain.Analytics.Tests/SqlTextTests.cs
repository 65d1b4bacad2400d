using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Sql;

namespace TradeChain.Analytics.Tests;

/// <summary>The SQL text: parameters are bound, never spliced; what must be inline is shape-checked first.</summary>
[Trait("Category", "Analytics")]
public sealed class SqlTextTests
{
    [Fact]
    public void user_values_travel_as_parameters_in_both_dialects()
    {
        var query = new TraceQuery("x' OR '1'='1");
        var duck = new AnalyticsSql(DuckDbDialect.Instance).TraceRefs(query);
        var clickHouse = new AnalyticsSql(ClickHouseDialect.Instance).TraceRefs(query);
        Assert.DoesNotContain("OR '1'", duck.Text, StringComparison.Ordinal);
        Assert.Contains("ref_value = $ref", duck.Text, StringComparison.Ordinal);
        Assert.Contains("ref_value = {ref:String}", clickHouse.Text, StringComparison.Ordinal);
        Assert.Contains("FINAL", clickHouse.Text, StringComparison.Ordinal);
        Assert.Equal([new SqlParam("ref", SqlParamType.String, query.Reference)], duck.Parameters);
    }

    [Fact]
    public void a_vehicle_plate_and_port_travel_as_parameters_in_both_dialects()
    {
        var query = new VehicleMovementQuery("津A' OR '1'='1", "CNTSN");
        var duck = new AnalyticsSql(DuckDbDialect.Instance).VehicleMovements(query);
        var clickHouse = new AnalyticsSql(ClickHouseDialect.Instance).VehicleMovements(query);
        Assert.DoesNotContain("OR '1'", duck.Text + clickHouse.Text, StringComparison.Ordinal);
        Assert.Contains("vehicle_registration = $plate AND", duck.Text, StringComparison.Ordinal);
        Assert.Contains("vehicle_registration = {plate:String} AND", clickHouse.Text, StringComparison.Ordinal);
        Assert.Contains("FINAL", clickHouse.Text, StringComparison.Ordinal);
        Assert.Equal([new SqlParam("plate", SqlParamType.String, query.Plate), new SqlParam("port", SqlParamType.String, "CNTSN")], duck.Parameters);
    }

    [Fact]
    public void inline_literals_accept_only_their_shape()
    {
        Assert.Equal("'sha256:" + new string('a', 64) + "'", SqlLiterals.EventId("sha256:" + new string('a', 64)));
        Assert.Throws<ArgumentException>(() => SqlLiterals.EventId("sha256:" + new string('a', 63) + "'"));
        Assert.Equal("'CNTSN'", SqlLiterals.Locode("CNTSN"));
        Assert.Throws<ArgumentException>(() => SqlLiterals.Locode("CN'--"));
    }

    [Fact]
    public void percentiles_are_read_at_the_integer_nearest_rank_in_both_engines()
    {
        var query = new KpiQuery(KpiClocks.CustomsClearance, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1));
        Assert.Contains("sorted[((90 * n + 99) // (100))]", new AnalyticsSql(DuckDbDialect.Instance).Kpi(query).Text, StringComparison.Ordinal);
        Assert.Contains("sorted[intDiv(90 * n + 99, 100)]", new AnalyticsSql(ClickHouseDialect.Instance).Kpi(query).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void queries_refuse_unbounded_ranges_and_limits()
    {
        var store = new AnalyticsSql(DuckDbDialect.Instance);
        Assert.Throws<ArgumentException>(() => new KpiQuery(KpiClocks.CustomsClearance, new DateOnly(2026, 1, 1), new DateOnly(2028, 1, 1)).Check());
        Assert.Throws<ArgumentOutOfRangeException>(() => new VolumeQuery(new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), MaxRows: 1_000_000).Check());
        Assert.Throws<ArgumentException>(() => new TraceQuery(new string('A', 200)).Check());
        Assert.Throws<ArgumentOutOfRangeException>(() => store.EventsById(Enumerable.Repeat("sha256:" + new string('a', 64), AnalyticsSql.MaxIdsPerStatement + 1).ToArray(), 0, 1));
    }
}
