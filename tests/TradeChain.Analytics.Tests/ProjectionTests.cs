using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Generation;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Sql;
using TradeChain.Analytics.Tests.Shared;
using TradeChain.Contract;
using TradeChain.Storage;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Analytics.Tests;

/// <summary>Decoding blocks into rows, the generator, and the projector over the embedded ledger store.</summary>
[Trait("Category", "Analytics")]
public sealed class ProjectionTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void a_whole_event_projects_its_public_fields_and_never_its_sensitive_details()
    {
        using var chain = new TestChain();
        chain.Genesis();
        var sample = SampleEvents.SeaImport();
        var block = chain.Next(new AnalyticsLedgerBatches(chain).Batch(sample));
        var row = Assert.Single(EventDecoder.Decode(block));

        Assert.Equal(sample.ComputeEventId(chain.Suite).ToString(), row.EventId);
        Assert.Equal((1UL, 0, 0), (row.Height, row.TransactionIndex, row.LeafIndex));
        Assert.Equal(block.Header.TimestampMs, row.BlockTimeMs);
        Assert.Equal((TransportMode.Sea, TradeDirection.Import, TradeEventType.Released, "CNTSN"), (row.Mode!.Value, row.Direction, row.EventType, row.Port));
        Assert.Equal(new DateOnly(2025, 3, 14), row.LocalDate);
        Assert.Equal(sample.OccurredAt.ToUnixTimeMilliseconds(), row.OccurredAtMs);
        Assert.Equal(["CSQU3054383", "MSKU9070323"], row.Containers);
        Assert.Equal("9811000/1125W", row.Conveyance);
        Assert.Equal("91120116MA05JJ8B4G", row.TraderUscc);
        Assert.Equal("91120118MA06TC2L86", row.DeclarantUscc);
        Assert.Contains("\"packages\":1480", row.AttributesJson, StringComparison.Ordinal);
        Assert.Equal(ContractFact.From(sample).Keys, row.Keys);
        Assert.True(row.HasSensitive);
        var everyText = string.Join("|", typeof(ProjectedEvent).GetProperties().Select(p => p.GetValue(row)?.ToString()));
        Assert.DoesNotContain("天津滨海", everyText, StringComparison.Ordinal);
        Assert.DoesNotContain("1286400", everyText, StringComparison.Ordinal);
    }

    [Fact]
    public void generated_trade_is_valid_deterministic_and_has_the_realistic_mix()
    {
        var options = new GeneratorOptions { Seed = 3, Shipments = 300 };
        var events = new ShipmentGenerator(options).Generate();
        Assert.Equal(events.Select(e => e.Event), new ShipmentGenerator(options).Generate().Select(e => e.Event));
        var validator = new TradeEventValidator();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(events.Max(e => e.SubmittedAtMs));
        Assert.All(events, e => Assert.Empty(validator.Validate(e.Event, now)));
        Assert.Equal(events.Select(e => e.SubmittedAtMs).Order(), events.Select(e => e.SubmittedAtMs));
        Assert.Equal(["CNPEK", "CNTSN"], events.Select(e => e.Event.Port).Distinct().Order());
        var declarations = events.Where(e => e.Event.EventType == TradeEventType.DeclarationAccepted).Select(e => e.Event.References.DeclarationNumber).Distinct().Count();
        var inspected = events.Where(e => e.Event.EventType == TradeEventType.Inspected).Select(e => e.Event.References.DeclarationNumber).Distinct().Count();
        Assert.InRange(inspected / (double)declarations, 0.01, 0.12);
        Assert.Contains(events, e => e.Event.EventType == TradeEventType.Held);
        Assert.Contains(events, e => e.Event.EventType == TradeEventType.DeclarationRejected);
        // Late messages: submitted after an event that happened later.
        Assert.Contains(events.Zip(events.Skip(1)), pair => pair.First.Event.OccurredAt > pair.Second.Event.OccurredAt.AddHours(12));
        // Resubmissions: the same source reference twice.
        Assert.True(events.Count > events.Select(e => e.Event.SourceReference).Distinct().Count());
    }

    [Fact]
    public async Task the_embedded_source_projects_the_ledger_store_including_a_redacted_event()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var gateOut = TestChain.Event("gate-out-1", TradeEventType.GateOut, minute: 30);
        var release = TestChain.Event("release-1", TradeEventType.Released, minute: 10);
        var arrival = TestChain.Event("arrival-1", TradeEventType.Arrived, minute: 0);
        var blocks = new[]
        {
            chain.Genesis(),
            chain.Next(chain.Batch(arrival, gateOut)),
            chain.Next(chain.Batch(release, arrival)),
            chain.Next(chain.Redaction(chain.EventId(release))),
        };
        await using var ledger = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = temp.Sub("ledger") });
        foreach (var block in blocks)
        {
            await ledger.AppendAsync(block, Cancel);
        }
        await using var store = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = temp.Sub("analytics") });
        var progress = await AnalyticsStoreFixture.Projector(new LedgerStoreBlockSource(ledger), store).CatchUpAsync(Cancel);

        Assert.Equal((3UL, 4, 3L, 1L), (progress.Height!.Value, progress.Blocks, progress.EventsWritten, progress.EventsSkipped));
        var trace = await store.TraceAsync(new TraceQuery("CSQU3054383"), Cancel);
        Assert.Equal([TradeEventType.Arrived, TradeEventType.Released, TradeEventType.GateOut], trace.Events.Select(e => e.EventType));
        var redacted = trace.Events[1];
        Assert.True(redacted.Redacted);
        Assert.Equal(("", "", null, ""), (redacted.MemberId, redacted.Port, redacted.Mode, redacted.Location));
        Assert.Equal(release.OccurredAt, redacted.OccurredAt);
        Assert.Equal((2UL, 0, 0), (redacted.Height, redacted.TransactionIndex, redacted.LeafIndex));
        // The redacted release still counts as the contract counts it: no gate-out-before-release flag.
        var key = new ShipmentKey(ShipmentKeyKind.Container, "CSQU3054383");
        Assert.Equal(ledger.GetShipment(key), trace.Timeline.State);
        Assert.Equal(AnomalyFlags.None, trace.Timeline.State!.Flags);
        Assert.Equal(AnomalyFlags.None, trace.Timeline.Entries[^1].Flags);
    }

    [Fact]
    public async Task a_late_release_clears_the_flag_the_early_gate_out_raised_in_the_timeline()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = new[]
        {
            chain.Genesis(),
            chain.Next(chain.Batch(TestChain.Event("gate-out", TradeEventType.GateOut, minute: 60))),
            chain.Next(chain.Batch(TestChain.Event("release", TradeEventType.Released, minute: 90))),
        };
        await using var store = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = temp.Path });
        await AnalyticsStoreFixture.Projector(new ListBlockSource(blocks), store).CatchUpAsync(Cancel);
        var timeline = (await store.TraceAsync(new TraceQuery("CSQU3054383"), Cancel)).Timeline;
        Assert.Equal([AnomalyFlags.GateOutBeforeRelease, AnomalyFlags.None], timeline.Entries.Select(e => e.Raised));
        Assert.Equal(AnomalyFlags.GateOutBeforeRelease, timeline.State!.Flags);
        Assert.Equal(ShipmentStatus.Released, timeline.State.Status);
    }

    [Fact]
    public async Task a_block_larger_than_one_write_goes_in_parts_and_lag_is_measured()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var events = Enumerable.Range(0, 30).Select(i => TestChain.Event($"big-{i}", container: $"CSQU{i:D6}", minute: i)).ToArray();
        var blocks = new[] { chain.Genesis(), chain.Next(chain.Batch(events)) };
        using var metrics = new ProjectionMetrics();
        var lags = new List<double>();
        using var listener = new MeterListener();
        // Only this projector's instrument: other tests project at the same time under the same meter name.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == metrics.Lag)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lags.Add(value));
        listener.Start();
        await using var store = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = temp.Path });
        var projector = new BlockProjector(new ListBlockSource(blocks), store, new ProjectorOptions { MaxBatchEvents = 7 }, metrics, TimeProvider.System, NullLogger.Instance);
        var progress = await projector.CatchUpAsync(Cancel);

        Assert.Equal(30, progress.EventsWritten);
        Assert.Equal(1UL, (await store.GetCheckpointAsync(Cancel))!.Height);
        Assert.Equal(30, (await ((SqlAnalyticsStore)store).TableDigestAsync(Cancel)).Events);
        Assert.Equal(2, lags.Count);
        Assert.All(lags, lag => Assert.True(lag > 0));
    }

    [Fact]
    public async Task a_source_that_skips_a_height_is_refused()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = new[] { chain.Genesis(), chain.Next(chain.Batch(TestChain.Event("a"))), chain.Next(chain.Batch(TestChain.Event("b"))) };
        await using var store = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = temp.Path });
        var gappy = new ListBlockSource([blocks[0], blocks[2]]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AnalyticsStoreFixture.Projector(gappy, store).CatchUpAsync(Cancel));
        Assert.Contains("gave block 2, expected 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_duckdb_store_refuses_bad_options_with_the_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = "", Threads = 0 }));
        Assert.Contains("a data directory is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("threads must be 1..64", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A batch of any member's events on a test chain, signed with a key of its own.</summary>
    private sealed class AnalyticsLedgerBatches(TestChain chain)
    {
        public Ledger.Transaction Batch(TradeEvent e)
        {
            using var key = chain.Suite.GenerateSigningKey();
            var batch = Trade.Batches.EventBatch.Sign(chain.Suite, key, e.MemberId, e.Feed, 1, 1_767_225_600_000, [e]);
            return Ledger.Transaction.ForBatch(batch, 1_767_225_600_000);
        }
    }
}
