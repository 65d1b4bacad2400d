using TradeChain.Ledger;
using TradeChain.Testing;

namespace TradeChain.Storage.Tests.Support;

/// <summary>Shortcuts for opening stores the way the node will.</summary>
public static class Stores
{
    public static LedgerStoreOptions Options(string directory, long segmentSizeBytes = 64 * 1024) => new()
    {
        DataDirectory = directory,
        SegmentSizeBytes = segmentSizeBytes,
    };

    public static LedgerStore Open(string directory, long segmentSizeBytes = 64 * 1024) => LedgerStore.Open(Options(directory, segmentSizeBytes));

    /// <summary>Appends blocks one after another, awaiting each.</summary>
    public static async Task AppendAllAsync(this LedgerStore store, IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            await store.AppendAsync(block, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A genesis block and <paramref name="count"/> blocks of <paramref name="eventsPerBlock"/> events each.</summary>
    public static IReadOnlyList<Block> Build(TestChain chain, int count, int eventsPerBlock, string prefix = "ref")
    {
        var blocks = new List<Block> { chain.Genesis() };
        for (var b = 0; b < count; b++)
        {
            var events = Enumerable.Range(0, eventsPerBlock)
                .Select(e => TestChain.Event($"{prefix}-{b}-{e}", container: $"CSQU{b:D3}{e:D4}", minute: (b * 10) + e))
                .ToArray();
            blocks.Add(chain.Next(chain.Batch(events)));
        }
        return blocks;
    }
}
