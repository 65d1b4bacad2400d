using TradeChain.Ingest.Pipeline;

namespace TradeChain.Ingest.Batching;

/// <summary>A partition's next offset to commit: everything before it is on the ledger or in the dead-letter topic.</summary>
public readonly record struct CommitPosition(string Topic, int Partition, long NextOffset);

/// <summary>
/// Which consumed messages are fully handled, per partition, so offsets are committed only past
/// messages whose every event is durably accepted (or dead-lettered). A message counts its
/// outstanding parts; the committable position is just past the longest prefix of finished
/// messages, so a finished message behind an unfinished one waits. Pure and single-threaded.
/// </summary>
public sealed class OffsetTracker
{
    private readonly Dictionary<(string Topic, int Partition), PartitionState> _partitions = [];

    /// <summary>Messages consumed and not yet committable, over all partitions.</summary>
    public int InFlightMessages => _partitions.Values.Sum(p => p.Outstanding.Count);

    /// <summary>Registers a consumed message with <paramref name="parts"/> pieces of work outstanding (0: finished already).</summary>
    public void Track(SourcePosition position, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parts);
        var state = State(position);
        if (position.Offset < state.NextToCommit || state.Outstanding.ContainsKey(position.Offset))
        {
            throw new InvalidOperationException($"offset {position} is tracked already or behind the committed position {state.NextToCommit}");
        }
        state.Outstanding.Add(position.Offset, parts);
    }

    /// <summary>One piece of work of the message at <paramref name="position"/> is done. Positions no longer tracked (after a revoke) are ignored.</summary>
    public void Complete(SourcePosition position)
    {
        if (_partitions.TryGetValue((position.Topic, position.Partition), out var state) && state.Outstanding.TryGetValue(position.Offset, out var parts))
        {
            if (parts <= 0)
            {
                throw new InvalidOperationException($"offset {position} completed more often than it had parts");
            }
            state.Outstanding[position.Offset] = parts - 1;
        }
    }

    /// <summary>The partitions whose committable position moved since the last call, with the new position.</summary>
    public IReadOnlyList<CommitPosition> TakeCommittable()
    {
        var moved = new List<CommitPosition>();
        foreach (var ((topic, partition), state) in _partitions)
        {
            var advanced = false;
            while (state.Outstanding.Count > 0 && state.Outstanding.First() is { Value: 0 } done)
            {
                state.Outstanding.Remove(done.Key);
                state.NextToCommit = done.Key + 1;
                advanced = true;
            }
            if (advanced)
            {
                moved.Add(new CommitPosition(topic, partition, state.NextToCommit));
            }
        }
        return moved;
    }

    /// <summary>Stops tracking a partition (revoked or lost); later completions for it are ignored.</summary>
    public void Forget(string topic, int partition) => _partitions.Remove((topic, partition));

    public void ForgetAll() => _partitions.Clear();

    private PartitionState State(SourcePosition position)
    {
        var key = (position.Topic, position.Partition);
        if (!_partitions.TryGetValue(key, out var state))
        {
            state = new PartitionState();
            _partitions[key] = state;
        }
        return state;
    }

    private sealed class PartitionState
    {
        public SortedDictionary<long, int> Outstanding { get; } = [];

        public long NextToCommit { get; set; } = long.MinValue;
    }
}
