using Microsoft.Extensions.Logging;

namespace TradeChain.Ingest.Commands;

/// <summary>The command line's log: one line per entry on the command's error writer ("info: …"), Information and above.</summary>
internal sealed class TextWriterLogger<T>(TextWriter writer, LogLevel minimum = LogLevel.Information) : ILogger<T>
{
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var level = logLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        lock (_lock)
        {
            writer.WriteLine($"{level}: {formatter(state, exception)}");
            if (exception is not null)
            {
                writer.WriteLine($"      {exception.GetType().Name}: {exception.Message}");
            }
            writer.Flush();
        }
    }
}
