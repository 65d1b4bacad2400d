using TradeChain.Crypto;
using TradeChain.Ingest.Batching;
using TradeChain.Ingest.Pipeline;
using TradeChain.Testing;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Tests.Batching;

[Trait("Category", "Ingest")]
public sealed class EventBatcherTests
{
    private static readonly IReadOnlyList<TradeEvent> Events = SampleEvents.SeaImportSeries(20);

    private static PendingEvent Pending(int index, long offset = 0) =>
        new(Events[index], Events[index].ComputeEventId(CryptoSuites.Intl), TradeEventCodec.Encode(Events[index]).Length, "single-window", new SourcePosition("t", 0, offset == 0 ? index : offset));

    [Fact]
    public void A_batch_is_cut_at_the_event_count()
    {
        var batcher = new EventBatcher(new BatchLimits(3, 1024 * 1024, 1_000));

        Assert.Empty(batcher.Add(Feed.CustomsStatus, Pending(0), 0).Closed);
        Assert.Empty(batcher.Add(Feed.CustomsStatus, Pending(1), 0).Closed);
        var closed = Assert.Single(batcher.Add(Feed.CustomsStatus, Pending(2), 0).Closed);

        Assert.Equal(3, closed.Events.Count);
        Assert.Equal(0, batcher.PendingEvents);
    }

    [Fact]
    public void A_batch_is_cut_before_it_would_pass_the_byte_limit()
    {
        var size = Pending(0).EncodedBytes + BatchLimits.PerEventOverheadBytes;
        var batcher = new EventBatcher(new BatchLimits(100, (2 * size) + 10, 1_000));

        batcher.Add(Feed.CustomsStatus, Pending(0), 0);
        batcher.Add(Feed.CustomsStatus, Pending(1), 0);
        var closed = Assert.Single(batcher.Add(Feed.CustomsStatus, Pending(2), 0).Closed);

        Assert.Equal(2, closed.Events.Count);
        Assert.Equal(1, batcher.PendingEvents);
        Assert.True(closed.Bytes <= (2 * size) + BatchLimits.BatchOverheadBytes);
    }

    [Fact]
    public void A_batch_is_due_when_its_first_event_has_waited_the_delay()
    {
        var batcher = new EventBatcher(new BatchLimits(100, 1024 * 1024, 500));
        batcher.Add(Feed.CustomsStatus, Pending(0), nowMs: 1_000);
        batcher.Add(Feed.CustomsStatus, Pending(1), nowMs: 1_400);

        Assert.Equal(1_500, batcher.NextDueAtMs);
        Assert.Empty(batcher.TakeDue(1_499));
        var due = Assert.Single(batcher.TakeDue(1_500));
        Assert.Equal(2, due.Events.Count);
        Assert.Equal(1_000, due.OpenedAtMs);
        Assert.Null(batcher.NextDueAtMs);
    }

    [Fact]
    public void Feeds_are_batched_apart_because_a_signed_batch_holds_one_feed()
    {
        var batcher = new EventBatcher(new BatchLimits(100, 1024 * 1024, 500));
        batcher.Add(Feed.CustomsStatus, Pending(0), 0);
        batcher.Add(Feed.PortGate, Pending(1), 0);

        Assert.Equal([Feed.CustomsStatus, Feed.PortGate], batcher.TakeAll().Select(b => b.Feed).Order());
    }

    [Fact]
    public void The_same_event_twice_in_an_open_batch_is_coalesced_keeping_both_sources()
    {
        var batcher = new EventBatcher(new BatchLimits(100, 1024 * 1024, 500));
        batcher.Add(Feed.CustomsStatus, Pending(0, offset: 7), 0);

        var again = batcher.Add(Feed.CustomsStatus, Pending(0, offset: 9), 0);

        Assert.True(again.Coalesced);
        var pending = Assert.Single(Assert.Single(batcher.TakeAll()).Events);
        Assert.Equal([7L, 9L], pending.Sources.Select(s => s.Offset));
    }

    [Fact]
    public void Limits_are_checked_against_the_ledgers_own()
    {
        Assert.Empty(BatchLimits.Default.Validate(TradeEventLimits.Default));
        Assert.Contains(new BatchLimits(20_000, 1024 * 1024, 500).Validate(TradeEventLimits.Default), p => p.Contains("max events", StringComparison.Ordinal));
        Assert.Contains(new BatchLimits(10, 1024, 500).Validate(TradeEventLimits.Default), p => p.Contains("largest valid event", StringComparison.Ordinal));
        Assert.Contains(new BatchLimits(10, 64L * 1024 * 1024, 500).Validate(TradeEventLimits.Default), p => p.Contains("ledger's batch limit", StringComparison.Ordinal));
        Assert.Contains(new BatchLimits(10, 1024 * 1024, 0).Validate(TradeEventLimits.Default), p => p.Contains("max delay", StringComparison.Ordinal));
    }
}
