using Apache.Arrow;
using Apache.Arrow.Ipc;
using DuckDB.NET.Data;
using TradeChain.Analytics.Export;
using TradeChain.Analytics.Queries;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Tests;

/// <summary>Query answers as Arrow IPC streams, CSV and Parquet.</summary>
[Trait("Category", "Analytics")]
public sealed class ExportTests
{
    private static readonly QueryResult<KpiRow> Kpis = new(
    [
        new KpiRow("customs_clearance", "2026-01-01", "CNTSN", TransportMode.Sea, TradeDirection.Import, "", 3, 30_000, 5_000, 15_000, 10_000, 15_000, 15_000),
        new KpiRow("customs_clearance", "2026-01-01", "CNPEK", null, null, "91120116MA05JJ8B4G", 1, 7, 7, 7, 7, 7, 7),
    ], Truncated: true);

    private static readonly QueryResult<TurnaroundRow> Turnarounds = new(
    [
        new TurnaroundRow("CNTSN", TransportMode.Sea, "9811000/1125W", DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000), null),
        new TurnaroundRow("CNPEK", TransportMode.Air, "CA1041/2026-01-01", DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000), DateTimeOffset.FromUnixTimeMilliseconds(1_767_232_800_000)),
    ], Truncated: false);

    [Fact]
    public async Task an_arrow_ipc_stream_reads_back_with_types_nulls_and_the_truncation_flag()
    {
        using var buffer = new MemoryStream();
        await ResultExport.WriteArrowIpcAsync(ResultTables.Kpi(Kpis), buffer, TestContext.Current.CancellationToken);
        buffer.Position = 0;
        using var reader = new ArrowStreamReader(buffer);
        using var batch = await reader.ReadNextRecordBatchAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, batch.Length);
        Assert.Equal("true", batch.Schema.Metadata["truncated"]);
        Assert.Equal("Sea", ((StringArray)batch.Column("mode")).GetString(0));
        Assert.True(batch.Column("mode").IsNull(1));
        Assert.Equal(10_000.0, ((DoubleArray)batch.Column("mean_ms")).GetValue(0));
        Assert.Equal(15_000L, ((Int64Array)batch.Column("p95_ms")).GetValue(0));
    }

    [Fact]
    public async Task csv_quotes_what_needs_quoting_and_writes_utc_times()
    {
        var table = ResultTables.Turnaround(Turnarounds);
        using var text = new StringWriter();
        await ResultExport.WriteCsvAsync(table, text, TestContext.Current.CancellationToken);
        Assert.Equal(
            "port,mode,conveyance,arrived_at,departed_at,turnaround_ms\n" +
            "CNTSN,Sea,9811000/1125W,2026-01-01T00:00:00.000Z,,\n" +
            "CNPEK,Air,CA1041/2026-01-01,2026-01-01T00:00:00.000Z,2026-01-01T02:00:00.000Z,7200000\n",
            text.ToString().ReplaceLineEndings("\n"));

        using var quoted = new StringWriter();
        var odd = ResultTable.Of("odd", ["a,b", "say \"hi\"", "line\nbreak"], false, ("v", ColumnKind.Text, (string s) => s));
        await ResultExport.WriteCsvAsync(odd, quoted, TestContext.Current.CancellationToken);
        Assert.Equal("v\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"line\nbreak\"\n", quoted.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void parquet_files_read_back_through_duckdb()
    {
        using var temp = new TempDirectory();
        var path = temp.File("kpi.parquet");
        ResultExport.WriteParquet(ResultTables.Kpi(Kpis), path);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), CAST(sum(shipments) AS BIGINT), max(p50_ms), count(mode) FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((2L, 4L, 10_000L, 1L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
    }
}
