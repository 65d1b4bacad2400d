using System.Runtime.CompilerServices;
using TradeChain.Ledger;
using TradeChain.Storage;

namespace TradeChain.Analytics.Projection;

/// <summary>
/// Where the projector reads committed blocks: the local ledger store (embedded) or a node's
/// StreamBlocks (the gRPC adapter). Only committed blocks, in height order.
/// </summary>
public interface ICommittedBlockSource
{
    /// <summary>The height of the last committed block; null while the ledger is empty.</summary>
    ValueTask<ulong?> GetTipHeightAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Committed blocks from <paramref name="fromHeight"/> on, in order without gaps. May end at
    /// the tip (a store) or go on as blocks commit (a stream); the projector handles both.
    /// </summary>
    IAsyncEnumerable<Block> ReadBlocksAsync(ulong fromHeight, CancellationToken cancellationToken);
}

/// <summary>The embedded source: the node's own <see cref="LedgerStore"/>, read up to its committed tip.</summary>
public sealed class LedgerStoreBlockSource(LedgerStore store) : ICommittedBlockSource
{
    public ValueTask<ulong?> GetTipHeightAsync(CancellationToken cancellationToken) => ValueTask.FromResult(store.Tip?.Height);

    public async IAsyncEnumerable<Block> ReadBlocksAsync(ulong fromHeight, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The tip is read once: blocks committed meanwhile are the next call's.
        if (store.Tip?.Height is not { } tip)
        {
            yield break;
        }
        for (var height = fromHeight; height <= tip; height++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return store.ReadBlock(height) ?? throw new InvalidOperationException($"the ledger store has no block {height} below its tip {tip}");
            // Reading is synchronous (a segment read); yield so a long catch-up does not hog the caller's thread.
            await Task.Yield();
        }
    }
}
