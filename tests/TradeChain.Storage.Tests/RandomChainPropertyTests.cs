using FsCheck;
using FsCheck.Fluent;
using TradeChain.Contract;
using TradeChain.Ledger;
using TradeChain.Storage.Tests.Support;
using TradeChain.Storage.Verification;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Storage.Tests;

/// <summary>
/// Properties over random block sequences (random counts of blocks, batches and events, random
/// event types and times, duplicates, random segment sizes): everything appended reads back
/// byte for byte, the store's state root is the chain's, the chain verifies, and a rebuild from
/// the blocks alone reaches the same state.
/// </summary>
[Trait("Category", "Storage")]
public sealed class RandomChainPropertyTests
{
    private static readonly TradeEventType[] Types =
        [TradeEventType.Arrived, TradeEventType.Discharged, TradeEventType.DeclarationFiled, TradeEventType.Released, TradeEventType.GateOut, TradeEventType.Delivered, TradeEventType.Held];

    [Fact]
    public void random_chains_store_verify_and_rebuild_identically() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(12).WithQuietOnSuccess(true),
            Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue - 1)), seed => RoundTrip(seed).GetAwaiter().GetResult()));

    private static async Task RoundTrip(int seed)
    {
        var random = new Random(seed);
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = new List<Block> { chain.Genesis() };
        var issued = new List<TradeEvent>();
        for (var b = 0; b < random.Next(1, 8); b++)
        {
            var transactions = new List<Transaction>();
            for (var t = 0; t < random.Next(0, 3); t++)
            {
                var events = new List<TradeEvent>();
                for (var e = 0; e < random.Next(1, 5); e++)
                {
                    // Now and then resubmit an earlier event: the store must count it once.
                    var tradeEvent = issued.Count > 0 && random.Next(6) == 0
                        ? issued[random.Next(issued.Count)]
                        : TestChain.Event($"s{seed}-{issued.Count}", Types[random.Next(Types.Length)], $"CSQU{random.Next(3):D7}", random.Next(0, 600));
                    if (events.Any(x => x.SourceReference == tradeEvent.SourceReference))
                    {
                        continue;
                    }
                    events.Add(tradeEvent);
                    issued.Add(tradeEvent);
                }
                transactions.Add(chain.Batch([.. events]));
            }
            blocks.Add(chain.Next([.. transactions]));
        }
        var segmentSize = random.Next(2) == 0 ? LedgerStoreOptions.MinSegmentSizeBytes : 1 << 20;

        await using (var store = Stores.Open(temp.Path, segmentSize))
        {
            await store.AppendAllAsync(blocks);
            Assert.Equal(chain.StateRoot, store.Tip!.StateRoot);
            Assert.All(blocks, b => Assert.Equal(b.Encode(), store.ReadBlock(b.Height)!.Encode()));
            Assert.All(issued, e => Assert.NotNull(store.FindEvent(chain.EventId(e))));
        }
        var report = new ChainVerifier().Verify(temp.Path);
        Assert.True(report.IsValid, $"seed {seed}: {report.Fault}");
        Assert.Equal(blocks.Count, report.BlocksVerified);

        Directory.Delete(Path.Combine(temp.Path, "index"), recursive: true);
        await using var rebuilt = Stores.Open(temp.Path, segmentSize);
        Assert.Equal(chain.StateRoot, rebuilt.Tip!.StateRoot);
        for (var c = 0; c < 3; c++)
        {
            var key = new ShipmentKey(ShipmentKeyKind.Container, $"CSQU{c:D7}");
            Assert.Equal(chain.ShipmentState(key)?.Encode(), rebuilt.GetShipment(key)?.Encode());
        }
    }
}
