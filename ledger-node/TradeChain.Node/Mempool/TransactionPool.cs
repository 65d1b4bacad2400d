using TradeChain.Crypto;
using TradeChain.Ledger;

namespace TradeChain.Node.Mempool;

/// <summary>
/// A transaction waiting for a block: its id, the member it counts against, the key that signed
/// it (a batch's signer key; null for governance), its event ids and size.
/// </summary>
public sealed record PendingTransaction(Digest Id, string MemberId, PublicKey? SignerKey, Transaction Transaction, IReadOnlyList<Digest> EventIds, int SizeBytes);

/// <summary>The limits of a <see cref="TransactionPool"/>; checked against each other once, at construction.</summary>
public sealed record PoolLimits(long MaxBytes, int MaxTransactions, int MaxTransactionsPerMember);

public enum PoolAddOutcome
{
    Added,
    DuplicateTransaction,
    Full,
}

/// <summary>
/// The mempool's policy, without I/O: bounded by bytes, transactions and transactions per member;
/// duplicates suppressed by transaction id and event id; transactions handed to the proposer
/// round-robin across members (first in, first out within a member), so a member that submits
/// a flood delays only itself. Not thread-safe: the owner locks.
/// </summary>
public sealed class TransactionPool
{
    private readonly PoolLimits _limits;
    private readonly Dictionary<Digest, PendingTransaction> _byId = [];
    private readonly Dictionary<Digest, Digest> _transactionByEvent = [];
    private readonly SortedDictionary<string, LinkedList<PendingTransaction>> _queues = new(StringComparer.Ordinal);

    // The member after which the next selection starts: fairness across blocks, not only within one.
    private string? _lastServedMember;

    public TransactionPool(PoolLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.MaxBytes <= 0 || limits.MaxTransactions <= 0 || limits.MaxTransactionsPerMember <= 0)
        {
            throw new ArgumentException($"pool limits must be positive: {limits}", nameof(limits));
        }
        if (limits.MaxTransactionsPerMember > limits.MaxTransactions)
        {
            throw new ArgumentException($"per-member limit {limits.MaxTransactionsPerMember} exceeds the pool's {limits.MaxTransactions}", nameof(limits));
        }
        _limits = limits;
    }

    public int Count => _byId.Count;

    public long Bytes { get; private set; }

    public bool Contains(Digest transactionId) => _byId.ContainsKey(transactionId);

    public PendingTransaction? Find(Digest transactionId) => _byId.GetValueOrDefault(transactionId);

    public bool ContainsEvent(Digest eventId) => _transactionByEvent.ContainsKey(eventId);

    public IEnumerable<PendingTransaction> All => _byId.Values;

    /// <summary>Why <paramref name="transaction"/> would not fit now; null when it would.</summary>
    public string? WhyFull(PendingTransaction transaction)
    {
        if (_byId.Count >= _limits.MaxTransactions)
        {
            return $"the mempool holds its maximum of {_limits.MaxTransactions} transactions";
        }
        if (Bytes + transaction.SizeBytes > _limits.MaxBytes)
        {
            return $"the mempool holds {Bytes} of {_limits.MaxBytes} bytes; this transaction is {transaction.SizeBytes}";
        }
        if (_queues.TryGetValue(transaction.MemberId, out var queue) && queue.Count >= _limits.MaxTransactionsPerMember)
        {
            return $"member '{transaction.MemberId}' has its maximum of {_limits.MaxTransactionsPerMember} transactions pending";
        }
        return null;
    }

    public PoolAddOutcome TryAdd(PendingTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (_byId.ContainsKey(transaction.Id))
        {
            return PoolAddOutcome.DuplicateTransaction;
        }
        if (WhyFull(transaction) is not null)
        {
            return PoolAddOutcome.Full;
        }
        _byId.Add(transaction.Id, transaction);
        foreach (var eventId in transaction.EventIds)
        {
            _transactionByEvent.TryAdd(eventId, transaction.Id);
        }
        if (!_queues.TryGetValue(transaction.MemberId, out var queue))
        {
            queue = new LinkedList<PendingTransaction>();
            _queues.Add(transaction.MemberId, queue);
        }
        queue.AddLast(transaction);
        Bytes += transaction.SizeBytes;
        return PoolAddOutcome.Added;
    }

    /// <summary>
    /// Up to <paramref name="maxTransactions"/> transactions within <paramref name="maxBytes"/> (or one larger transaction alone),
    /// taking one per member in turn (starting after the member served last), oldest first.
    /// They stay in the pool until <see cref="Remove"/>: a proposal may not be decided.
    /// </summary>
    public IReadOnlyList<PendingTransaction> Select(int maxTransactions, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTransactions);
        var members = _queues.Keys.ToList();
        if (members.Count == 0 || maxTransactions == 0)
        {
            return [];
        }
        var start = _lastServedMember is null ? 0 : members.FindIndex(m => string.CompareOrdinal(m, _lastServedMember) > 0);
        if (start < 0)
        {
            start = 0;
        }
        var cursors = members.ToDictionary(m => m, m => _queues[m].First, StringComparer.Ordinal);
        var selected = new List<PendingTransaction>();
        long bytes = 0;
        var progress = true;
        while (selected.Count < maxTransactions && progress)
        {
            progress = false;
            for (var i = 0; i < members.Count && selected.Count < maxTransactions; i++)
            {
                var member = members[(start + i) % members.Count];
                var node = cursors[member];
                // The first transaction always fits: a batch larger than the block budget is proposed alone.
                if (node is null || (selected.Count > 0 && bytes + node.Value.SizeBytes > maxBytes))
                {
                    continue;
                }
                selected.Add(node.Value);
                bytes += node.Value.SizeBytes;
                cursors[member] = node.Next;
                _lastServedMember = member;
                progress = true;
            }
        }
        return selected;
    }

    /// <summary>Drops transactions (committed ones); unknown ids are ignored.</summary>
    public void Remove(IEnumerable<Digest> transactionIds)
    {
        ArgumentNullException.ThrowIfNull(transactionIds);
        foreach (var id in transactionIds)
        {
            if (!_byId.Remove(id, out var transaction))
            {
                continue;
            }
            foreach (var eventId in transaction.EventIds)
            {
                if (_transactionByEvent.TryGetValue(eventId, out var owner) && owner.Equals(id))
                {
                    _transactionByEvent.Remove(eventId);
                }
            }
            var queue = _queues[transaction.MemberId];
            queue.Remove(transaction);
            if (queue.Count == 0)
            {
                _queues.Remove(transaction.MemberId);
            }
            Bytes -= transaction.SizeBytes;
        }
        if (Bytes < 0 || (_byId.Count == 0 && Bytes != 0))
        {
            throw new InvalidOperationException($"mempool byte count is {Bytes} with {_byId.Count} transactions");
        }
    }
}
