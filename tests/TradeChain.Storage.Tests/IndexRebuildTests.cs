using TradeChain.Contract;
using TradeChain.Storage.Tests.Support;
using TradeChain.Testing;
using Xunit;

namespace TradeChain.Storage.Tests;

/// <summary>The indexes and contract state are derived data: from the block log alone they come back identical.</summary>
[Trait("Category", "Storage")]
public sealed class IndexRebuildTests
{
    [Fact]
    public async Task when_the_index_directory_is_deleted_open_rebuilds_it_from_the_blocks()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 8, eventsPerBlock: 3);
        var eventIds = blocks.Skip(1).SelectMany(b => b.Transactions[0].Batch.Leaves.Select(l => chain.EventId(l.Event!))).ToArray();
        var keys = new[] { new ShipmentKey(ShipmentKeyKind.MasterBill, "COSU6189047520"), new ShipmentKey(ShipmentKeyKind.Container, "CSQU0040001") };
        Dictionary<ShipmentKey, ShipmentState> statesBefore;
        await using (var store = Stores.Open(temp.Path, segmentSizeBytes: LedgerStoreOptions.MinSegmentSizeBytes))
        {
            await store.AppendAllAsync(blocks);
            statesBefore = keys.ToDictionary(k => k, k => store.GetShipment(k)!);
        }

        Directory.Delete(Path.Combine(temp.Path, "index"), recursive: true);

        await using var rebuilt = Stores.Open(temp.Path, segmentSizeBytes: LedgerStoreOptions.MinSegmentSizeBytes);
        Assert.Equal("the index is missing", rebuilt.Recovery.IndexRebuiltBecause);
        Assert.Equal(blocks.Count, rebuilt.Recovery.BlocksReplayed);
        Assert.Equal(8UL, rebuilt.Tip!.Height);
        Assert.Equal(chain.StateRoot, rebuilt.Tip.StateRoot);
        foreach (var block in blocks)
        {
            Assert.Equal(block.Height, rebuilt.HeightOf(block.Id));
            Assert.All(block.Transactions, t => Assert.Equal(block.Height, rebuilt.FindTransaction(t.ComputeId(chain.Suite))!.Value.Height));
        }
        Assert.All(eventIds, id => Assert.NotNull(rebuilt.FindEvent(id)));
        Assert.All(keys, k => Assert.Equal(statesBefore[k], rebuilt.GetShipment(k)));
        // And the rebuilt store carries on.
        await rebuilt.AppendAsync(chain.Next(chain.Batch(TestChain.Event("after-rebuild"))), TestContext.Current.CancellationToken);
        Assert.Equal(9UL, rebuilt.Tip.Height);
    }

    [Fact]
    public async Task an_index_that_lags_the_log_is_brought_up_to_date_by_replaying_the_missing_blocks()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 5, eventsPerBlock: 2);
        var lagging = Path.Combine(temp.Path, "lagging-index");
        await using (var store = Stores.Open(temp.Path))
        {
            await store.AppendAllAsync(blocks.Take(3));
        }
        TempDirectory.Copy(Path.Combine(temp.Path, "index"), lagging);
        await using (var store = Stores.Open(temp.Path))
        {
            await store.AppendAllAsync(blocks.Skip(3));
        }
        // A power cut lost the index's last (unsynced) batches: put the older index back.
        Directory.Delete(Path.Combine(temp.Path, "index"), recursive: true);
        TempDirectory.Copy(lagging, Path.Combine(temp.Path, "index"));

        await using var recovered = Stores.Open(temp.Path);
        Assert.Null(recovered.Recovery.IndexRebuiltBecause);
        Assert.Equal(3, recovered.Recovery.BlocksReplayed);
        Assert.Equal(5UL, recovered.Tip!.Height);
        Assert.Equal(chain.StateRoot, recovered.Tip.StateRoot);
    }
}
