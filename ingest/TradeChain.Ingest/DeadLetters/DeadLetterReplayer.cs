using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using TradeChain.Ingest.Batching;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.DeadLetters;

/// <summary>A dead letter that still does not pass: where it came from and why.</summary>
public sealed record StillRefused(string DeadLetterTopic, long DeadLetterOffset, SourcePosition Original, Rejection Rejection);

/// <summary>What a replay did: dead letters read, events submitted and the node's verdicts, and what is still refused.</summary>
public sealed record ReplayReport(int DeadLettersRead, int MessagesReparsed, int EventsSubmitted, int Accepted, int Duplicates, IReadOnlyList<StillRefused> StillRefused)
{
    public bool AllReplayed => StillRefused.Count == 0;
}

/// <summary>
/// <c>tradechain ingest replay-dlq</c>: reads <c>&lt;topic&gt;.dlq</c> from the beginning, re-parses
/// each dead letter's original payload with the current partner mappings through the same
/// <see cref="FeedPipeline"/> the worker runs, and submits what now passes (batched and signed as
/// the worker does). The dead-letter topic is read without a consumer group and never changed: what
/// still fails stays there, and what passed is harmless to replay again (duplicates by event id).
/// Copies of one original message (one per refused item) are re-parsed once.
/// </summary>
public sealed class DeadLetterReplayer(IngestOptions options, BatchSigner signer, IBatchSubmitter submitter, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<ReplayReport> ReplayAsync(IReadOnlyList<string> feedTopics, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedTopics);
        ArgumentNullException.ThrowIfNull(log);
        var feeds = options.Topics.ByTopic();
        var pipeline = new FeedPipeline(options.BuildProfiles(), new VehicleRegistry(options.MaxVehicles), options.FormatLimits);
        var sealer = options.CreateSealer(signer.Suite);
        var batcher = new EventBatcher(options.BatchLimits);
        var backoff = options.Backoff;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stillRefused = new List<StillRefused>();
        int read = 0, reparsed = 0, submitted = 0, accepted = 0, duplicates = 0;

        async Task SubmitAsync(PendingBatch batch)
        {
            var signed = signer.Sign(batch, _time.GetUtcNow().ToUnixTimeMilliseconds());
            SubmitReceipt receipt;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    receipt = await submitter.SubmitAsync(signed, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (BatchSubmitterUnavailableException e)
                {
                    var delayMs = backoff.DelayMs(attempt);
                    log.WriteLine($"warn: node unavailable ({e.Message}); retry {attempt} in {delayMs} ms");
                    await Task.Delay(TimeSpan.FromMilliseconds(delayMs), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            submitted += batch.Events.Count;
            for (var i = 0; i < batch.Events.Count; i++)
            {
                var pending = batch.Events[i];
                var (status, code, reason) = receipt.Status == BatchStatus.Rejected
                    ? (EventStatus.Rejected, receipt.Code ?? IngestCodes.LedgerBatchRejected, receipt.Reason ?? "the node rejected the batch")
                    : (receipt.Events[i].Status, receipt.Events[i].Code ?? IngestCodes.LedgerEventRejected, receipt.Events[i].Reason ?? "the node rejected the event");
                switch (status)
                {
                    case EventStatus.Accepted:
                        accepted++;
                        break;
                    case EventStatus.Duplicate:
                        duplicates++;
                        break;
                    default:
                        foreach (var source in pending.Sources)
                        {
                            stillRefused.Add(new StillRefused(source.Topic, source.Offset, source, new Rejection(code, reason, pending.Event.SourceReference)));
                        }
                        break;
                }
            }
        }

        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfig()).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        foreach (var topic in feedTopics)
        {
            var feedTopic = topic.EndsWith(IngestHeaders.DeadLetterTopicSuffix, StringComparison.Ordinal) ? topic[..^IngestHeaders.DeadLetterTopicSuffix.Length] : topic;
            var dlq = feedTopic + IngestHeaders.DeadLetterTopicSuffix;
            var metadata = admin.GetMetadata(dlq, TimeSpan.FromSeconds(10)).Topics.SingleOrDefault(t => t.Topic == dlq);
            if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                log.WriteLine($"info: {dlq}: no such topic, nothing to replay");
                continue;
            }
            var ends = new Dictionary<int, long>();
            foreach (var partition in metadata.Partitions)
            {
                var high = consumer.QueryWatermarkOffsets(new TopicPartition(dlq, partition.PartitionId), TimeSpan.FromSeconds(10)).High.Value;
                if (high > 0)
                {
                    ends[partition.PartitionId] = high;
                }
            }
            if (ends.Count == 0)
            {
                log.WriteLine($"info: {dlq}: empty");
                continue;
            }
            consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(dlq, p, Offset.Beginning)));
            var remaining = new Dictionary<int, long>(ends);
            while (remaining.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { Message: not null, IsPartitionEOF: false } record)
                {
                    continue;
                }
                if (record.Offset.Value + 1 >= remaining.GetValueOrDefault(record.Partition.Value, long.MaxValue))
                {
                    remaining.Remove(record.Partition.Value);
                }
                read++;
                var headers = record.Message.Headers;
                var originalTopic = Header(headers, IngestHeaders.OriginalTopic) ?? feedTopic;
                var original = new SourcePosition(
                    originalTopic,
                    int.TryParse(Header(headers, IngestHeaders.OriginalPartition), out var p) ? p : 0,
                    long.TryParse(Header(headers, IngestHeaders.OriginalOffset), out var o) ? o : 0);
                var payload = record.Message.Value ?? [];
                if (!seen.Add($"{original}|{Header(headers, IngestHeaders.Format)}|{Convert.ToHexString(SHA256.HashData(payload))}"))
                {
                    continue;
                }
                reparsed++;
                var feed = feeds.TryGetValue(originalTopic, out var f) ? f : feeds.GetValueOrDefault(feedTopic, Feed.PortGate);
                var timestamp = record.Message.Timestamp.Type == TimestampType.NotAvailable ? _time.GetUtcNow() : new DateTimeOffset(record.Message.Timestamp.UtcDateTime);
                var message = new IncomingMessage(original, record.Message.Key, payload, Header(headers, IngestHeaders.Partner), Header(headers, IngestHeaders.Format), timestamp);
                var outcome = pipeline.Process(message, feed, _time.GetUtcNow());
                foreach (var rejection in outcome.Rejections)
                {
                    stillRefused.Add(new StillRefused(dlq, record.Offset.Value, original, rejection));
                }
                var deadLetterPosition = new SourcePosition(dlq, record.Partition.Value, record.Offset.Value);
                foreach (var tradeEvent in outcome.Events)
                {
                    var pending = PendingEvent.Prepare(tradeEvent, signer.Suite, sealer, message.Partner!, deadLetterPosition);
                    foreach (var batch in batcher.Add(feed, pending, _time.GetUtcNow().ToUnixTimeMilliseconds()).Closed)
                    {
                        await SubmitAsync(batch).ConfigureAwait(false);
                    }
                }
            }
            consumer.Unassign();
        }
        foreach (var batch in batcher.TakeAll())
        {
            await SubmitAsync(batch).ConfigureAwait(false);
        }
        consumer.Close();
        return new ReplayReport(read, reparsed, submitted, accepted, duplicates, stillRefused);
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(options.Kafka))
        {
            BootstrapServers = options.BootstrapServers,
            // Assigned partitions only, no subscription and no commits: the group id just satisfies the client.
            GroupId = $"{options.ConsumerGroup}-dlq-replay",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            ClientId = $"tradechain-ingest-replay-{options.MemberId}",
        };
        return config;
    }

    private static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
