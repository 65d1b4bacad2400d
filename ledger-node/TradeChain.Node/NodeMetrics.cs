using System.Diagnostics.Metrics;

namespace TradeChain.Node;

/// <summary>
/// The node's metrics (meter "TradeChain.Node"), exported through OpenTelemetry when an OTLP
/// endpoint is configured and readable in-process by dotnet-counters otherwise. Names carry units.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    public const string MeterName = "TradeChain.Node";

    private readonly Meter _meter;
    private readonly Counter<long> _blocks;
    private readonly Counter<long> _transactions;
    private readonly Counter<long> _events;
    private readonly Histogram<double> _blockIntervalMs;
    private readonly Histogram<double> _commitLatencyMs;
    private readonly Histogram<long> _decisionRound;
    private readonly Counter<long> _peerBytes;
    private readonly Counter<long> _submissions;

    public NodeMetrics(IMeterFactory meterFactory, Func<(int Transactions, long Bytes)> mempool)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _blocks = _meter.CreateCounter<long>("tradechain.blocks.committed", "{block}", "Blocks this node committed.");
        _transactions = _meter.CreateCounter<long>("tradechain.transactions.committed", "{transaction}", "Transactions in committed blocks.");
        _events = _meter.CreateCounter<long>("tradechain.events.committed", "{event}", "Events in committed blocks (duplicates included).");
        _blockIntervalMs = _meter.CreateHistogram<double>("tradechain.block.interval", "ms", "Time between consecutive block timestamps.");
        _commitLatencyMs = _meter.CreateHistogram<double>("tradechain.commit.latency", "ms", "From a transaction's acceptance by this node to its commit.");
        _decisionRound = _meter.CreateHistogram<long>("tradechain.consensus.decision_round", "{round}", "The round a height was decided in (0 is the happy path).");
        _peerBytes = _meter.CreateCounter<long>("tradechain.peer.bytes", "By", "Bytes of consensus messages exchanged with a peer.");
        _submissions = _meter.CreateCounter<long>("tradechain.submissions", "{submission}", "Client submissions by outcome.");
        _meter.CreateObservableGauge("tradechain.mempool.transactions", () => mempool().Transactions, "{transaction}", "Transactions waiting in the mempool.");
        _meter.CreateObservableGauge("tradechain.mempool.size", () => mempool().Bytes, "By", "Bytes waiting in the mempool.");
    }

    public void BlockCommitted(int transactions, long events, double intervalMs, int round)
    {
        _blocks.Add(1);
        _transactions.Add(transactions);
        _events.Add(events);
        _blockIntervalMs.Record(intervalMs);
        _decisionRound.Record(round);
    }

    public void CommitLatency(double milliseconds) => _commitLatencyMs.Record(milliseconds);

    public void PeerBytes(string peer, string direction, long bytes) =>
        _peerBytes.Add(bytes, new KeyValuePair<string, object?>("peer", peer), new KeyValuePair<string, object?>("direction", direction));

    public void Submission(string outcome) => _submissions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => _meter.Dispose();
}
