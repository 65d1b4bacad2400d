using System.Runtime.CompilerServices;
using TradeChain.Analytics.Generation;
using TradeChain.Analytics.Projection;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Tests.Shared;

/// <summary>
/// A certified test chain holding generated trade: events in the order partners submit them,
/// cut into blocks of about <c>eventsPerBlock</c>, one signed batch per member and feed within a
/// block (a resubmitted event lands in its own batch, as a second submission would). Also the
/// events as the oracle reads them: the first occurrence of each id, in ledger order.
/// </summary>
public sealed class AnalyticsLedger : IDisposable
{
    private readonly Dictionary<string, ISigningKey> _memberKeys = [];
    private ulong _batchSequence;

    private AnalyticsLedger(IReadOnlyList<GeneratedEvent> generated)
    {
        Generated = generated;
        Chain = new TestChain();
        Blocks = [Chain.Genesis()];
    }

    public TestChain Chain { get; }

    public IReadOnlyList<GeneratedEvent> Generated { get; }

    public List<Block> Blocks { get; }

    public IReadOnlyList<ProjectedEvent> FirstOccurrences => FirstOccurrencesOf(Blocks);

    public static AnalyticsLedger Build(GeneratorOptions options, int eventsPerBlock = 100)
    {
        var ledger = new AnalyticsLedger(new ShipmentGenerator(options).Generate());
        foreach (var chunk in ledger.Generated.Chunk(eventsPerBlock))
        {
            ledger.Blocks.Add(ledger.Chain.Next(ledger.Batches(chunk.Select(g => g.Event).ToArray()).ToArray()));
        }
        return ledger;
    }

    /// <summary>Batch transactions for events submitted together: per member and feed, in submission order, never an id twice in one batch.</summary>
    public IEnumerable<Transaction> Batches(IReadOnlyList<TradeEvent> events)
    {
        var suite = Chain.Suite;
        foreach (var group in events.GroupBy(e => (e.MemberId, e.Feed)))
        {
            var batch = new List<TradeEvent>();
            var ids = new HashSet<Digest>();
            foreach (var e in group)
            {
                if (!ids.Add(e.ComputeEventId(suite)))
                {
                    yield return Sign(group.Key.MemberId, group.Key.Feed, batch);
                    batch = [];
                    ids = [e.ComputeEventId(suite)];
                }
                batch.Add(e);
            }
            yield return Sign(group.Key.MemberId, group.Key.Feed, batch);
        }
    }

    /// <summary>The first occurrence of every event id in <paramref name="blocks"/>, in ledger order: what the ledger's contract counts.</summary>
    public static IReadOnlyList<ProjectedEvent> FirstOccurrencesOf(IEnumerable<Block> blocks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return blocks.SelectMany(EventDecoder.Decode).Where(e => seen.Add(e.EventId)).ToArray();
    }

    public void Dispose()
    {
        Chain.Dispose();
        foreach (var key in _memberKeys.Values)
        {
            key.Dispose();
        }
    }

    private Transaction Sign(string member, Feed feed, IReadOnlyList<TradeEvent> events)
    {
        if (!_memberKeys.TryGetValue(member, out var key))
        {
            key = _memberKeys[member] = Chain.Suite.GenerateSigningKey();
        }
        var batch = EventBatch.Sign(Chain.Suite, key, member, feed, ++_batchSequence, 1_767_225_600_000, events);
        return Transaction.ForBatch(batch, 1_767_225_600_000);
    }
}

/// <summary>Blocks from a list, up to a chosen tip: a ledger that grows as a test says.</summary>
public sealed class ListBlockSource(IReadOnlyList<Block> blocks) : ICommittedBlockSource
{
    /// <summary>The last height this source serves; the rest is "not committed yet".</summary>
    public ulong Tip { get; set; } = (ulong)(blocks.Count - 1);

    public ValueTask<ulong?> GetTipHeightAsync(CancellationToken cancellationToken) => ValueTask.FromResult<ulong?>(Tip);

    public async IAsyncEnumerable<Block> ReadBlocksAsync(ulong fromHeight, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var height = fromHeight; height <= Tip && height < (ulong)blocks.Count; height++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return blocks[(int)height];
            await Task.Yield();
        }
    }
}
