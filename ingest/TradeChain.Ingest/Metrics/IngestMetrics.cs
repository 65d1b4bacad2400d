using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TradeChain.Ingest.Metrics;

/// <summary>
/// The worker's OpenTelemetry instruments (meter <see cref="MeterName"/>): messages consumed,
/// events accepted and duplicate, records dead-lettered per reason code, submit retries, batch
/// latency (first event in to durably accepted) and consumer lag per partition. Tag values come
/// from closed sets (feeds, formats, error codes, topics) so cardinality stays bounded.
/// </summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "TradeChain.Ingest";

    private readonly Meter _meter;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _registrations;
    private readonly Histogram<double> _batchLatency;
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _lag = new();

    public IngestMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _consumed = _meter.CreateCounter<long>("tradechain.ingest.messages.consumed", "{message}", "Kafka messages read from partner feed topics");
        _accepted = _meter.CreateCounter<long>("tradechain.ingest.events.accepted", "{event}", "Events the ledger node stored durably");
        _duplicates = _meter.CreateCounter<long>("tradechain.ingest.events.duplicate", "{event}", "Events already on the ledger (replays), or repeated within one batch");
        _deadLettered = _meter.CreateCounter<long>("tradechain.ingest.dead_lettered", "{record}", "Records written to a dead-letter topic, by error code");
        _retries = _meter.CreateCounter<long>("tradechain.ingest.submit.retries", "{retry}", "Batch submissions retried because the node was unavailable");
        _registrations = _meter.CreateCounter<long>("tradechain.ingest.vehicle_registrations", "{registration}", "Vehicle registrations applied to the registry");
        _batchLatency = _meter.CreateHistogram<double>("tradechain.ingest.batch.latency", "ms", "From a batch's first event to its durable acceptance by the node");
        _meter.CreateObservableGauge("tradechain.ingest.lag", ObserveLag, "{message}", "Messages behind the partition's end, per assigned partition");
    }

    public Meter Meter => _meter;

    public void Consumed(string topic, string format) => _consumed.Add(1, new("topic", topic), new("format", format));

    public void Accepted(string feed, long count) => _accepted.Add(count, new KeyValuePair<string, object?>("feed", feed));

    public void Duplicates(string feed, long count) => _duplicates.Add(count, new KeyValuePair<string, object?>("feed", feed));

    public void DeadLettered(string topic, string code) => _deadLettered.Add(1, new("topic", topic), new("code", code));

    public void SubmitRetried() => _retries.Add(1);

    public void RegistrationsApplied(long count) => _registrations.Add(count);

    public void BatchLatency(string feed, double milliseconds) => _batchLatency.Record(milliseconds, new KeyValuePair<string, object?>("feed", feed));

    public void SetLag(string topic, int partition, long messagesBehind) => _lag[(topic, partition)] = Math.Max(0, messagesBehind);

    public void ClearLag(string topic, int partition) => _lag.TryRemove((topic, partition), out _);

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lag.Select(entry => new Measurement<long>(entry.Value, new("topic", entry.Key.Topic), new("partition", entry.Key.Partition)));
}
