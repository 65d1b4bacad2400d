using Microsoft.Extensions.Logging;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Configuration;
using TradeChain.Storage;
using TradeChain.Trade.Batches;

namespace TradeChain.Node.Mempool;

/// <summary>What a submission came to: the receipt to return, or that the pool is full (back-pressure).</summary>
public sealed record SubmitResult(SubmitReceipt Receipt, string? FullBecause);

/// <summary>
/// The node's mempool: the pure <see cref="TransactionPool"/> policy, the durable
/// <see cref="MempoolLog"/> and the ledger's duplicate checks behind one lock. "Accepted" means
/// the transaction is in the fsynced log (or already committed): it survives a crash of this
/// node, which proposes it again after restart; submitters (ingest) may commit their offsets.
/// </summary>
public sealed class Mempool : IDisposable
{
    /// <summary>When the log is this much larger than what is pending, it is rewritten with only the pending records.</summary>
    private const long CompactionSlackBytes = 64L * 1024 * 1024;

    private readonly object _gate = new();
    private readonly TransactionPool _pool;
    private readonly MempoolLog _log;
    private readonly LedgerStore _store;
    private readonly ICryptoSuite _suite;
    private readonly ILogger _logger;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Mempool(MempoolSection options, string logPath, LedgerStore store, ICryptoSuite suite, ILogger<Mempool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pool = new TransactionPool(new PoolLimits(options.MaxBytes, options.MaxBatches, options.MaxBatchesPerMember));
        _store = store;
        _suite = suite;
        _logger = logger;
        _log = MempoolLog.Open(logPath, out var records);
        var restored = 0;
        foreach (var record in records)
        {
            var transaction = Transaction.Decode(record);
            var pending = Pending(transaction);
            if (_store.FindTransaction(pending.Id) is null && _pool.TryAdd(pending) == PoolAddOutcome.Added)
            {
                restored++;
            }
        }
        _log.Rewrite(_pool.All.Select(p => p.Transaction.Encode()).ToArray());
        if (restored > 0)
        {
            _logger.LogInformation("mempool restored {Count} pending transactions from its log", restored);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pool.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _pool.Bytes;
            }
        }
    }

    /// <summary>Completes when a transaction arrives (the proposer's wait for a non-empty block).</summary>
    public Task Arrived
    {
        get
        {
            lock (_gate)
            {
                return _pool.Count > 0 ? Task.CompletedTask : _arrived.Task;
            }
        }
    }

    /// <summary>Adds an already-admitted transaction: duplicate checks against the ledger and the pool, limits, then the log.</summary>
    public SubmitResult Submit(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var pending = Pending(transaction);
        var receipt = new SubmitReceipt { TransactionId = pending.Id.ToString() };
        lock (_gate)
        {
            if (_store.FindTransaction(pending.Id) is { } committed)
            {
                receipt.Outcome = SubmitOutcome.Duplicate;
                receipt.CommittedHeight = committed.Height;
                receipt.Reason = $"transaction {pending.Id} is already committed at height {committed.Height}";
                return new SubmitResult(receipt, null);
            }
            if (_pool.Contains(pending.Id))
            {
                receipt.Outcome = SubmitOutcome.Duplicate;
                receipt.Reason = $"transaction {pending.Id} is already pending in this node's mempool";
                return new SubmitResult(receipt, null);
            }
            foreach (var eventId in pending.EventIds)
            {
                if (_store.FindEvent(eventId) is { } location)
                {
                    receipt.DuplicateEvents.Add(new DuplicateEvent { EventId = eventId.ToString(), Where = "committed", Height = location.Height });
                }
                else if (_pool.ContainsEvent(eventId))
                {
                    receipt.DuplicateEvents.Add(new DuplicateEvent { EventId = eventId.ToString(), Where = "pending" });
                }
            }
            if (pending.EventIds.Count > 0 && receipt.DuplicateEvents.Count == pending.EventIds.Count)
            {
                receipt.Outcome = SubmitOutcome.Duplicate;
                receipt.Reason = $"all {pending.EventIds.Count} events are already committed or pending";
                return new SubmitResult(receipt, null);
            }
            if (_pool.WhyFull(pending) is { } full)
            {
                return new SubmitResult(receipt, full);
            }
            _log.Append(transaction.Encode());
            if (_pool.TryAdd(pending) != PoolAddOutcome.Added)
            {
                throw new InvalidOperationException($"transaction {pending.Id} passed the pool's checks and was logged, but the pool refused it");
            }
            receipt.Outcome = SubmitOutcome.Accepted;
            receipt.Reason = receipt.DuplicateEvents.Count == 0
                ? "durably in the mempool log"
                : $"durably in the mempool log; {receipt.DuplicateEvents.Count} of its events are duplicates and will be recorded once";
            _arrived.TrySetResult();
            return new SubmitResult(receipt, null);
        }
    }

    /// <summary>The pending transaction with this id (admitted here under the rules a validator applies), or null.</summary>
    public PendingTransaction? Find(Digest transactionId)
    {
        lock (_gate)
        {
            return _pool.Find(transactionId);
        }
    }

    /// <summary>Transactions for the next block, fairly across members.</summary>
    public IReadOnlyList<PendingTransaction> Select(int maxTransactions, long maxBytes)
    {
        lock (_gate)
        {
            return _pool.Select(maxTransactions, maxBytes).Where(p => _store.FindTransaction(p.Id) is null).ToArray();
        }
    }

    /// <summary>Forgets the transactions a committed block holds; compacts the log when it is mostly committed records.</summary>
    public void OnCommitted(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_gate)
        {
            _pool.Remove(block.Transactions.Select(t => t.ComputeId(_suite)));
            if ((_pool.Count == 0 && _log.SizeBytes > 0) || _log.SizeBytes > _pool.Bytes + CompactionSlackBytes)
            {
                _log.Rewrite(_pool.All.Select(p => p.Transaction.Encode()).ToArray());
            }
            if (_pool.Count == 0 && _arrived.Task.IsCompleted)
            {
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Drops pending transactions that can no longer be committed (their member's key changed); the log forgets them at its next rewrite.</summary>
    public void Evict(IEnumerable<Digest> transactionIds)
    {
        lock (_gate)
        {
            _pool.Remove(transactionIds);
        }
    }

    public void Dispose() => _log.Dispose();

    private PendingTransaction Pending(Transaction transaction)
    {
        var id = transaction.ComputeId(_suite);
        IReadOnlyList<Digest> eventIds = [];
        var member = transaction.Sender;
        PublicKey? signerKey = null;
        if (transaction.Type == TransactionType.EventBatch)
        {
            var batch = transaction.Batch;
            eventIds = Enumerable.Range(0, batch.Leaves.Count).Select(batch.EventId).ToArray();
            member = batch.Header.MemberId;
            signerKey = batch.SignerKey;
        }
        return new PendingTransaction(id, member, signerKey, transaction, eventIds, transaction.Data.Length + 256);
    }
}
