using System.Runtime.CompilerServices;
using TradeChain.Ledger;
using TradeChain.Node.Client;

namespace TradeChain.Analytics.Projection;

/// <summary>
/// Committed blocks from a member node's client API, for the projector and the API's webhook
/// follower: <c>StreamBlocks</c> from the asked height up to the tip seen at the start of the read
/// (the reader polls again for the rest; the stream would otherwise wait for the next block). A node
/// that does not answer ends the read with its error; the reader retries. Counts the event leaves
/// and the height of what it hands out, for progress figures.
/// </summary>
public sealed class LedgerClientBlockSource(LedgerClient client) : ICommittedBlockSource
{
    private long _events;
    private long _height;

    /// <summary>Event leaves in the blocks read so far (duplicates included: the projector drops them).</summary>
    public long EventsRead => Interlocked.Read(ref _events);

    public ulong HeightRead => (ulong)Interlocked.Read(ref _height);

    public async ValueTask<ulong?> GetTipHeightAsync(CancellationToken cancellationToken)
    {
        var height = (await client.GetStatusAsync(cancellationToken).ConfigureAwait(false)).Height;
        return height == 0 ? null : height;
    }

    public async IAsyncEnumerable<Block> ReadBlocksAsync(ulong fromHeight, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await GetTipHeightAsync(cancellationToken).ConfigureAwait(false) is not { } tip || tip < fromHeight)
        {
            yield break;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await foreach (var message in client.StreamBlocksAsync(fromHeight, stop.Token).ConfigureAwait(false))
        {
            var block = Block.Decode(message.Block.Span);
            Interlocked.Add(ref _events, EventDecoder.Decode(block).Count);
            Interlocked.Exchange(ref _height, (long)message.Height);
            yield return block;
            if (message.Height >= tip)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                yield break;
            }
        }
    }
}
