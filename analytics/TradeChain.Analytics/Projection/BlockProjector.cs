using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Analytics.Store;
using TradeChain.Ledger;

namespace TradeChain.Analytics.Projection;

/// <summary>How the projector batches and polls.</summary>
public sealed record ProjectorOptions
{
    /// <summary>Events per write; a block larger than this is written alone (a block is never split: the checkpoint is per block).</summary>
    public int MaxBatchEvents { get; init; } = AnalyticsLimits.MaxBatchEvents;

    /// <summary>Blocks per write.</summary>
    public int MaxBlocksPerBatch { get; init; } = AnalyticsLimits.MaxBlocksPerBatch;

    /// <summary>How long <see cref="BlockProjector.RunAsync"/> waits at the tip before looking again. A block a second: half a second keeps lag near a block.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public string? Validate()
    {
        var problems = new List<string>();
        if (MaxBatchEvents is < 1 or > AnalyticsLimits.MaxBatchEvents)
        {
            problems.Add($"events per write must be 1..{AnalyticsLimits.MaxBatchEvents}, got {MaxBatchEvents}");
        }
        if (MaxBlocksPerBatch is < 1 or > AnalyticsLimits.MaxBlocksPerBatch)
        {
            problems.Add($"blocks per write must be 1..{AnalyticsLimits.MaxBlocksPerBatch}, got {MaxBlocksPerBatch}");
        }
        if (PollInterval < TimeSpan.FromMilliseconds(10))
        {
            problems.Add($"the poll interval must be at least 10 ms, got {PollInterval}");
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}

/// <summary>What one catch-up did.</summary>
public sealed record ProjectionProgress(ulong? Height, int Blocks, long EventsWritten, long EventsSkipped);

/// <summary>
/// Follows committed blocks into the analytics store. Resumes after the store's checkpoint;
/// decodes each block (<see cref="EventDecoder"/>), keeps the first occurrence of an event id
/// within a write (the store drops ids it already holds), and writes runs of whole blocks with
/// the checkpoint of the last one. Replaying from any height is harmless: the store keeps the
/// first occurrence of each id and the checkpoint never moves back.
/// </summary>
public sealed class BlockProjector(ICommittedBlockSource source, IAnalyticsStore store, ProjectorOptions options, ProjectionMetrics metrics, TimeProvider time, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>Projects every committed block after the checkpoint, up to the source's end; returns what it did.</summary>
    public async Task<ProjectionProgress> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var checkpoint = await store.GetCheckpointAsync(cancellationToken).ConfigureAwait(false);
        return await ProjectFromAsync(checkpoint is null ? 0 : checkpoint.Height + 1, checkpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Projects again from <paramref name="fromHeight"/> (after a restore, or to repair a store);
    /// events already held are skipped. A height above the checkpoint starts at the checkpoint
    /// instead: a replay goes back, never skips blocks.
    /// </summary>
    public async Task<ProjectionProgress> ReplayFromAsync(ulong fromHeight, CancellationToken cancellationToken = default)
    {
        var checkpoint = await store.GetCheckpointAsync(cancellationToken).ConfigureAwait(false);
        var next = checkpoint is null ? 0 : checkpoint.Height + 1;
        return await ProjectFromAsync(Math.Min(fromHeight, next), checkpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Catches up, then waits <see cref="ProjectorOptions.PollInterval"/> at the tip and goes on, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var progress = await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            if (progress.Blocks == 0)
            {
                await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<ProjectionProgress> ProjectFromAsync(ulong fromHeight, ProjectionCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException($"projector options: {problem}");
        }
        var pending = new List<Block>();
        var pendingEvents = new List<ProjectedEvent>();
        var pendingIds = new HashSet<string>(StringComparer.Ordinal);
        var blocks = 0;
        long written = 0;
        long skipped = 0;
        var expected = fromHeight;

        // Writes events; moves the checkpoint to the last pending block, or not at all for part of a block.
        async Task WriteAsync(IReadOnlyList<ProjectedEvent> events, Block? through, int duplicatesInBatch)
        {
            var next = checkpoint;
            // The checkpoint never moves back: a replay below it writes rows it lacks and leaves it be.
            if (through is not null && (checkpoint is null || through.Height > checkpoint.Height))
            {
                next = new ProjectionCheckpoint(through.Height, through.Id.ToString(), through.Header.TimestampMs);
            }
            var result = await store.WriteAsync(new ProjectionBatch(events, next), cancellationToken).ConfigureAwait(false);
            metrics.EventsWritten.Add(result.EventsWritten);
            metrics.EventsSkipped.Add(result.EventsAlreadyPresent + duplicatesInBatch);
            metrics.RedactedWritten.Add(events.Count(e => e.Redacted));
            written += result.EventsWritten;
            skipped += result.EventsAlreadyPresent + duplicatesInBatch;
            checkpoint = next;
        }

        var pendingDuplicates = 0;
        async Task FlushAsync()
        {
            if (pending.Count == 0)
            {
                return;
            }
            await WriteAsync(pendingEvents.ToArray(), pending[^1], pendingDuplicates).ConfigureAwait(false);
            var queryableMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var block in pending)
            {
                metrics.Lag.Record(queryableMs - block.Header.TimestampMs);
            }
            if (checkpoint is not null)
            {
                metrics.SetProjectedHeight(checkpoint.Height);
            }
            blocks += pending.Count;
            pending.Clear();
            pendingEvents.Clear();
            pendingIds.Clear();
            pendingDuplicates = 0;
        }

        await foreach (var block in source.ReadBlocksAsync(fromHeight, cancellationToken).ConfigureAwait(false))
        {
            if (block.Height != expected)
            {
                throw new InvalidOperationException($"the block source gave block {block.Height}, expected {expected}: blocks must come in order without gaps");
            }
            expected++;
            var decoded = EventDecoder.Decode(block);
            if (pending.Count > 0 && (pending.Count >= options.MaxBlocksPerBatch || pendingEvents.Count + decoded.Count > options.MaxBatchEvents))
            {
                await FlushAsync().ConfigureAwait(false);
            }
            // First occurrence wins within a write; the store drops ids it holds from earlier writes.
            var fresh = decoded.Where(e => pendingIds.Add(e.EventId)).ToArray();
            pendingDuplicates += decoded.Count - fresh.Length;
            // A block larger than one write goes in parts; only its last part moves the checkpoint,
            // so a crash in between is repaired by projecting the block again.
            var parts = fresh.Chunk(options.MaxBatchEvents).ToArray();
            for (var i = 0; i < parts.Length - 1; i++)
            {
                await WriteAsync(parts[i], through: null, duplicatesInBatch: 0).ConfigureAwait(false);
            }
            pending.Add(block);
            pendingEvents.AddRange(parts.Length == 0 ? [] : parts[^1]);
        }
        await FlushAsync().ConfigureAwait(false);
        if (blocks > 0)
        {
            _logger.LogInformation("projected {Blocks} blocks to height {Height}: {Written} events written, {Skipped} already held", blocks, checkpoint?.Height, written, skipped);
        }
        return new ProjectionProgress(checkpoint?.Height, blocks, written, skipped);
    }
}
