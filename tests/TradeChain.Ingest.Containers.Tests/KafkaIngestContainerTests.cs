using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DotNet.Testcontainers.Builders;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Crypto;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Metrics;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;
using TradeChain.Trade.Batches;
using Testcontainers.Kafka;

[assembly: AssemblyFixture(typeof(TradeChain.Ingest.Containers.Tests.KafkaBrokerFixture))]

namespace TradeChain.Ingest.Containers.Tests;

/// <summary>
/// One real Kafka broker (apache/kafka, KRaft) in a container for the whole suite. Where no Docker
/// engine runs, Testcontainers throws <see cref="DockerUnavailableException"/>: the fixture keeps
/// its first line as <see cref="SkipReason"/> and every test skips with it (the approach of
/// tests/TradeChain.Analytics.Containers.Tests). The librdkafka mock cluster covers the same paths
/// everywhere (tests/TradeChain.Ingest.Tests); this suite proves them against a real broker.
/// </summary>
public sealed class KafkaBrokerFixture : IAsyncLifetime
{
    public const string Image = "apache/kafka:3.9.1";

    private KafkaContainer? _container;

    public string? SkipReason { get; private set; }

    public string BootstrapServers => _container!.GetBootstrapAddress();

    public async ValueTask InitializeAsync()
    {
        try
        {
            var container = new KafkaBuilder(Image).Build();
            await container.StartAsync(TestContext.Current.CancellationToken);
            _container = container;
        }
        catch (DockerUnavailableException e)
        {
            SkipReason = $"no Docker engine: {e.Message.Split('\n')[0]} (the real-Kafka ingest suite runs where Docker runs; the mock-cluster suite covers the same paths)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

/// <summary>A node stand-in: verifies each batch and accepts every event once by id.</summary>
internal sealed class AcceptingLedger : IBatchSubmitter
{
    private readonly Lock _lock = new();
    private readonly HashSet<Digest> _ids = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ids.Count;
            }
        }
    }

    public Task<SubmitReceipt> SubmitAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Verify().Count > 0)
        {
            return Task.FromResult(SubmitReceipt.Rejected("ledger.bad_batch", string.Join("; ", batch.Verify())));
        }
        var suite = CryptoSuites.Get(batch.Header.Suite);
        lock (_lock)
        {
            return Task.FromResult(SubmitReceipt.Accepted(batch.Events
                .Select(e => e.ComputeEventId(suite))
                .Select(id => new EventReceipt(id, _ids.Add(id) ? EventStatus.Accepted : EventStatus.Duplicate))
                .ToArray()));
        }
    }
}

[Trait("Category", "Containers")]
public sealed class KafkaIngestContainerTests(KafkaBrokerFixture broker)
{
    private static byte[] Sample(string relative) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", relative));

    [Fact]
    public async Task A_partner_file_and_a_bad_message_end_to_end_on_a_real_broker()
    {
        if (broker.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        var cancellationToken = TestContext.Current.CancellationToken;
        var topics = new FeedTopicOptions { PortGate = $"it-{Guid.NewGuid():N}.port-gate" };
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync(new[] { topics.Manifests, topics.CustomsStatus, topics.PortGate, topics.Tax, topics.Movements }
                .SelectMany(t => new[] { t, t + IngestHeaders.DeadLetterTopicSuffix })
                .Select(t => new TopicSpecification { Name = t, NumPartitions = 1, ReplicationFactor = 1 }));
        }
        using (var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, Acks = Acks.All }).Build())
        {
            foreach (var payload in new[] { Sample("edifact/codeco-gate-in-out.edi"), Encoding.UTF8.GetBytes("UNB+UNOW:4+X+Y+250314:1045+1'UNH+1+CODECO'") })
            {
                var headers = new Headers { { IngestHeaders.Partner, Encoding.UTF8.GetBytes("tjpct-gate") }, { IngestHeaders.Format, Encoding.UTF8.GetBytes(FeedFormats.EdifactName) } };
                await producer.ProduceAsync(topics.PortGate, new Message<string?, byte[]> { Key = "tjpct", Value = payload, Headers = headers }, cancellationToken);
            }
        }
        var options = new IngestOptions
        {
            MemberId = "tianjin-port",
            BootstrapServers = broker.BootstrapServers,
            GroupId = $"it-{Guid.NewGuid():N}",
            Kafka = new Dictionary<string, string> { ["auto.offset.reset"] = "earliest" },
            Topics = topics,
            BatchMaxDelayMs = 200,
            Partners = [new PartnerProfileOptions { PartnerId = "tjpct-gate", SourceSystem = "tjpct-gos", DefaultPort = "CNTSN", DefaultMode = Trade.Events.TransportMode.Sea, DefaultDirection = Trade.Events.TradeDirection.Import }],
            SensitiveKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(CryptoSuites.Sm.CipherKeyBytes)),
        };
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var ledger = new AcceptingLedger();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new KafkaIngestWorker(options, new BatchSigner(CryptoSuites.Sm, key, options.MemberId), ledger, new IngestMetrics(), NullLogger<KafkaIngestWorker>.Instance).RunAsync(stop.Token);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ledger.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cancellationToken);
        }
        await Task.Delay(1_000, cancellationToken);
        await stop.CancelAsync();
        await run;

        Assert.True(ledger.Count > 0, "the gate file's events reached the ledger");
        using var reader = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = options.ConsumerGroup, EnableAutoCommit = false }).Build();
        var committed = reader.Committed([new TopicPartition(topics.PortGate, 0)], TimeSpan.FromSeconds(10)).Single();
        Assert.Equal(2, committed.Offset.Value);
        reader.Assign(new TopicPartitionOffset(topics.PortGate + IngestHeaders.DeadLetterTopicSuffix, 0, Offset.Beginning));
        var deadLetter = reader.Consume(TimeSpan.FromSeconds(20));
        Assert.NotNull(deadLetter?.Message);
        Assert.True(deadLetter.Message.Headers.TryGetLastBytes(IngestHeaders.OriginalOffset, out var offset));
        Assert.Equal("1", Encoding.UTF8.GetString(offset));
    }
}
