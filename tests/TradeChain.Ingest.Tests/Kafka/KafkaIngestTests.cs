using System.Diagnostics.Metrics;
using System.Text;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Metrics;
using TradeChain.Ingest.Pipeline;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Tests.Kafka;

/// <summary>
/// The worker end to end on librdkafka's mock cluster: partner messages in every format on their
/// topics, signed batches on the in-process ledger, rejects on the dead-letter topics, offsets
/// committed only behind accepted work — through crashes, node outages, rebalances and a broker
/// going down. Message counts stay small: the mock cluster consumes about 2,000 messages/s.
/// </summary>
[Trait("Category", "Ingest")]
public sealed class KafkaIngestTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_format_reaches_the_ledger_and_every_reject_the_dead_letter_topic_with_its_reason()
    {
        using var harness = new KafkaHarness();
        var ledger = new InMemoryLedger { RejectSourceReferencePrefix = "TAX-" };
        using var metrics = new IngestMetrics();
        using var measurements = new MeasurementRecorder(metrics.Meter);
        var options = harness.Options(o => o.MaxMessageBytes = 64 * 1024);
        var topics = KafkaHarness.Topics;
        await harness.ProduceAsync(
        [
            // Registrations first, on the gate partition (same key), so the gate events find the trucks.
            new(topics.PortGate, "tjpct", Samples.Bytes("vehicles/registrations.json"), "tianjin-port-vehicles", FeedFormats.VehicleRegistrationName),
            new(topics.PortGate, "tjpct", Samples.Bytes("edifact/codeco-gate-in-out.edi"), "tjpct-gate", FeedFormats.EdifactName),
            new(topics.PortGate, "tjpct", Samples.Bytes("edifact/codeco-custom-separators.edi"), "tjpct-gate", FeedFormats.EdifactName),
            new(topics.CustomsStatus, "cus", Samples.Bytes("edifact/cusres-release-reject-inspect.edi"), "tianjin-customs", FeedFormats.EdifactName),
            new(topics.CustomsStatus, "sw", Samples.Bytes("tradechain-json/customs-release-and-tax.json"), "single-window", FeedFormats.CanonicalJsonName),
            new(topics.Manifests, "eglv", Samples.Bytes("edifact/cuscar-sea-import-manifest.edi"), "eglv-manifest", FeedFormats.EdifactName),
            new(topics.Manifests, "bgs", Samples.Bytes("cargo-xml/xfwb-master-waybill.xml"), "bgs-cargo", FeedFormats.CargoXmlName),
            new(topics.Movements, "bgs", Samples.Bytes("cargo-xml/xfsu-departure.xml"), "bgs-cargo", FeedFormats.CargoXmlName),
            new(topics.Movements, "bgs", Samples.Bytes("cargo-xml/xfsu-import-arrival.xml"), "bgs-cargo", FeedFormats.CargoXmlName),
            new(topics.Movements, "cosco", Samples.Bytes("dcsa/tnt-events.json"), "cosco-dcsa", FeedFormats.DcsaName),
            // The rejects: malformed, truncated, oversized, wrong encoding, unknown partner, invalid event.
            new(topics.PortGate, "bad", Encoding.UTF8.GetBytes("UNB+UNOW:4+X+Y+250314:1045+1'UNH+1+CODECO'"), "tjpct-gate", FeedFormats.EdifactName),
            new(topics.Movements, "bad", Samples.Bytes("cargo-xml/xfsu-departure.xml")[..700], "bgs-cargo", FeedFormats.CargoXmlName),
            new(topics.Manifests, "bad", new byte[70 * 1024], "eglv-manifest", FeedFormats.EdifactName),
            new(topics.CustomsStatus, "bad", Encoding.Latin1.GetBytes("""{"schema": "tradechain.event/1", "events": [{"location": "Zürich"}]}"""), "single-window", FeedFormats.CanonicalJsonName),
            new(topics.Tax, "bad", Samples.Bytes("tradechain-json/customs-release-and-tax.json"), "tax-bureau", FeedFormats.CanonicalJsonName),
            new(topics.PortGate, "tjpct", Encoding.UTF8.GetBytes(Samples.Text("edifact/codeco-custom-separators.edi").Replace("OOLU1882343", "OOLU1882344", StringComparison.Ordinal)), "tjpct-gate", FeedFormats.EdifactName),
        ]);

        using var stop = new CancellationTokenSource();
        var run = harness.Worker(ledger, options, metrics).RunAsync(stop.Token);
        // 20 events in the samples; the single window's tax payment is refused by the ledger's contract.
        await ledger.WaitForEventsAsync(19, Patience);
        var dlq = DeadLetters(harness, expected: 7);
        await stop.CancelAsync();
        await run;

        Assert.Equal(19, ledger.Events.Count);
        Assert.All(ledger.Batches, batch => Assert.Empty(batch.Verify()));
        Assert.All(ledger.Batches, batch => Assert.Equal(harness.MemberPublicKey, batch.SignerKey));
        Assert.All(ledger.Events, e => Assert.Empty(new TradeEventValidator().Validate(e, DateTimeOffset.UtcNow)));
        Assert.Equal(
            [Feed.Manifest, Feed.CustomsStatus, Feed.PortGate, Feed.TransportMovement],
            ledger.Batches.Select(b => b.Header.Feed).Distinct().Order());
        var gateIn = ledger.Events.Single(e => e.SourceReference == "CODECO:GI20250314000187:CSQU3054383");
        Assert.True(gateIn.Attributes[GateVehicleLinker.RegisteredAttribute].AsBool());

        Assert.Equal(
            [
                ("tradechain.customs-status", "contract.test_rule"),
                ("tradechain.customs-status", ParseCodes.MessageEncoding),
                ("tradechain.manifests", ParseCodes.MessageTooLarge),
                ("tradechain.movements", ParseCodes.XmlSyntax),
                ("tradechain.port-gate", ValidationCodes.ContainerCheckDigit),
                ("tradechain.port-gate", ParseCodes.EdifactEnvelope),
                ("tradechain.tax", IngestCodes.PartnerUnknown),
            ],
            dlq.Select(d => (d.Headers[IngestHeaders.OriginalTopic], d.Headers[IngestHeaders.ErrorCode])).Order());
        var checkDigit = dlq.Single(d => d.Headers[IngestHeaders.ErrorCode] == ValidationCodes.ContainerCheckDigit);
        Assert.Equal("tjpct-gate", checkDigit.Headers[IngestHeaders.Partner]);
        Assert.Equal(FeedFormats.EdifactName, checkDigit.Headers[IngestHeaders.Format]);
        Assert.Equal("CODECO:GI20250314000191:OOLU1882344", checkDigit.Headers[IngestHeaders.ErrorItem]);
        Assert.Contains("check digit is 4, expected 3", checkDigit.Headers[IngestHeaders.ErrorReason]);
        Assert.Equal("tradechain.port-gate.dlq", checkDigit.Topic);
        var refused = dlq.Single(d => d.Headers[IngestHeaders.ErrorCode] == "contract.test_rule");
        Assert.Equal(FeedFormats.CanonicalJsonName, refused.Headers[IngestHeaders.Format]);
        Assert.Equal("single-window", refused.Headers[IngestHeaders.Partner]);
        Assert.Contains("TAX-020220251000012345-PAID", Encoding.UTF8.GetString(refused.Value));

        foreach (var topic in new[] { topics.Manifests, topics.CustomsStatus, topics.PortGate, topics.Tax, topics.Movements })
        {
            Assert.Equal(0, harness.Uncommitted(topic));
        }
        Assert.Equal(16, measurements.Sum("tradechain.ingest.messages.consumed"));
        Assert.Equal(19, measurements.Sum("tradechain.ingest.events.accepted"));
        Assert.Equal(7, measurements.Sum("tradechain.ingest.dead_lettered"));
        Assert.Equal(1, measurements.Sum("tradechain.ingest.dead_lettered", ("code", ParseCodes.MessageTooLarge)));
        Assert.Equal(3, measurements.Sum("tradechain.ingest.vehicle_registrations"));
        Assert.True(measurements.Count("tradechain.ingest.batch.latency") >= 4);
    }

    [Fact]
    public async Task A_worker_killed_after_the_node_stored_a_batch_loses_nothing_and_duplicates_nothing_on_restart()
    {
        using var harness = new KafkaHarness();
        var ledger = new InMemoryLedger();
        var options = harness.Options(o => o.BatchMaxEvents = 5);
        await harness.ProduceAsync(SingleEventMessages(30));

        ledger.FailAfterStoring(1);
        var crash = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Worker(ledger, options).RunAsync(CancellationToken.None));
        Assert.Contains("simulated crash", crash.Message);
        Assert.Equal(10, ledger.Events.Count);
        var committedAfterCrash = harness.Committed(KafkaHarness.Topics.CustomsStatus).Values.Sum(v => Math.Max(v, 0));
        Assert.True(committedAfterCrash <= 5, $"{committedAfterCrash} offsets committed; only the first batch's messages may be");

        using var stop = new CancellationTokenSource();
        var restarted = harness.Worker(ledger, options).RunAsync(stop.Token);
        await ledger.WaitForEventsAsync(30, Patience);
        await stop.CancelAsync();
        await restarted;

        Assert.Equal(30, ledger.Events.Count);
        Assert.Equal(30, ledger.Events.Select(e => e.SourceReference).Distinct().Count());
        Assert.True(ledger.DuplicatesReported >= 5, $"the replayed batch should be reported as duplicates, got {ledger.DuplicatesReported}");
        Assert.Equal(0, harness.Uncommitted(KafkaHarness.Topics.CustomsStatus));
    }

    [Fact]
    public async Task While_the_node_is_unavailable_the_worker_retries_and_commits_nothing_then_delivers()
    {
        using var harness = new KafkaHarness();
        var ledger = new InMemoryLedger { Unavailable = true };
        using var metrics = new IngestMetrics();
        using var measurements = new MeasurementRecorder(metrics.Meter);
        await harness.ProduceAsync(SingleEventMessages(6));

        using var stop = new CancellationTokenSource();
        var run = harness.Worker(ledger, metrics: metrics).RunAsync(stop.Token);
        await WaitUntil(() => ledger.Attempts >= 4, Patience);

        Assert.Empty(ledger.Events);
        Assert.All(harness.Committed(KafkaHarness.Topics.CustomsStatus).Values, offset => Assert.True(offset < 0));
        ledger.Unavailable = false;
        await ledger.WaitForEventsAsync(6, Patience);
        await stop.CancelAsync();
        await run;

        Assert.True(measurements.Sum("tradechain.ingest.submit.retries") >= 3);
        Assert.Equal(0, harness.Uncommitted(KafkaHarness.Topics.CustomsStatus));
    }

    [Fact]
    public async Task A_second_worker_joining_the_group_shares_the_partitions_without_loss_or_duplicates()
    {
        using var harness = new KafkaHarness(partitions: 4);
        var ledger = new InMemoryLedger();
        var first = new CountingSubmitter(ledger);
        var second = new CountingSubmitter(ledger);
        var messages = SingleEventMessages(80);
        await harness.ProduceAsync(messages.Take(40));

        using var stop = new CancellationTokenSource();
        var runFirst = harness.Worker(first).RunAsync(stop.Token);
        await ledger.WaitForEventsAsync(20, Patience);
        var runSecond = harness.Worker(second).RunAsync(stop.Token);
        // Trickle the second half in over a few seconds, so it arrives after the group rebalanced.
        foreach (var chunk in messages.Skip(40).Chunk(8))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600), TestContext.Current.CancellationToken);
            await harness.ProduceAsync(chunk);
        }
        await ledger.WaitForEventsAsync(80, Patience);
        await stop.CancelAsync();
        await Task.WhenAll(runFirst, runSecond);

        Assert.Equal(80, ledger.Events.Count);
        Assert.True(first.Batches > 0 && second.Batches > 0, $"both workers should submit: {first.Batches} and {second.Batches}");
        Assert.Equal(0, harness.Uncommitted(KafkaHarness.Topics.CustomsStatus));
        // Sensitive details (CUSCAR consignee, XFWB consignee, the JSON declaration's value) reach the ledger sealed only, bound to their event.
        var withDetails = ledger.Events.Where(e => e.Sensitive is not null).ToList();
        Assert.True(withDetails.Count >= 3, $"{withDetails.Count} events with sensitive details");
        Assert.All(withDetails, e =>
        {
            Assert.True(e.Sensitive!.IsSealed);
            var eventIdText = Encoding.UTF8.GetBytes(e.ComputeEventId(Crypto.CryptoSuites.Sm).ToString());
            Assert.NotNull(TradeEventCodec.DecodeSensitiveDetails(Crypto.CryptoSuites.Sm.Open(harness.SensitiveKey, e.Sensitive.Sealed!, eventIdText)));
        });
    }

    [Fact]
    public async Task A_broker_taken_down_and_brought_back_loses_nothing()
    {
        using var harness = new KafkaHarness();
        var ledger = new InMemoryLedger();
        var messages = SingleEventMessages(20);
        await harness.ProduceAsync(messages.Take(10));

        using var stop = new CancellationTokenSource();
        var run = harness.Worker(ledger).RunAsync(stop.Token);
        await ledger.WaitForEventsAsync(10, Patience);
        harness.Cluster.SetBrokerDown(1);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        harness.Cluster.SetBrokerUp(1);
        await harness.ProduceAsync(messages.Skip(10));
        await ledger.WaitForEventsAsync(20, Patience);
        await stop.CancelAsync();
        await run;

        Assert.Equal(20, ledger.Events.Count);
        Assert.Equal(0, harness.Uncommitted(KafkaHarness.Topics.CustomsStatus));
    }

    /// <summary><paramref name="count"/> canonical-JSON messages of one distinct customs event each, spread over the partitions by key.</summary>
    private static IReadOnlyList<PartnerMessage> SingleEventMessages(int count) =>
        SampleEvents.SeaImportSeries(count)
            .Select((e, i) => new PartnerMessage(KafkaHarness.Topics.CustomsStatus, $"key-{i}", CanonicalJsonWriter.WriteMessage([e with { MemberId = TestPartners.Member, SourceSystem = TestPartners.SingleWindow.SourceSystem }]), TestPartners.SingleWindow.PartnerId, FeedFormats.CanonicalJsonName))
            .ToArray();

    private static IReadOnlyList<DeadLetter> DeadLetters(KafkaHarness harness, int expected)
    {
        var topics = KafkaHarness.Topics;
        var deadLetterTopics = new[] { topics.Manifests, topics.CustomsStatus, topics.PortGate, topics.Tax, topics.Movements }
            .Select(t => t + IngestHeaders.DeadLetterTopicSuffix)
            .ToArray();
        var deadline = DateTime.UtcNow + Patience;
        while (deadLetterTopics.Sum(t => harness.EndOffsets(t).Values.Sum()) < expected && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        return deadLetterTopics
            .SelectMany(t => harness.ReadAll(t, (int)harness.EndOffsets(t).Values.Sum(), Patience))
            .Select(r => new DeadLetter(r.Topic, r.Message.Value ?? [], r.Message.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()))))
            .ToArray();
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {timeout.TotalSeconds:0} s");
            }
            await Task.Delay(25);
        }
    }

    private sealed record DeadLetter(string Topic, byte[] Value, IReadOnlyDictionary<string, string> Headers);

    private sealed class CountingSubmitter(InMemoryLedger ledger) : Submission.IBatchSubmitter
    {
        private int _batches;

        public int Batches => _batches;

        public async Task<Submission.SubmitReceipt> SubmitAsync(Trade.Batches.EventBatch batch, CancellationToken cancellationToken)
        {
            var receipt = await ledger.SubmitAsync(batch, cancellationToken);
            Interlocked.Increment(ref _batches);
            return receipt;
        }
    }

    /// <summary>Collects the measurements of one meter's instruments while it lives.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Lock _lock = new();
        private readonly List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

        public MeasurementRecorder(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
            _listener.Start();
        }

        public double Sum(string instrument, params (string Key, string Value)[] tags)
        {
            lock (_lock)
            {
                return _measurements
                    .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(mt => mt.Key == t.Key && Equals(mt.Value, t.Value))))
                    .Sum(m => m.Value);
            }
        }

        public int Count(string instrument)
        {
            lock (_lock)
            {
                return _measurements.Count(m => m.Instrument == instrument);
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Record(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_lock)
            {
                _measurements.Add((instrument, value, tags.ToArray()));
            }
        }
    }
}
