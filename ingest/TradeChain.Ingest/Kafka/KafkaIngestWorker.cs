using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using TradeChain.Ingest.Batching;
using TradeChain.Ingest.DeadLetters;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Metrics;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Kafka;

/// <summary>
/// The I/O shell around the pure ingest core for one member organisation: consumes the feed
/// topics in the member's consumer group, runs each message through the <see cref="FeedPipeline"/>,
/// writes rejects to <c>&lt;topic&gt;.dlq</c>, batches, signs and submits, and commits a partition's
/// offset only past messages whose every event the node has durably accepted or that went to the
/// dead-letter topic (at-least-once delivery; event ids make a replay a duplicate, never a second fact).
/// <para>
/// One dedicated thread runs the loop: the Kafka consumer is not thread-safe and its rebalance
/// callbacks run inside <c>Consume</c>, so consuming, submitting and committing happen in one
/// sequence without locks. While the node is unavailable the loop retries with backoff and does
/// not poll; an outage longer than max.poll.interval.ms hands the partitions to another worker,
/// which replays from the last commit.
/// </para>
/// </summary>
public sealed class KafkaIngestWorker
{
    /// <summary>Upper bound of one poll, so age-based batch cuts and shutdown are noticed promptly.</summary>
    private const int MaxPollMs = 100;

    /// <summary>Lag is read from the client's cached watermarks at most this often.</summary>
    private const long LagRefreshMs = 1_000;

    private readonly IngestOptions _options;
    private readonly FeedPipeline _pipeline;
    private readonly SensitiveSealer? _sealer;
    private readonly BatchSigner _signer;
    private readonly IBatchSubmitter _submitter;
    private readonly IngestMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, Feed> _feedsByTopic;
    private readonly EventBatcher _batcher;
    private readonly OffsetTracker _tracker = new();
    private readonly Backoff _backoff;
    private IProducer<byte[]?, byte[]>? _deadLetters;
    private CancellationToken _stopping;
    private bool _faulted;
    private long _lagRefreshedAtMs;

    public KafkaIngestWorker(
        IngestOptions options,
        BatchSigner signer,
        IBatchSubmitter submitter,
        IngestMetrics metrics,
        ILogger<KafkaIngestWorker> logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"ingest options are not usable:\n{string.Join("\n", problems)}", nameof(options));
        }
        if (signer.MemberId != options.MemberId)
        {
            throw new ArgumentException($"the signer signs for member '{signer.MemberId}', the worker ingests for '{options.MemberId}'", nameof(signer));
        }
        _options = options;
        _signer = signer;
        _submitter = submitter ?? throw new ArgumentNullException(nameof(submitter));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
        _pipeline = new FeedPipeline(options.BuildProfiles(), new VehicleRegistry(options.MaxVehicles), options.FormatLimits);
        _sealer = options.CreateSealer(signer.Suite);
        _feedsByTopic = options.Topics.ByTopic();
        _batcher = new EventBatcher(options.BatchLimits);
        _backoff = options.Backoff;
    }

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> is cancelled, then submits what is batched
    /// (within the shutdown flush timeout), commits and leaves the group. Throws, without committing
    /// anything not yet accepted, on a defect (e.g. an unexpected submitter exception).
    /// </summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        using var deadLetters = new ProducerBuilder<byte[]?, byte[]>(ProducerConfig()).Build();
        _deadLetters = deadLetters;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfig())
            .SetPartitionsAssignedHandler((_, partitions) => _logger.LogInformation("Assigned {Partitions}", string.Join(", ", partitions)))
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler(OnLost)
            .Build();
        consumer.Subscribe(_feedsByTopic.Keys);
        _logger.LogInformation("Ingest for member {Member} in group {Group} reading {Topics}", _options.MemberId, _options.ConsumerGroup, string.Join(", ", _feedsByTopic.Keys));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var record = Poll(consumer);
                if (record is { IsPartitionEOF: false, Message: not null })
                {
                    Handle(record);
                }
                foreach (var batch in _batcher.TakeDue(NowMs()))
                {
                    Submit(batch, stoppingToken);
                }
                Commit(consumer);
                RefreshLag(consumer);
            }
            ShutDown(consumer);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while waiting for the node: what was not accepted stays uncommitted and is replayed.
            _logger.LogWarning("Stopped while the node was unavailable; {Messages} messages stay uncommitted and will be replayed", _tracker.InFlightMessages);
        }
        catch (Exception e)
        {
            _faulted = true;
            _logger.LogError(e, "Ingest worker failed; {Messages} uncommitted messages will be replayed on restart", _tracker.InFlightMessages);
            throw;
        }
        finally
        {
            _faulted = true;
            consumer.Close();
            _deadLetters = null;
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Poll(IConsumer<byte[]?, byte[]?> consumer)
    {
        var now = NowMs();
        var timeout = _batcher.NextDueAtMs is { } due ? Math.Clamp(due - now, 0, MaxPollMs) : MaxPollMs;
        try
        {
            return consumer.Consume(TimeSpan.FromMilliseconds(timeout));
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            _logger.LogWarning("Consume error on {Topic}: {Reason}", e.ConsumerRecord?.Topic, e.Error.Reason);
            return null;
        }
    }

    private void Handle(ConsumeResult<byte[]?, byte[]?> record)
    {
        var position = new SourcePosition(record.Topic, record.Partition.Value, record.Offset.Value);
        var headers = record.Message.Headers;
        var message = new IncomingMessage(
            position,
            record.Message.Key,
            record.Message.Value,
            Header(headers, IngestHeaders.Partner),
            Header(headers, IngestHeaders.Format),
            record.Message.Timestamp.Type == TimestampType.NotAvailable ? _time.GetUtcNow() : new DateTimeOffset(record.Message.Timestamp.UtcDateTime));
        _metrics.Consumed(record.Topic, FeedFormats.TryParse(message.Format) is { } format ? FeedFormats.Name(format) : "unknown");
        var feed = _feedsByTopic[record.Topic];
        var outcome = _pipeline.Process(message, feed, _time.GetUtcNow());
        foreach (var rejection in outcome.Rejections)
        {
            ProduceDeadLetter(DeadLetterRecord.For(rejection, position, message.Partner, message.Format, message.Key, message.Payload ?? []), rejection.Code, _stopping);
        }
        if (outcome.RegistrationsApplied > 0)
        {
            _metrics.RegistrationsApplied(outcome.RegistrationsApplied);
        }
        // Track before adding: adding may cut and submit a batch that completes this very message.
        _tracker.Track(position, outcome.Events.Count);
        foreach (var tradeEvent in outcome.Events)
        {
            var pending = PendingEvent.Prepare(tradeEvent, _signer.Suite, _sealer, message.Partner!, position);
            var added = _batcher.Add(feed, pending, NowMs());
            if (added.Coalesced)
            {
                _metrics.Duplicates(feed.ToString(), 1);
            }
            foreach (var batch in added.Closed)
            {
                Submit(batch, _stopping);
            }
        }
    }

    private void Submit(PendingBatch batch, CancellationToken cancellationToken)
    {
        var signed = _signer.Sign(batch, NowMs());
        var receipt = SubmitWithRetry(signed, cancellationToken);
        var feed = batch.Feed.ToString();
        if (receipt.Status == BatchStatus.Rejected)
        {
            _logger.LogError("Node rejected batch {Sequence} of {Count} {Feed} events: {Code} {Reason}", signed.Header.Sequence, batch.Events.Count, feed, receipt.Code, receipt.Reason);
            foreach (var pending in batch.Events)
            {
                DeadLetterEvent(pending, new Rejection(receipt.Code ?? IngestCodes.LedgerBatchRejected, receipt.Reason ?? "the node rejected the batch", pending.Event.SourceReference), cancellationToken);
            }
        }
        else
        {
            if (receipt.Events.Count != batch.Events.Count)
            {
                throw new InvalidOperationException($"the node's receipt lists {receipt.Events.Count} events for a batch of {batch.Events.Count}");
            }
            long accepted = 0, duplicates = 0;
            for (var i = 0; i < batch.Events.Count; i++)
            {
                var outcome = receipt.Events[i];
                if (!outcome.EventId.Equals(batch.Events[i].EventId))
                {
                    throw new InvalidOperationException($"the node's receipt entry {i} is for event {outcome.EventId}, the batch has {batch.Events[i].EventId} there");
                }
                switch (outcome.Status)
                {
                    case EventStatus.Accepted:
                        accepted++;
                        break;
                    case EventStatus.Duplicate:
                        duplicates++;
                        break;
                    default:
                        DeadLetterEvent(batch.Events[i], new Rejection(outcome.Code ?? IngestCodes.LedgerEventRejected, outcome.Reason ?? "the node rejected the event", batch.Events[i].Event.SourceReference), cancellationToken);
                        break;
                }
            }
            _metrics.Accepted(feed, accepted);
            _metrics.Duplicates(feed, duplicates);
        }
        _metrics.BatchLatency(feed, NowMs() - batch.OpenedAtMs);
        foreach (var source in batch.Events.SelectMany(e => e.Sources))
        {
            _tracker.Complete(source);
        }
    }

    private SubmitReceipt SubmitWithRetry(EventBatch batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return _submitter.SubmitAsync(batch, cancellationToken).GetAwaiter().GetResult();
            }
            catch (BatchSubmitterUnavailableException e)
            {
                var delayMs = _backoff.DelayMs(attempt);
                _metrics.SubmitRetried();
                _logger.LogWarning("Node unavailable for batch {Sequence} ({Reason}); retry {Attempt} in {DelayMs} ms", batch.Header.Sequence, e.Message, attempt, delayMs);
                Sleep(delayMs, cancellationToken);
            }
        }
    }

    /// <summary>An event the node refused goes to the dead-letter topic of each message that carried it, as canonical JSON.</summary>
    private void DeadLetterEvent(PendingEvent pending, Rejection rejection, CancellationToken cancellationToken)
    {
        var json = CanonicalJsonWriter.WriteMessage([pending.Event]);
        foreach (var source in pending.Sources)
        {
            ProduceDeadLetter(DeadLetterRecord.For(rejection, source, pending.Partner, FeedFormats.CanonicalJsonName, null, json), rejection.Code, cancellationToken);
        }
    }

    /// <summary>Writes a dead letter and waits until Kafka has it (acks=all): only then may the offset behind it be committed.</summary>
    private void ProduceDeadLetter(DeadLetterRecord record, string code, CancellationToken cancellationToken)
    {
        var message = new Message<byte[]?, byte[]> { Key = record.Key, Value = record.Value, Headers = [] };
        foreach (var (name, value) in record.Headers)
        {
            message.Headers.Add(name, Encoding.UTF8.GetBytes(value));
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _deadLetters!.ProduceAsync(record.Topic, message, cancellationToken).GetAwaiter().GetResult();
                _metrics.DeadLettered(record.Header(IngestHeaders.OriginalTopic), code);
                _logger.LogInformation("Dead-lettered {Item} of {Source} to {Topic}: {Code}", record.Header(IngestHeaders.ErrorItem), $"{record.Header(IngestHeaders.OriginalTopic)}[{record.Header(IngestHeaders.OriginalPartition)}]@{record.Header(IngestHeaders.OriginalOffset)}", record.Topic, code);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (!e.Error.IsFatal)
            {
                var delayMs = _backoff.DelayMs(attempt);
                _logger.LogWarning("Dead-letter write to {Topic} failed ({Reason}); retry {Attempt} in {DelayMs} ms", record.Topic, e.Error.Reason, attempt, delayMs);
                Sleep(delayMs, cancellationToken);
            }
        }
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer)
    {
        var positions = _tracker.TakeCommittable();
        if (positions.Count == 0)
        {
            return;
        }
        try
        {
            consumer.Commit(positions.Select(p => new TopicPartitionOffset(p.Topic, new Partition(p.Partition), new Offset(p.NextOffset))));
        }
        catch (KafkaException e)
        {
            // A later commit covers these offsets; if none comes, they are replayed as duplicates.
            _logger.LogWarning("Offset commit failed ({Reason}); the messages will be replayed if no later commit covers them", e.Error.Reason);
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        _logger.LogInformation("Revoked {Partitions}", string.Join(", ", partitions.Select(p => p.TopicPartition)));
        if (!_faulted)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            budget.CancelAfter(TimeSpan.FromMilliseconds(_options.RevokeFlushTimeoutMs));
            try
            {
                foreach (var batch in _batcher.TakeAll())
                {
                    Submit(batch, budget.Token);
                }
                Commit(consumer);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Could not submit pending events before giving up {Count} partitions; the next owner replays them", partitions.Count);
            }
        }
        // The assignment protocol is eager (all partitions revoked together), so nothing pending
        // belongs to a partition this worker keeps: what was not accepted is dropped, uncommitted.
        _batcher.Clear();
        foreach (var partition in partitions)
        {
            _tracker.Forget(partition.Topic, partition.Partition.Value);
            _metrics.ClearLag(partition.Topic, partition.Partition.Value);
        }
    }

    private void OnLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        _logger.LogWarning("Lost {Partitions} without a chance to commit; their uncommitted messages are replayed by the next owner", string.Join(", ", partitions.Select(p => p.TopicPartition)));
        _batcher.Clear();
        _tracker.ForgetAll();
    }

    private void ShutDown(IConsumer<byte[]?, byte[]?> consumer)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.ShutdownFlushTimeoutMs));
        try
        {
            foreach (var batch in _batcher.TakeAll())
            {
                Submit(batch, budget.Token);
            }
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Shutdown flush timed out; uncommitted messages will be replayed");
        }
        Commit(consumer);
        _logger.LogInformation("Ingest for member {Member} stopped", _options.MemberId);
    }

    private void RefreshLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        var now = NowMs();
        if (now - _lagRefreshedAtMs < LagRefreshMs)
        {
            return;
        }
        _lagRefreshedAtMs = now;
        try
        {
            foreach (var partition in consumer.Assignment)
            {
                var watermarks = consumer.GetWatermarkOffsets(partition);
                var position = consumer.Position(partition);
                if (watermarks.High.Value >= 0 && position.Value >= 0)
                {
                    _metrics.SetLag(partition.Topic, partition.Partition.Value, watermarks.High.Value - position.Value);
                }
            }
        }
        catch (KafkaException e)
        {
            // A metric is not worth stopping ingest for; the next refresh tries again.
            _logger.LogDebug("Lag not refreshed: {Reason}", e.Error.Reason);
        }
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(_options.Kafka))
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.ConsumerGroup,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            // A new group starts at the beginning: nothing a partner sent before the member joined is skipped.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // Eager assignment: a rebalance revokes everything, so the revoke handler can flush and
            // commit all pending work and nothing half-batched survives into the next generation.
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.RoundRobin,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        return config;
    }

    private ProducerConfig ProducerConfig() => new(new Dictionary<string, string>(_options.Kafka))
    {
        BootstrapServers = _options.BootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = true,
        // Surface a broker outage to the retry loop within seconds rather than librdkafka's 5 minutes.
        MessageTimeoutMs = 30_000,
        MessageMaxBytes = Math.Max(_options.MaxMessageBytes + (64 * 1024), 1_000_000),
    };

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static void Sleep(long milliseconds, CancellationToken cancellationToken)
    {
        if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(milliseconds)))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
