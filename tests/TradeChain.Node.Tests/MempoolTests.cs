using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Configuration;
using TradeChain.Node.Mempool;
using TradeChain.Storage;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Node.Tests;

/// <summary>"Accepted" is durable: the mempool's log brings accepted transactions back after a crash, and forgets committed ones.</summary>
[Trait("Category", "Node")]
public sealed class MempoolTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly TestChain _chain = new();
    private LedgerStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = _temp.Sub("ledger") });
        await _store.AppendAsync(_chain.Genesis(), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void an_accepted_batch_survives_a_restart_and_a_torn_log_tail_is_cut()
    {
        var transaction = Admission.TransactionFor(Batch("durable", 1));
        using (var mempool = Open())
        {
            Assert.Equal(SubmitOutcome.Accepted, mempool.Submit(transaction).Receipt.Outcome);
            Assert.Equal(SubmitOutcome.Duplicate, mempool.Submit(transaction).Receipt.Outcome);
        }
        // A crash in the middle of the next append leaves half a record.
        File.AppendAllBytes(LogPath, [0, 0, 1, 0, 9, 9]);
        using (var mempool = Open())
        {
            Assert.Equal(1, mempool.Count);
            Assert.Equal(transaction.ComputeId(_chain.Suite), mempool.Select(10, long.MaxValue).Single().Id);
        }
    }

    [Fact]
    public async Task committed_transactions_leave_the_pool_and_the_log_and_replayed_events_are_duplicates()
    {
        var first = Admission.TransactionFor(Batch("committed", 1));
        using (var mempool = Open())
        {
            mempool.Submit(first);
            var block = _chain.Next(first);
            await _store.AppendAsync(block, TestContext.Current.CancellationToken);
            mempool.OnCommitted(block);
            Assert.Equal(0, mempool.Count);
            var replay = mempool.Submit(Admission.TransactionFor(Batch("committed", 2)));
            Assert.Equal(SubmitOutcome.Duplicate, replay.Receipt.Outcome);
            Assert.Equal("committed", replay.Receipt.DuplicateEvents.Single().Where);
            Assert.Equal(SubmitOutcome.Duplicate, mempool.Submit(first).Receipt.Outcome);
        }
        Assert.Equal(0, new FileInfo(LogPath).Length);
    }

    [Fact]
    public void a_full_pool_says_why_instead_of_accepting()
    {
        var options = new MempoolSection { MaxBatches = 1, MaxBatchesPerMember = 1 };
        using var mempool = new Mempool.Mempool(options, LogPath, _store, _chain.Suite, NullLogger<Mempool.Mempool>.Instance);
        Assert.Null(mempool.Submit(Admission.TransactionFor(Batch("full-1", 1))).FullBecause);
        Assert.Contains("maximum of 1 transactions", mempool.Submit(Admission.TransactionFor(Batch("full-2", 2))).FullBecause);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _chain.Dispose();
        _temp.Dispose();
    }

    private string LogPath => _temp.File("mempool.wal");

    private Mempool.Mempool Open() => new(new MempoolSection(), LogPath, _store, _chain.Suite, NullLogger<Mempool.Mempool>.Instance);

    private EventBatch Batch(string reference, ulong sequence) =>
        EventBatch.Sign(_chain.Suite, _chain.MemberKey, TestChain.MemberId, Feed.CustomsStatus, sequence, 1_767_225_600_000,
            [SampleEvents.SeaImport() with { MemberId = TestChain.MemberId, SourceReference = reference }]);
}
