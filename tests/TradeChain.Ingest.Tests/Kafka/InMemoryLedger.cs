using TradeChain.Crypto;
using TradeChain.Ingest.Submission;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests.Kafka;

/// <summary>
/// An in-process stand-in for the member's ledger node: verifies each batch's signature and root,
/// stores every event once by id (a stored event outlives any worker, as a durable node's would),
/// reports replays as duplicates, and can be made unavailable or made to fail after storing a
/// batch (the worker crashing between the node's acceptance and its offset commit).
/// </summary>
public sealed class InMemoryLedger : IBatchSubmitter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Digest, TradeEvent> _events = [];
    private readonly List<EventBatch> _batches = [];
    private int _acceptedBatchesBeforeFailure = -1;

    public bool Unavailable { get; set; }

    /// <summary>Events whose source reference starts with this are refused individually, as a contract rule would.</summary>
    public string? RejectSourceReferencePrefix { get; set; }

    public int Attempts { get; private set; }

    public int DuplicatesReported { get; private set; }

    public IReadOnlyList<TradeEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return _events.Values.ToArray();
            }
        }
    }

    public IReadOnlyList<EventBatch> Batches
    {
        get
        {
            lock (_lock)
            {
                return _batches.ToArray();
            }
        }
    }

    /// <summary>After storing <paramref name="batches"/> more batches, the next submission stores its batch and then throws a defect.</summary>
    public void FailAfterStoring(int batches)
    {
        lock (_lock)
        {
            _acceptedBatchesBeforeFailure = batches;
        }
    }

    public Task<SubmitReceipt> SubmitAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            Attempts++;
            if (Unavailable)
            {
                throw new BatchSubmitterUnavailableException("ledger node is down (test)");
            }
            var problems = batch.Verify();
            if (problems.Count > 0)
            {
                return Task.FromResult(SubmitReceipt.Rejected("ledger.batch_invalid", string.Join("; ", problems)));
            }
            var suite = CryptoSuites.Get(batch.Header.Suite);
            var receipts = new List<EventReceipt>();
            foreach (var tradeEvent in batch.Events)
            {
                var id = tradeEvent.ComputeEventId(suite);
                if (RejectSourceReferencePrefix is { } prefix && tradeEvent.SourceReference.StartsWith(prefix, StringComparison.Ordinal))
                {
                    receipts.Add(new EventReceipt(id, EventStatus.Rejected, "contract.test_rule", "refused by the test contract"));
                }
                else if (_events.TryAdd(id, tradeEvent))
                {
                    receipts.Add(new EventReceipt(id, EventStatus.Accepted));
                }
                else
                {
                    DuplicatesReported++;
                    receipts.Add(new EventReceipt(id, EventStatus.Duplicate));
                }
            }
            _batches.Add(batch);
            if (_acceptedBatchesBeforeFailure == 0)
            {
                _acceptedBatchesBeforeFailure = -1;
                throw new InvalidOperationException("simulated crash after the node stored the batch");
            }
            if (_acceptedBatchesBeforeFailure > 0)
            {
                _acceptedBatchesBeforeFailure--;
            }
            return Task.FromResult(SubmitReceipt.Accepted(receipts));
        }
    }

    public async Task WaitForEventsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Events.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the ledger holds {Events.Count} events after {timeout.TotalSeconds:0} s, expected {count}");
            }
            await Task.Delay(25);
        }
    }
}
