using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Crypto;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Metrics;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;

namespace TradeChain.Ingest.Tests.Kafka;

/// <summary>A partner message to produce: topic, key, payload and the partner/format headers.</summary>
public sealed record PartnerMessage(string Topic, string? Key, byte[] Payload, string? Partner, string? Format);

/// <summary>
/// Runs ingest workers against a <see cref="MockKafkaCluster"/>: produces partner messages, starts
/// and stops workers in one consumer group, and reads back dead letters and committed offsets.
/// </summary>
public sealed class KafkaHarness : IDisposable
{
    public const string GroupId = "tradechain-ingest-tianjin-port";

    /// <summary>The mock cluster forms groups quickly only with short session timeouts and frequent heartbeats.</summary>
    private static readonly Dictionary<string, string> FastGroupSettings = new()
    {
        ["session.timeout.ms"] = "2000",
        ["heartbeat.interval.ms"] = "200",
        ["fetch.wait.max.ms"] = "50",
        ["topic.metadata.refresh.interval.ms"] = "1000",
    };

    private readonly ISigningKey _key = CryptoSuites.Sm.GenerateSigningKey();

    public KafkaHarness(int brokers = 1, int partitions = 2)
    {
        Cluster = new MockKafkaCluster(brokers);
        var topics = new FeedTopicOptions();
        foreach (var topic in new[] { topics.Manifests, topics.CustomsStatus, topics.PortGate, topics.Tax, topics.Movements })
        {
            Cluster.CreateTopic(topic, partitions);
            Cluster.CreateTopic(topic + IngestHeaders.DeadLetterTopicSuffix, 1);
        }
        Producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers, Acks = Acks.All, EnableIdempotence = true }).Build();
    }

    public MockKafkaCluster Cluster { get; }

    public IProducer<string?, byte[]> Producer { get; }

    public PublicKey MemberPublicKey => _key.PublicKey;

    /// <summary>The members' shared sensitive-data key the worker seals with (SM4: 16 bytes).</summary>
    public byte[] SensitiveKey { get; } = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);

    public static FeedTopicOptions Topics { get; } = new();

    public IngestOptions Options(Action<IngestOptions>? configure = null)
    {
        var options = new IngestOptions
        {
            MemberId = TestPartners.Member,
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = GroupId,
            Kafka = new Dictionary<string, string>(FastGroupSettings),
            BatchMaxEvents = 50,
            BatchMaxDelayMs = 150,
            RetryInitialDelayMs = 20,
            RetryMaxDelayMs = 200,
            ShutdownFlushTimeoutMs = 5_000,
            RevokeFlushTimeoutMs = 5_000,
            Partners = TestPartners.All.Select(ToOptions).ToList(),
            SensitiveKey = Convert.ToBase64String(SensitiveKey),
        };
        configure?.Invoke(options);
        return options;
    }

    public KafkaIngestWorker Worker(IBatchSubmitter submitter, IngestOptions? options = null, IngestMetrics? metrics = null) =>
        new(options ?? Options(), new BatchSigner(CryptoSuites.Sm, _key, TestPartners.Member), submitter, metrics ?? new IngestMetrics(), NullLogger<KafkaIngestWorker>.Instance);

    public async Task ProduceAsync(IEnumerable<PartnerMessage> messages)
    {
        foreach (var message in messages)
        {
            var headers = new Headers();
            if (message.Partner is not null)
            {
                headers.Add(IngestHeaders.Partner, Encoding.UTF8.GetBytes(message.Partner));
            }
            if (message.Format is not null)
            {
                headers.Add(IngestHeaders.Format, Encoding.UTF8.GetBytes(message.Format));
            }
            await Producer.ProduceAsync(message.Topic, new Message<string?, byte[]> { Key = message.Key, Value = message.Payload, Headers = headers });
        }
    }

    /// <summary>Every record on <paramref name="topic"/> so far, read from the beginning of each partition.</summary>
    public IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic, int expected, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = $"reader-{Guid.NewGuid():N}", EnableAutoCommit = false }).Build();
        var partitions = PartitionsOf(topic);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } record)
            {
                records.Add(record);
            }
        }
        // A short extra look, so that more records than expected are seen and fail the test.
        for (var i = 0; i < 3 && consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } extra; i++)
        {
            records.Add(extra);
        }
        return records;
    }

    /// <summary>The group's committed offset per partition of <paramref name="topic"/> (-1001 where nothing is committed).</summary>
    public IReadOnlyDictionary<int, long> Committed(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = GroupId }).Build();
        return consumer.Committed(PartitionsOf(topic).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    /// <summary>The end offset (next offset to be written) per partition of <paramref name="topic"/>.</summary>
    public IReadOnlyDictionary<int, long> EndOffsets(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = $"reader-{Guid.NewGuid():N}" }).Build();
        return PartitionsOf(topic).ToDictionary(p => p.Value, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Messages on <paramref name="topic"/> past the group's committed offsets: 0 once everything is handled.</summary>
    public long Uncommitted(string topic)
    {
        var committed = Committed(topic);
        return EndOffsets(topic).Sum(end => end.Value - Math.Max(committed[end.Key], 0));
    }

    public void Dispose()
    {
        Producer.Dispose();
        _key.Dispose();
        Cluster.Dispose();
    }

    private IReadOnlyList<Partition> PartitionsOf(string topic)
    {
        using var admin = new DependentAdminClientBuilder(Producer.Handle).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new Partition(p.PartitionId)).ToArray();
    }

    private static PartnerProfileOptions ToOptions(PartnerProfile profile) => new()
    {
        PartnerId = profile.PartnerId,
        SourceSystem = profile.SourceSystem,
        DefaultPort = profile.DefaultPort,
        DefaultMode = profile.DefaultMode,
        DefaultDirection = profile.DefaultDirection,
        UtcOffsetMinutes = profile.UtcOffsetMinutes,
        LocationCodes = new Dictionary<string, string>(profile.LocationCodes),
    };
}
