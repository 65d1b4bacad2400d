using System.Runtime.CompilerServices;
using TradeChain.Analytics.Projection;
using TradeChain.Node.Client;

namespace TradeChain.Api.Ledger;

/// <summary>
/// Committed blocks from the member's node over its client API, for the webhook follower:
/// <c>StreamBlocks</c> from the asked height up to the tip seen at the start of the read (the
/// follower polls again for the rest). A node that does not answer ends the read; the follower
/// retries with backoff.
/// </summary>
public sealed class NodeBlockSource(LedgerClient client) : ICommittedBlockSource
{
    public async ValueTask<ulong?> GetTipHeightAsync(CancellationToken cancellationToken)
    {
        var height = (await client.GetStatusAsync(cancellationToken).ConfigureAwait(false)).Height;
        return height == 0 ? null : height;
    }

    public async IAsyncEnumerable<TradeChain.Ledger.Block> ReadBlocksAsync(ulong fromHeight, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await GetTipHeightAsync(cancellationToken).ConfigureAwait(false) is not { } tip || tip < fromHeight)
        {
            yield break;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = client.StreamBlocksAsync(fromHeight, stop.Token).ConfigureAwait(false);
        await foreach (var message in stream)
        {
            yield return TradeChain.Ledger.Block.Decode(message.Block.Span);
            if (message.Height >= tip)
            {
                // The stream would wait for the next block; the follower asks again instead.
                await stop.CancelAsync().ConfigureAwait(false);
                yield break;
            }
        }
    }
}
