using TradeChain.Crypto;
using TradeChain.Ingest.Batching;
using TradeChain.Trade.Batches;

namespace TradeChain.Ingest.Signing;

/// <summary>
/// Signs cut batches with the member's key. Batch sequence numbers are the signing time in Unix
/// milliseconds, bumped by one when two batches fall in the same millisecond: strictly increasing
/// within a worker and across its restarts without a sequence file, as long as the clock does not
/// step back by more than the restart takes.
/// </summary>
public sealed class BatchSigner
{
    private readonly ICryptoSuite _suite;
    private readonly ISigningKey _key;
    private ulong _lastSequence;

    public BatchSigner(ICryptoSuite suite, ISigningKey key, string memberId)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        if (key.Algorithm != suite.SignatureAlgorithm)
        {
            throw new ArgumentException($"member key is {AlgorithmNames.Of(key.Algorithm)}, suite {AlgorithmNames.Of(suite.Id)} signs with {AlgorithmNames.Of(suite.SignatureAlgorithm)}", nameof(key));
        }
        _suite = suite;
        _key = key;
        MemberId = memberId;
    }

    public string MemberId { get; }

    public ICryptoSuite Suite => _suite;

    public EventBatch Sign(PendingBatch batch, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _lastSequence = Math.Max(_lastSequence + 1, (ulong)Math.Max(nowMs, 0));
        return EventBatch.Sign(_suite, _key, MemberId, batch.Feed, _lastSequence, nowMs, batch.Events.Select(e => e.Event).ToArray());
    }
}
