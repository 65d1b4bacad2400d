using Apache.Arrow;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace TradeChain.Analytics.DuckDb;

/// <summary>
/// Appends an Arrow record batch to a DuckDB table through the native appender, reading each
/// Arrow column by its type. The table's columns must be in the batch's order (the appender is
/// positional); <see cref="DuckDbAnalyticsStore"/> checks that once when it opens.
/// </summary>
internal static class ArrowAppender
{
    public static void Append(DuckDBConnection connection, string table, RecordBatch batch)
    {
        using var appender = connection.CreateAppender(table);
        var columns = Enumerable.Range(0, batch.ColumnCount).Select(batch.Column).ToArray();
        for (var row = 0; row < batch.Length; row++)
        {
            var target = appender.CreateRow();
            foreach (var column in columns)
            {
                target = AppendCell(target, column, row);
            }
            target.EndRow();
        }
    }

    private static IDuckDBAppenderRow AppendCell(IDuckDBAppenderRow target, IArrowArray column, int row)
    {
        if (column.IsNull(row))
        {
            return target.AppendNullValue();
        }
        return column switch
        {
            StringArray strings => target.AppendValue(strings.GetString(row)),
            UInt64Array values => target.AppendValue(values.GetValue(row)),
            UInt32Array values => target.AppendValue(values.GetValue(row)),
            UInt8Array values => target.AppendValue(values.GetValue(row)),
            BooleanArray values => target.AppendValue(values.GetValue(row)),
            // DuckDB TIMESTAMP holds UTC wall time here: every timestamp column is UTC.
            TimestampArray values => target.AppendValue(values.GetTimestamp(row)!.Value.UtcDateTime),
            Date32Array values => target.AppendValue((DuckDBDateOnly)values.GetDateOnly(row)!.Value),
            ListArray list => target.AppendValue(Strings((StringArray)list.GetSlicedValues(row))),
            _ => throw new NotSupportedException($"no DuckDB append for Arrow {column.Data.DataType.TypeId}"),
        };
    }

    private static List<string> Strings(StringArray items)
    {
        var values = new List<string>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            values.Add(items.GetString(i));
        }
        return values;
    }
}
