using TradeChain.Api.Access;
using TradeChain.Api.Problems;
using TradeChain.Crypto;
using TradeChain.Ingest.Batching;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Feeds;

public sealed record RejectedItem(string Item, string Code, string Reason);

/// <summary>
/// What became of a pushed message: the ids of events the ledger stored now, those it already
/// held (or that appeared twice in the message), and every refused item with its code and reason.
/// </summary>
public sealed record FeedReceipt(string Partner, string Format, string Feed, IReadOnlyList<string> Accepted, IReadOnlyList<string> Duplicates, IReadOnlyList<RejectedItem> Rejected, int RegistrationsApplied);

/// <summary>
/// The HTTPS push path of ingest: the same <see cref="FeedPipeline"/> as the Kafka worker
/// (parse, link vehicles, validate), then batches cut by the ingest limits, signed by the
/// member's <see cref="BatchSigner"/> and handed to its node through <see cref="IBatchSubmitter"/>.
/// The receipt is the node's verdict per event, so a partner knows at once what is on the ledger.
/// </summary>
public sealed class FeedPushService
{
    /// <summary>HTTPS pushes are SourcePositions too (dead letters and logs name them); this is their "topic".</summary>
    public const string SourceName = "https-push";

    /// <summary>A pushed message must be answered within this; a node slower than that is reported unavailable.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private readonly FeedPipeline _pipeline;
    private readonly SensitiveSealer? _sealer;
    private readonly BatchSigner _signer;
    private readonly IBatchSubmitter _submitter;
    private readonly TimeProvider _time;
    private readonly BatchLimits _limits;
    private readonly Lock _pipelineGate = new();
    private long _messages;

    /// <param name="sealer">Seals every event's sensitive details as the Kafka worker does; null only where plaintext is explicitly allowed.</param>
    public FeedPushService(IReadOnlyList<PartnerProfile> partners, BatchSigner signer, SensitiveSealer? sealer, IBatchSubmitter submitter, TimeProvider time, BatchLimits? limits = null)
    {
        if (sealer is not null && sealer.Suite.Id != signer.Suite.Id)
        {
            throw new ArgumentException($"the sealer uses suite {sealer.Suite.Id}, the signer {signer.Suite.Id}", nameof(sealer));
        }
        if (partners.FirstOrDefault(p => p.MemberId != signer.MemberId) is { } foreign)
        {
            throw new ArgumentException($"partner '{foreign.PartnerId}' belongs to member '{foreign.MemberId}', but this API signs for '{signer.MemberId}'", nameof(partners));
        }
        _pipeline = new FeedPipeline(partners, new VehicleRegistry());
        _sealer = sealer;
        _signer = signer;
        _submitter = submitter;
        _time = time;
        _limits = limits ?? BatchLimits.Default;
    }

    public async Task<FeedReceipt> PushAsync(AccessScope scope, string format, Feed feed, byte[] payload, CancellationToken cancellationToken)
    {
        if (!scope.CanPushFeeds)
        {
            throw scope.Denied("feed push (it needs a port, airport, customs or tax principal bound to a partner profile)");
        }
        var now = _time.GetUtcNow();
        MessageOutcome outcome;
        // The pipeline owns the vehicle registry and is single-threaded by contract.
        lock (_pipelineGate)
        {
            var position = new SourcePosition(SourceName, 0, ++_messages);
            outcome = _pipeline.Process(new IncomingMessage(position, null, payload, scope.PartnerId, format, now), feed, now);
        }
        var rejected = outcome.Rejections.Select(r => new RejectedItem(r.Item, r.Code, r.Reason)).ToList();
        var accepted = new List<string>();
        var duplicates = new List<string>();
        var pending = new List<PendingEvent>();
        var seen = new HashSet<Digest>();
        foreach (var tradeEvent in outcome.Events)
        {
            var prepared = PendingEvent.Prepare(tradeEvent, _signer.Suite, _sealer, scope.PartnerId!, new SourcePosition(SourceName, 0, _messages));
            if (!seen.Add(prepared.EventId))
            {
                // A signed batch may not hold an id twice; the second copy in one message is a duplicate by definition.
                duplicates.Add(prepared.EventId.ToString());
                continue;
            }
            pending.Add(prepared);
        }
        foreach (var batch in Cut(feed, pending, now.ToUnixTimeMilliseconds()))
        {
            var receipt = await SubmitAsync(batch, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            if (receipt.Status == BatchStatus.Rejected)
            {
                rejected.AddRange(batch.Events.Select(e => new RejectedItem(e.Event.SourceReference, receipt.Code ?? IngestCodes.LedgerBatchRejected, receipt.Reason ?? "the ledger refused the batch")));
                continue;
            }
            foreach (var (eventReceipt, pendingEvent) in receipt.Events.Zip(batch.Events))
            {
                switch (eventReceipt.Status)
                {
                    case EventStatus.Accepted: accepted.Add(eventReceipt.EventId.ToString()); break;
                    case EventStatus.Duplicate: duplicates.Add(eventReceipt.EventId.ToString()); break;
                    default: rejected.Add(new RejectedItem(pendingEvent.Event.SourceReference, eventReceipt.Code ?? IngestCodes.LedgerEventRejected, eventReceipt.Reason ?? "refused by the ledger")); break;
                }
            }
        }
        return new FeedReceipt(scope.PartnerId!, format, feed.ToString(), accepted, duplicates, rejected, outcome.RegistrationsApplied);
    }

    /// <summary>The current registration of <paramref name="plate"/> among those pushed to this API (the pipeline's registry); null when none was.</summary>
    public VehicleRegistration? CurrentRegistration(string plate)
    {
        lock (_pipelineGate)
        {
            return _pipeline.Registry.Current(plate);
        }
    }

    private async Task<SubmitReceipt> SubmitAsync(PendingBatch batch, long nowMs, CancellationToken cancellationToken)
    {
        var signed = _signer.Sign(batch, nowMs);
        try
        {
            var receipt = await _submitter.SubmitAsync(signed, cancellationToken).ConfigureAwait(false);
            if (receipt.Status == BatchStatus.Accepted && receipt.Events.Count != batch.Events.Count)
            {
                throw new InvalidOperationException($"the ledger answered {receipt.Events.Count} event receipts for a batch of {batch.Events.Count}");
            }
            return receipt;
        }
        catch (BatchSubmitterUnavailableException e)
        {
            throw ApiProblemException.Unavailable($"the ledger node could not take the batch now ({e.Message}); nothing of this message's unsent batches is stored, push it again", RetryAfter);
        }
    }

    /// <summary>Batches within the ingest limits (events and bytes), in message order.</summary>
    private IEnumerable<PendingBatch> Cut(Feed feed, IReadOnlyList<PendingEvent> events, long nowMs)
    {
        var current = new List<PendingEvent>();
        long bytes = BatchLimits.BatchOverheadBytes;
        foreach (var e in events)
        {
            var size = e.EncodedBytes + BatchLimits.PerEventOverheadBytes;
            if (current.Count > 0 && (current.Count == _limits.MaxEvents || bytes + size > _limits.MaxBytes))
            {
                yield return new PendingBatch(feed, current, nowMs, bytes);
                current = [];
                bytes = BatchLimits.BatchOverheadBytes;
            }
            current.Add(e);
            bytes += size;
        }
        if (current.Count > 0)
        {
            yield return new PendingBatch(feed, current, nowMs, bytes);
        }
    }
}
