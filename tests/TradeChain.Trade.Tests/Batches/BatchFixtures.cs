using TradeChain.Testing;
using TradeChain.Crypto;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Trade.Tests.Batches;

/// <summary>Signed batches of realistic events from one member and feed.</summary>
internal static class BatchFixtures
{
    public static IReadOnlyList<TradeEvent> Events(int count) => SampleEvents.SeaImportSeries(count);

    public static EventBatch Sign(ICryptoSuite suite, ISigningKey key, int eventCount, ulong sequence = 1)
    {
        var events = Events(eventCount);
        return EventBatch.Sign(suite, key, events[0].MemberId, events[0].Feed, sequence, createdAtMs: 1_742_086_800_000, events);
    }
}
