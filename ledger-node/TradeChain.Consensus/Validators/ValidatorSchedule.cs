using TradeChain.Primitives.Encoding;

namespace TradeChain.Consensus;

/// <summary>
/// Which validator set governs which height: the set of the current height plus sets that
/// decided changes will install at later heights. A change decided in the block at height h
/// takes effect at h + delay, so the set of any height is fixed before that height starts.
/// Immutable.
/// </summary>
public sealed class ValidatorSchedule
{
    private readonly ScheduledSet[] _pending;

    public ValidatorSchedule(long height, ValidatorSet current, IReadOnlyList<ScheduledSet> pending)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(pending);
        for (var i = 0; i < pending.Count; i++)
        {
            var previous = i == 0 ? height : pending[i - 1].EffectiveHeight;
            if (pending[i].EffectiveHeight <= previous)
            {
                throw new ArgumentException("scheduled sets must take effect at strictly increasing heights after the current one", nameof(pending));
            }
        }
        Height = height;
        Current = current;
        _pending = pending.ToArray();
    }

    /// <summary>The height <see cref="Current"/> governs.</summary>
    public long Height { get; }

    public ValidatorSet Current { get; }

    public IReadOnlyList<ScheduledSet> Pending => _pending;

    /// <summary>The set of a height at or after <see cref="Height"/>, as far as decided blocks tell.</summary>
    public ValidatorSet SetFor(long height)
    {
        if (height < Height)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, $"the schedule starts at height {Height}");
        }
        var set = Current;
        foreach (var scheduled in _pending)
        {
            if (scheduled.EffectiveHeight > height)
            {
                break;
            }
            set = scheduled.Set;
        }
        return set;
    }

    /// <summary>
    /// The schedule for the height after <paramref name="decidedHeight"/>, given the validator
    /// updates its block carries: they apply to the latest scheduled set and take effect at
    /// decidedHeight + <paramref name="delayHeights"/>.
    /// </summary>
    public ValidatorSchedule AfterDecision(long decidedHeight, IReadOnlyList<ValidatorUpdate> updates, int delayHeights, int maxValidators)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (decidedHeight != Height)
        {
            throw new ArgumentException($"the schedule is at height {Height}, not {decidedHeight}", nameof(decidedHeight));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(delayHeights, 1);
        var pending = new List<ScheduledSet>(_pending);
        if (updates.Count > 0)
        {
            var effective = decidedHeight + delayHeights;
            var latest = pending.Count > 0 ? pending[^1] : null;
            if (latest is not null && latest.EffectiveHeight >= effective)
            {
                // A fixed delay makes effective heights increase with decided heights; this only
                // trips if a caller changed the delay on a live chain.
                throw new InvalidOperationException($"a change effective at {effective} cannot follow one effective at {latest.EffectiveHeight}");
            }
            var next = (latest?.Set ?? Current).Apply(updates, maxValidators);
            pending.Add(new ScheduledSet(effective, next));
        }
        var nextHeight = decidedHeight + 1;
        var current = SetFor(nextHeight);
        pending.RemoveAll(s => s.EffectiveHeight <= nextHeight);
        return new ValidatorSchedule(nextHeight, current, pending);
    }

    public void WriteTo(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt64(Height);
        Current.WriteTo(writer);
        writer.WriteList(_pending, static (w, s) =>
        {
            w.WriteInt64(s.EffectiveHeight);
            s.Set.WriteTo(w);
        });
    }

    public static ValidatorSchedule ReadFrom(ref CanonicalReader reader)
    {
        var height = reader.ReadInt64();
        var current = ValidatorSet.ReadFrom(ref reader);
        var pending = reader.ReadList(static (ref CanonicalReader r) =>
        {
            var effective = r.ReadInt64();
            return new ScheduledSet(effective, ValidatorSet.ReadFrom(ref r));
        }, minItemBytes: 12);
        return new ValidatorSchedule(height, current, pending);
    }
}

/// <summary>A validator set and the first height it governs.</summary>
public sealed record ScheduledSet(long EffectiveHeight, ValidatorSet Set);
