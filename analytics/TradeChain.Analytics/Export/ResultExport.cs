using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using DuckDB.NET.Data;

namespace TradeChain.Analytics.Export;

/// <summary>
/// Writes a <see cref="ResultTable"/> as an Arrow IPC stream, CSV (RFC 4180, UTF-8, invariant
/// culture, ISO 8601 UTC times) or Parquet (through an in-memory DuckDB, whichever store
/// answered the query). The Arrow schema carries "truncated" in its metadata.
/// </summary>
public static class ResultExport
{
    private static readonly TimestampType Utc = new(TimeUnit.Millisecond, "UTC");

    public static RecordBatch ToArrow(ResultTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var schema = new Schema.Builder();
        foreach (var column in table.Columns)
        {
            schema.Field(new Field(column.Name, ArrowType(column.Kind), nullable: true));
        }
        schema.Metadata("truncated", table.Truncated ? "true" : "false");
        var arrays = table.Columns.Select(Array).ToArray();
        return new RecordBatch(schema.Build(), arrays, table.RowCount);
    }

    public static async Task WriteArrowIpcAsync(ResultTable table, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var batch = ToArrow(table);
        using var writer = new ArrowStreamWriter(output, batch.Schema, leaveOpen: true);
        await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteCsvAsync(ResultTable table, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync(string.Join(',', table.Columns.Select(c => Field(c.Name)))).ConfigureAwait(false);
        var line = new StringBuilder();
        for (var row = 0; row < table.RowCount; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line.Clear();
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }
                line.Append(Field(Text(table.Columns[c].Values[row])));
            }
            await output.WriteLineAsync(line.ToString()).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="table"/> to a Parquet file (zstd), using an in-memory DuckDB as the writer.</summary>
    public static void WriteParquet(ResultTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\" {SqlType(c.Kind)}"));
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE export ({columns})";
            create.ExecuteNonQuery();
        }
        using (var appender = connection.CreateAppender("export"))
        {
            for (var row = 0; row < table.RowCount; row++)
            {
                var target = appender.CreateRow();
                foreach (var column in table.Columns)
                {
                    target = column.Values[row] switch
                    {
                        null => target.AppendNullValue(),
                        string s => target.AppendValue(s),
                        long l => target.AppendValue(l),
                        double d => target.AppendValue(d),
                        bool b => target.AppendValue(b),
                        DateTimeOffset t => target.AppendValue(t.UtcDateTime),
                        var other => throw new NotSupportedException($"column {column.Name} holds a {other.GetType().Name}"),
                    };
                }
                target.EndRow();
            }
        }
        using var copy = connection.CreateCommand();
        copy.CommandText = $"COPY export TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET, COMPRESSION ZSTD)";
        copy.ExecuteNonQuery();
    }

    private static IArrowType ArrowType(ColumnKind kind) => kind switch
    {
        ColumnKind.Text => StringType.Default,
        ColumnKind.Int64 => Int64Type.Default,
        ColumnKind.Float64 => DoubleType.Default,
        ColumnKind.Bool => BooleanType.Default,
        ColumnKind.Timestamp => Utc,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown column kind"),
    };

    private static string SqlType(ColumnKind kind) => kind switch
    {
        ColumnKind.Text => "VARCHAR",
        ColumnKind.Int64 => "BIGINT",
        ColumnKind.Float64 => "DOUBLE",
        ColumnKind.Bool => "BOOLEAN",
        ColumnKind.Timestamp => "TIMESTAMP",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown column kind"),
    };

    private static IArrowArray Array(ResultColumn column)
    {
        switch (column.Kind)
        {
            case ColumnKind.Text:
                var text = new StringArray.Builder();
                foreach (var v in column.Values)
                {
                    if (v is null) { text.AppendNull(); } else { text.Append((string)v); }
                }
                return text.Build();
            case ColumnKind.Int64:
                var longs = new Int64Array.Builder();
                foreach (var v in column.Values)
                {
                    if (v is null) { longs.AppendNull(); } else { longs.Append((long)v); }
                }
                return longs.Build();
            case ColumnKind.Float64:
                var doubles = new DoubleArray.Builder();
                foreach (var v in column.Values)
                {
                    if (v is null) { doubles.AppendNull(); } else { doubles.Append((double)v); }
                }
                return doubles.Build();
            case ColumnKind.Bool:
                var bools = new BooleanArray.Builder();
                foreach (var v in column.Values)
                {
                    if (v is null) { bools.AppendNull(); } else { bools.Append((bool)v); }
                }
                return bools.Build();
            default:
                var times = new TimestampArray.Builder(Utc);
                foreach (var v in column.Values)
                {
                    if (v is null) { times.AppendNull(); } else { times.Append((DateTimeOffset)v); }
                }
                return times.Build();
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes.
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
