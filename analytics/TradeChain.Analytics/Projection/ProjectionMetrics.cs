using System.Diagnostics.Metrics;

namespace TradeChain.Analytics.Projection;

/// <summary>
/// The projector's instruments on the "TradeChain.Analytics" meter: lag from a block's commit
/// (its timestamp) to its events being queryable (the write committed), events written and
/// skipped, and the projected height. OpenTelemetry picks the meter up by name.
/// </summary>
public sealed class ProjectionMetrics : IDisposable
{
    public const string MeterName = "TradeChain.Analytics";

    private readonly Meter _meter;
    private long _projectedHeight = -1;

    public ProjectionMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Lag = _meter.CreateHistogram<double>("tradechain.analytics.projection.lag", "ms", "block commit (block timestamp) to its events queryable in the analytics store");
        EventsWritten = _meter.CreateCounter<long>("tradechain.analytics.projection.events_written", "{event}", "events new to the store");
        EventsSkipped = _meter.CreateCounter<long>("tradechain.analytics.projection.events_skipped", "{event}", "events already held (replays and ledger duplicates)");
        RedactedWritten = _meter.CreateCounter<long>("tradechain.analytics.projection.redacted_written", "{event}", "redacted events written with their retained fact only");
        _meter.CreateObservableGauge("tradechain.analytics.projection.height", () => Interlocked.Read(ref _projectedHeight), "{block}", "last block fully projected");
    }

    public Histogram<double> Lag { get; }

    public Counter<long> EventsWritten { get; }

    public Counter<long> EventsSkipped { get; }

    public Counter<long> RedactedWritten { get; }

    public void SetProjectedHeight(ulong height) => Interlocked.Exchange(ref _projectedHeight, (long)height);

    public void Dispose() => _meter.Dispose();
}
