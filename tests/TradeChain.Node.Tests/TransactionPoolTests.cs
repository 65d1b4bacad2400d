using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Mempool;
using TradeChain.Testing;

namespace TradeChain.Node.Tests;

/// <summary>The mempool's policy: limits, duplicate suppression, round-robin fairness across members.</summary>
[Trait("Category", "Node")]
public sealed class TransactionPoolTests : IDisposable
{
    private readonly TestChain _chain = new();
    private int _next;

    private PendingTransaction Pending(string member, int sizeBytes = 1000, params Digest[] events)
    {
        var transaction = _chain.Batch(TestChain.Event($"pool-{_next++}"));
        return new PendingTransaction(_chain.Suite.Hash(BitConverter.GetBytes(_next)), member, _chain.MemberKey.PublicKey, transaction, events, sizeBytes);
    }

    [Fact]
    public void a_transaction_is_pending_once_and_its_events_are_known()
    {
        var pool = new TransactionPool(new PoolLimits(1_000_000, 10, 10));
        var eventId = _chain.Suite.Hash("event"u8);
        var pending = Pending("a", events: eventId);
        Assert.Equal(PoolAddOutcome.Added, pool.TryAdd(pending));
        Assert.Equal(PoolAddOutcome.DuplicateTransaction, pool.TryAdd(pending));
        Assert.True(pool.ContainsEvent(eventId));
        pool.Remove([pending.Id]);
        Assert.False(pool.ContainsEvent(eventId));
        Assert.Equal((0, 0L), (pool.Count, pool.Bytes));
    }

    [Fact]
    public void limits_on_bytes_count_and_per_member_each_say_what_is_full()
    {
        var pool = new TransactionPool(new PoolLimits(3500, 3, 2));
        Assert.Equal(PoolAddOutcome.Added, pool.TryAdd(Pending("a")));
        Assert.Equal(PoolAddOutcome.Added, pool.TryAdd(Pending("a")));
        var third = Pending("a");
        Assert.Contains("member 'a' has its maximum of 2", pool.WhyFull(third));
        Assert.Equal(PoolAddOutcome.Full, pool.TryAdd(third));
        var big = Pending("b", sizeBytes: 1600);
        Assert.Contains("2000 of 3500 bytes", pool.WhyFull(big));
        Assert.Equal(PoolAddOutcome.Added, pool.TryAdd(Pending("b", sizeBytes: 400)));
        Assert.Contains("maximum of 3 transactions", pool.WhyFull(Pending("c", sizeBytes: 1)));
    }

    [Fact]
    public void selection_takes_members_in_turn_so_a_flood_from_one_delays_only_itself()
    {
        var pool = new TransactionPool(new PoolLimits(1_000_000, 100, 100));
        for (var i = 0; i < 10; i++)
        {
            pool.TryAdd(Pending("busy"));
        }
        var quiet = Pending("quiet");
        var other = Pending("other");
        pool.TryAdd(quiet);
        pool.TryAdd(other);
        var first = pool.Select(maxTransactions: 3, maxBytes: long.MaxValue);
        Assert.Equal(["busy", "other", "quiet"], first.Select(p => p.MemberId));
        // The next block starts after the member served last: fairness holds across blocks too.
        pool.Remove(first.Select(p => p.Id));
        Assert.Equal(["busy", "busy"], pool.Select(2, long.MaxValue).Select(p => p.MemberId));
        Assert.Single(pool.Select(10, maxBytes: 1500));
    }

    [Fact]
    public void limits_that_contradict_each_other_are_refused_at_construction() =>
        Assert.Throws<ArgumentException>(() => new TransactionPool(new PoolLimits(1000, 5, 6)));

    public void Dispose() => _chain.Dispose();
}
