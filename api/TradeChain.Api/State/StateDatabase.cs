using DuckDB.NET.Data;

namespace TradeChain.Api.State;

/// <summary>
/// The API's own durable state next to principals.json and audit.log: one embedded DuckDB file
/// (<c>&lt;data&gt;/state.duckdb</c>) holding the webhook subscriptions, the delivery outbox and its
/// log, and partners' push receipts. DuckDB rather than more JSON files: enqueueing a block's
/// deliveries and moving the follower's checkpoint commit in one transaction (nothing is sent twice
/// or lost across a restart), and the owners' logs are paged and pruned with SQL instead of
/// rewriting files. It is already in the process for analytics, so it adds no dependency.
/// One connection, one caller at a time: every operation here is a few small statements.
/// </summary>
public sealed class StateDatabase : IDisposable
{
    public const string FileName = "state.duckdb";

    private readonly DuckDBConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;

    private StateDatabase(DuckDBConnection connection) => _connection = connection;

    public static StateDatabase Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var connection = new DuckDBConnection($"Data Source={Path.Combine(dataDirectory, FileName)}");
        try
        {
            connection.Open();
            // The API's state is small; the analytics store in the same process needs the memory.
            Execute(connection, "SET threads = 1; SET memory_limit = '64MiB'");
            return new StateDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is durable or none of it.</summary>
    public T Transaction<T>(Func<DuckDBConnection, T> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            var result = work(_connection);
            transaction.Commit();
            return result;
        }
    }

    public void Transaction(Action<DuckDBConnection> work) => Transaction(c =>
    {
        work(c);
        return 0;
    });

    public static int Execute(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static List<object?[]> Query(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public static long Long(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    public static long? NullableLong(object? value) => value is null ? null : Long(value);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _connection.Dispose();
        }
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }
        return command;
    }
}
