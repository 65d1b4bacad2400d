using TradeChain.Crypto;
using TradeChain.Ingest.Pipeline;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Batching;

/// <summary>
/// A validated event waiting for its batch: its id (for duplicate detection), its encoded size
/// (for the byte limit), the partner that sent it (for a dead letter, should the node refuse it),
/// and every Kafka message that carried it — a partner resending a message inside one batch
/// window gives one event with two sources, both committed when it is accepted.
/// </summary>
public sealed class PendingEvent
{
    private readonly List<SourcePosition> _sources;

    public PendingEvent(TradeEvent tradeEvent, Digest eventId, int encodedBytes, string partner, SourcePosition source)
    {
        Event = tradeEvent;
        EventId = eventId;
        EncodedBytes = encodedBytes;
        Partner = partner;
        _sources = [source];
    }

    /// <summary>
    /// A validated event made ready to batch: its id, then its sensitive details sealed with
    /// <paramref name="sealer"/> (null only where plaintext is explicitly allowed), then its size as
    /// it will be submitted. The one way the Kafka worker, the dead-letter replay and the HTTPS push
    /// prepare events, so none of them can skip sealing.
    /// </summary>
    public static PendingEvent Prepare(TradeEvent validated, ICryptoSuite suite, SensitiveSealer? sealer, string partner, SourcePosition source)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var eventId = validated.ComputeEventId(suite);
        var submitted = sealer?.Seal(validated, eventId) ?? validated;
        return new PendingEvent(submitted, eventId, TradeEventCodec.Encode(submitted).Length, partner, source);
    }

    public TradeEvent Event { get; }

    public Digest EventId { get; }

    public int EncodedBytes { get; }

    public string Partner { get; }

    public IReadOnlyList<SourcePosition> Sources => _sources;

    internal void AddSource(SourcePosition source) => _sources.Add(source);
}

/// <summary>A cut batch: one feed's events in arrival order, ready to sign.</summary>
public sealed record PendingBatch(Feed Feed, IReadOnlyList<PendingEvent> Events, long OpenedAtMs, long Bytes);

/// <summary>What adding an event did: whether it joined an event already waiting (same id), and the batches it closed.</summary>
public readonly record struct AddResult(bool Coalesced, IReadOnlyList<PendingBatch> Closed);

/// <summary>
/// Groups events into batches per feed (a signed batch holds one feed), cutting by count, bytes
/// and age (see <see cref="BatchLimits"/>). Pure: time is passed in as milliseconds, nothing
/// happens between calls. Events with the same id in one open batch are coalesced, since a
/// signed batch may not hold an id twice.
/// </summary>
public sealed class EventBatcher
{
    private readonly BatchLimits _limits;
    private readonly Dictionary<Feed, OpenBatch> _open = [];

    public EventBatcher(BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    public int PendingEvents => _open.Values.Sum(b => b.Events.Count);

    /// <summary>When the oldest open batch is due by age, or null with nothing open.</summary>
    public long? NextDueAtMs => _open.Count == 0 ? null : _open.Values.Min(b => b.OpenedAtMs) + _limits.MaxDelayMs;

    public AddResult Add(Feed feed, PendingEvent pending, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var closed = new List<PendingBatch>(1);
        var size = pending.EncodedBytes + BatchLimits.PerEventOverheadBytes;
        if (_open.TryGetValue(feed, out var batch))
        {
            if (batch.ById.TryGetValue(pending.EventId, out var existing))
            {
                foreach (var source in pending.Sources)
                {
                    existing.AddSource(source);
                }
                return new AddResult(true, closed);
            }
            if (batch.Bytes + size > _limits.MaxBytes)
            {
                closed.Add(Close(feed, batch));
                batch = null;
            }
        }
        if (batch is null)
        {
            batch = new OpenBatch(nowMs);
            _open[feed] = batch;
        }
        batch.Events.Add(pending);
        batch.ById.Add(pending.EventId, pending);
        batch.Bytes += size;
        if (batch.Events.Count >= _limits.MaxEvents)
        {
            closed.Add(Close(feed, batch));
        }
        return new AddResult(false, closed);
    }

    /// <summary>The batches whose first event has waited <see cref="BatchLimits.MaxDelayMs"/> or longer.</summary>
    public IReadOnlyList<PendingBatch> TakeDue(long nowMs) =>
        _open.Where(entry => nowMs - entry.Value.OpenedAtMs >= _limits.MaxDelayMs).ToList()
            .Select(entry => Close(entry.Key, entry.Value))
            .ToList();

    /// <summary>Every open batch, whatever its age: for shutdown and for partitions being revoked.</summary>
    public IReadOnlyList<PendingBatch> TakeAll() =>
        _open.ToList().Select(entry => Close(entry.Key, entry.Value)).ToList();

    /// <summary>Drops everything open, uncommitted: those messages are read again by whoever owns their partitions next.</summary>
    public void Clear() => _open.Clear();

    private PendingBatch Close(Feed feed, OpenBatch batch)
    {
        _open.Remove(feed);
        return new PendingBatch(feed, batch.Events, batch.OpenedAtMs, batch.Bytes + BatchLimits.BatchOverheadBytes);
    }

    private sealed class OpenBatch(long openedAtMs)
    {
        public long OpenedAtMs { get; } = openedAtMs;

        public List<PendingEvent> Events { get; } = [];

        public Dictionary<Digest, PendingEvent> ById { get; } = [];

        public long Bytes { get; set; }
    }
}
