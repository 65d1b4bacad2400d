using TradeChain.Contract;
using TradeChain.Ledger;
using TradeChain.Storage.Tests.Support;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Storage.Tests;

/// <summary>Appending, reading and looking up through the store, and what it refuses.</summary>
[Trait("Category", "Storage")]
public sealed class LedgerStoreTests
{
    [Fact]
    public async Task appended_blocks_read_back_byte_for_byte_and_survive_a_clean_reopen()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 6, eventsPerBlock: 3);
        await using (var store = Stores.Open(temp.Path))
        {
            Assert.Null(store.Tip);
            await store.AppendAllAsync(blocks);
            Assert.Equal(6UL, store.Tip!.Height);
            Assert.Equal(chain.StateRoot, store.Tip.StateRoot);
        }
        await using (var reopened = Stores.Open(temp.Path))
        {
            Assert.True(reopened.Recovery.IsClean, reopened.Recovery.ToString());
            Assert.Equal(6UL, reopened.Tip!.Height);
            foreach (var block in blocks)
            {
                Assert.Equal(block.Encode(), reopened.ReadBlock(block.Height)!.Encode());
                Assert.Equal(block.Height, reopened.HeightOf(block.Id));
            }
            Assert.Null(reopened.ReadBlock(7));
        }
    }

    [Fact]
    public async Task transactions_events_and_shipments_are_found_and_event_proofs_verify()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 3, eventsPerBlock: 4);
        await using var store = Stores.Open(temp.Path);
        await store.AppendAllAsync(blocks);

        var transaction = blocks[2].Transactions[0];
        var found = store.ReadTransaction(transaction.ComputeId(chain.Suite))!.Value;
        Assert.Equal(new Index.TransactionLocation(2, 0), found.Location);
        Assert.Equal(transaction.Encode(), found.Transaction.Encode());

        var tradeEvent = transaction.Batch.Leaves[3].Event!;
        var eventId = chain.EventId(tradeEvent);
        Assert.Equal(new Index.EventLocation(2, 0, 3), store.FindEvent(eventId));
        var proof = store.ProveEvent(eventId)!;
        Assert.False(proof.IsRedacted);
        Assert.Empty(proof.Verify(chain.Validators));

        var shipment = store.GetShipment(new ShipmentKey(ShipmentKeyKind.Container, tradeEvent.References.Containers[0]))!;
        Assert.Equal(TradeContract.Version, shipment.ContractVersion);
        Assert.Equal(ShipmentStatus.GatedOut, shipment.Status);
        Assert.True(shipment.Flags.HasFlag(AnomalyFlags.GateOutBeforeRelease));
        Assert.Equal(12, store.GetShipment(new ShipmentKey(ShipmentKeyKind.MasterBill, "COSU6189047520"))!.EventCount);
    }

    [Fact]
    public async Task a_resubmitted_event_is_stored_once_and_reported_as_a_duplicate()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        await using var store = Stores.Open(temp.Path);
        var first = TestChain.Event("dup-1");
        await store.AppendAsync(chain.Genesis(), TestContext.Current.CancellationToken);
        var original = await store.AppendAsync(chain.Next(chain.Batch(first)), TestContext.Current.CancellationToken);
        var replay = await store.AppendAsync(chain.Next(chain.Batch(first, TestChain.Event("new-1"))), TestContext.Current.CancellationToken);

        Assert.Equal(1, original.NewEvents);
        Assert.Equal(1, replay.NewEvents);
        Assert.Equal([chain.EventId(first)], replay.DuplicateEvents);
        Assert.Equal(1UL, store.FindEvent(chain.EventId(first))!.Value.Height);
        Assert.Equal(2, store.GetShipment(new ShipmentKey(ShipmentKeyKind.MasterBill, "COSU6189047520"))!.EventCount);
    }

    [Fact]
    public async Task blocks_that_do_not_follow_the_chain_are_rejected_and_nothing_is_written()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        using var other = new TestChain();
        var blocks = Stores.Build(chain, count: 2, eventsPerBlock: 1);
        var foreign = Stores.Build(other, count: 2, eventsPerBlock: 1);
        await using var store = Stores.Open(temp.Path);
        var cancel = TestContext.Current.CancellationToken;

        Assert.Contains("genesis", (await Assert.ThrowsAsync<BlockRejectedException>(() => store.AppendAsync(blocks[1], cancel))).Reason);
        await store.AppendAsync(blocks[0], cancel);
        Assert.Contains("height", (await Assert.ThrowsAsync<BlockRejectedException>(() => store.AppendAsync(blocks[2], cancel))).Reason);
        // The other chain's block 1 links to the other genesis and is certified by other validators.
        Assert.Contains("link", (await Assert.ThrowsAsync<BlockRejectedException>(() => store.AppendAsync(foreign[1], cancel))).Reason);

        var wrongCertificate = new Block(blocks[1].Header, blocks[1].Transactions, chain.Certify(blocks[1].Header, 0, 1));
        Assert.Contains("certificate", (await Assert.ThrowsAsync<BlockRejectedException>(() => store.AppendAsync(wrongCertificate, cancel))).Reason);

        Assert.Equal(0UL, store.Tip!.Height);
        await store.AppendAsync(blocks[1], cancel);
        Assert.Equal(1UL, store.Tip.Height);
    }

    [Fact]
    public async Task overlapping_appends_are_accepted_in_call_order_and_share_fsyncs()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 40, eventsPerBlock: 1);
        await using var store = Stores.Open(temp.Path);
        var results = await Task.WhenAll(blocks.Select(b => store.AppendAsync(b, TestContext.Current.CancellationToken)).ToArray());

        Assert.Equal(blocks.Select(b => b.Height), results.Select(r => r.Height));
        Assert.Equal(40UL, store.Tip!.Height);
        Assert.Equal(chain.StateRoot, store.Tip.StateRoot);
        Assert.Equal(blocks[^1].Encode(), store.ReadBlock(40)!.Encode());
    }

    [Fact]
    public async Task small_segments_roll_and_every_block_stays_readable_across_them()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 12, eventsPerBlock: 5);
        await using (var store = Stores.Open(temp.Path, segmentSizeBytes: LedgerStoreOptions.MinSegmentSizeBytes))
        {
            await store.AppendAllAsync(blocks);
        }
        Assert.True(Directory.GetFiles(Path.Combine(temp.Path, "segments")).Length > 3);
        await using var reopened = Stores.Open(temp.Path, segmentSizeBytes: LedgerStoreOptions.MinSegmentSizeBytes);
        Assert.All(blocks, b => Assert.Equal(b.Encode(), reopened.ReadBlock(b.Height)!.Encode()));
    }

    [Fact]
    public void options_explain_what_is_wrong()
    {
        var problem = new LedgerStoreOptions { DataDirectory = "", SegmentSizeBytes = 10, MaxGroupCommitRecords = 10, MaxPendingAppends = 5 }.Validate();
        Assert.NotNull(problem);
        Assert.Contains("data directory", problem);
        Assert.Contains("segment size", problem);
        Assert.Contains("pending appends", problem);
    }
}
