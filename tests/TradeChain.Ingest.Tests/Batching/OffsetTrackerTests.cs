using TradeChain.Ingest.Batching;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Submission;

namespace TradeChain.Ingest.Tests.Batching;

[Trait("Category", "Ingest")]
public sealed class OffsetTrackerTests
{
    private static SourcePosition At(long offset, int partition = 0) => new("t", partition, offset);

    [Fact]
    public void The_commit_position_passes_only_a_prefix_of_finished_messages()
    {
        var tracker = new OffsetTracker();
        tracker.Track(At(10), parts: 2);
        tracker.Track(At(11), parts: 0);
        tracker.Track(At(12), parts: 1);

        Assert.Empty(tracker.TakeCommittable());
        tracker.Complete(At(12));
        Assert.Empty(tracker.TakeCommittable());
        tracker.Complete(At(10));
        tracker.Complete(At(10));

        Assert.Equal([new CommitPosition("t", 0, 13)], tracker.TakeCommittable());
        Assert.Empty(tracker.TakeCommittable());
        Assert.Equal(0, tracker.InFlightMessages);
    }

    [Fact]
    public void A_message_with_nothing_to_submit_is_committable_at_once()
    {
        var tracker = new OffsetTracker();
        tracker.Track(At(5), parts: 0);

        Assert.Equal([new CommitPosition("t", 0, 6)], tracker.TakeCommittable());
    }

    [Fact]
    public void Partitions_are_independent_and_forgotten_partitions_ignore_completions()
    {
        var tracker = new OffsetTracker();
        tracker.Track(At(1, partition: 0), 1);
        tracker.Track(At(1, partition: 1), 1);
        tracker.Forget("t", 0);

        tracker.Complete(At(1, partition: 0));
        tracker.Complete(At(1, partition: 1));

        Assert.Equal([new CommitPosition("t", 1, 2)], tracker.TakeCommittable());
    }

    [Fact]
    public void Misuse_is_caught()
    {
        var tracker = new OffsetTracker();
        tracker.Track(At(3), 1);
        Assert.Throws<InvalidOperationException>(() => tracker.Track(At(3), 1));
        tracker.Complete(At(3));
        Assert.Throws<InvalidOperationException>(() => tracker.Complete(At(3)));
        tracker.TakeCommittable();
        Assert.Throws<InvalidOperationException>(() => tracker.Track(At(2), 0));
    }

    [Fact]
    public void Backoff_doubles_to_its_cap()
    {
        var backoff = new Backoff(100, 1_000);

        Assert.Equal([100L, 200, 400, 800, 1_000, 1_000], Enumerable.Range(1, 6).Select(backoff.DelayMs));
        Assert.Equal(1_000, backoff.DelayMs(int.MaxValue));
        Assert.NotEmpty(new Backoff(100, 10).Validate());
    }
}
