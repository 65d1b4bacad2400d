using System.Globalization;
using System.Text;
using Confluent.Kafka;
using TradeChain.Api.Problems;
using TradeChain.Ingest.Pipeline;

namespace TradeChain.Api.Partners;

/// <summary>Where the API reads partners' dead letters (section "Api:DeadLetters").</summary>
public sealed class DeadLetterOptions
{
    /// <summary>The ingest cluster's brokers; empty: only HTTPS push rejections are listed.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The dead-letter topics the ingest workers write (their feed topics plus ".dlq").</summary>
    public List<string> Topics { get; set; } =
    [
        "tradechain.manifests.dlq", "tradechain.customs-status.dlq", "tradechain.port-gate.dlq", "tradechain.tax.dlq", "tradechain.movements.dlq",
    ];

    /// <summary>Newest records read per partition per request: the page is assembled from them, so older ones are out of reach here (replay-dlq reads all).</summary>
    public int MaxRecordsPerPartition { get; set; } = 2_000;

    /// <summary>How long a request may spend on the cluster (metadata, watermarks, reading) before the answer is a 503.</summary>
    public int TimeoutMs { get; set; } = 5_000;

    /// <summary>Extra librdkafka settings (security, SASL), as the Ingest section's Kafka map.</summary>
    public Dictionary<string, string> Kafka { get; set; } = [];

    public bool Configured => !string.IsNullOrWhiteSpace(BootstrapServers);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxRecordsPerPartition is < 1 or > 100_000)
        {
            problems.Add($"Api:DeadLetters:MaxRecordsPerPartition must be 1..100000, is {MaxRecordsPerPartition}");
        }
        if (TimeoutMs is < 100 or > 60_000)
        {
            problems.Add($"Api:DeadLetters:TimeoutMs must be 100..60000, is {TimeoutMs}");
        }
        if (Topics.Any(t => string.IsNullOrWhiteSpace(t) || !t.EndsWith(IngestHeaders.DeadLetterTopicSuffix, StringComparison.Ordinal)))
        {
            problems.Add($"Api:DeadLetters:Topics are dead-letter topics, each ending in '{IngestHeaders.DeadLetterTopicSuffix}'");
        }
        return problems;
    }
}

/// <summary>
/// One refused input of a partner: from a Kafka dead-letter topic (its position there and the
/// original's) or from an HTTPS push (the receipt's id), with the stable code and the reason.
/// </summary>
public sealed record DeadLetterView(
    string Source,
    DateTimeOffset At,
    string Code,
    string Reason,
    string Item,
    string? Format,
    string? Topic = null,
    int? Partition = null,
    long? Offset = null,
    string? OriginalTopic = null,
    long? OriginalOffset = null,
    int? PayloadBytes = null,
    long? SubmissionId = null)
{
    public const string KafkaSource = "kafka";
    public const string PushSource = "https-push";
}

/// <summary>
/// Reads one partner's dead letters from the dead-letter topics: per partition, the newest
/// <see cref="DeadLetterOptions.MaxRecordsPerPartition"/> records up to the high watermark seen at
/// the start (no consumer group offsets, no commits: the topics are only read), keeping those whose
/// partner header is the caller's. Each call is one short-lived consumer; a cluster that does not
/// answer within the timeout is a 503.
/// </summary>
public sealed class DeadLetterReader(DeadLetterOptions options, ILogger<DeadLetterReader> logger)
{
    public Task<IReadOnlyList<DeadLetterView>> ReadAsync(string partner, CancellationToken cancellationToken) =>
        options.Configured ? Task.Run(() => Read(partner, cancellationToken), cancellationToken) : Task.FromResult<IReadOnlyList<DeadLetterView>>([]);

    private IReadOnlyList<DeadLetterView> Read(string partner, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(options.TimeoutMs);
        var timeout = TimeSpan.FromMilliseconds(options.TimeoutMs);
        var config = new ConsumerConfig(new Dictionary<string, string>(options.Kafka))
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = "tradechain-api-dead-letters",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AllowAutoCreateTopics = false,
            ClientId = "tradechain-api-dead-letters",
        };
        try
        {
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var wanted = options.Topics.ToHashSet(StringComparer.Ordinal);
            var ends = new Dictionary<TopicPartition, long>();
            var starts = new List<TopicPartitionOffset>();
            foreach (var topic in admin.GetMetadata(timeout).Topics.Where(t => wanted.Contains(t.Topic) && !t.Error.IsError))
            {
                foreach (var partition in topic.Partitions)
                {
                    var tp = new TopicPartition(topic.Topic, partition.PartitionId);
                    var marks = consumer.QueryWatermarkOffsets(tp, timeout);
                    if (marks.High.Value > marks.Low.Value)
                    {
                        ends[tp] = marks.High.Value;
                        starts.Add(new TopicPartitionOffset(tp, Math.Max(marks.Low.Value, marks.High.Value - options.MaxRecordsPerPartition)));
                    }
                }
            }
            var letters = new List<DeadLetterView>();
            if (starts.Count == 0)
            {
                return letters;
            }
            consumer.Assign(starts);
            while (ends.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"dead-letter topics not read to their end within {options.TimeoutMs} ms"));
                }
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { Message: not null, IsPartitionEOF: false } record)
                {
                    continue;
                }
                if (record.Offset.Value + 1 >= ends.GetValueOrDefault(record.TopicPartition, long.MaxValue))
                {
                    ends.Remove(record.TopicPartition);
                }
                var headers = record.Message.Headers;
                if (Header(headers, IngestHeaders.Partner) != partner)
                {
                    continue;
                }
                letters.Add(new DeadLetterView(
                    DeadLetterView.KafkaSource,
                    record.Message.Timestamp.Type == TimestampType.NotAvailable ? DateTimeOffset.UnixEpoch : new DateTimeOffset(record.Message.Timestamp.UtcDateTime),
                    Header(headers, IngestHeaders.ErrorCode) ?? "",
                    Header(headers, IngestHeaders.ErrorReason) ?? "",
                    Header(headers, IngestHeaders.ErrorItem) ?? "",
                    Header(headers, IngestHeaders.Format),
                    record.Topic,
                    record.Partition.Value,
                    record.Offset.Value,
                    Header(headers, IngestHeaders.OriginalTopic),
                    long.TryParse(Header(headers, IngestHeaders.OriginalOffset), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : null,
                    record.Message.Value?.Length ?? 0));
            }
            consumer.Close();
            return letters;
        }
        catch (KafkaException e)
        {
            logger.LogWarning("dead letters: the cluster at {Bootstrap} did not answer: {Error}", options.BootstrapServers, e.Error.Reason);
            throw new ApiProblemException(503, ProblemTypes.ServiceUnavailable, $"the dead-letter topics could not be read ({e.Error.Reason}); try again later", TimeSpan.FromSeconds(5));
        }
    }

    private static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
