namespace TradeChain.Simulation;

/// <summary>What the Byzantine validators do; each one draws a subset per seed.</summary>
[Flags]
public enum ByzantineBehaviours
{
    None = 0,

    /// <summary>Sends nothing at all.</summary>
    Silent = 1,

    /// <summary>As proposer, signs two different blocks and sends each to half the peers.</summary>
    EquivocateProposals = 2,

    /// <summary>Signs a second, conflicting prevote / precommit for every vote and splits them across peers.</summary>
    DoubleVote = 4,

    /// <summary>As proposer, proposes an invalid block and votes for it.</summary>
    InvalidBlocks = 8,

    /// <summary>Re-sends old messages it has seen to random peers.</summary>
    Replay = 16,

    /// <summary>Its core ignores its locks (amnesia): prevotes whatever it is shown.</summary>
    IgnoreLocks = 32,
}

/// <summary>How long a message takes.</summary>
public abstract record DelayModel
{
    public abstract long NextDelayMs(SimRandom random);
}

/// <summary>Uniform in [MinMs, MaxMs].</summary>
public sealed record UniformDelay(long MinMs, long MaxMs) : DelayModel
{
    public override long NextDelayMs(SimRandom random) => random.NextLong(MinMs, MaxMs);

    public override string ToString() => $"uniform {MinMs}..{MaxMs} ms";
}

/// <summary>Exponential with mean MeanMs (at least 1 ms); with probability TailProbability a long delay up to TailMaxMs instead.</summary>
public sealed record TailDelay(double MeanMs, double TailProbability, long TailMaxMs) : DelayModel
{
    public override long NextDelayMs(SimRandom random)
    {
        if (random.Chance(TailProbability))
        {
            return random.NextLong(1, TailMaxMs);
        }
        var sample = -Math.Log(1 - random.NextDouble()) * MeanMs;
        return 1 + (long)Math.Min(sample, MeanMs * 20);
    }

    public override string ToString() => $"exponential mean {MeanMs:F0} ms, tail {TailProbability:P1} up to {TailMaxMs} ms";
}

/// <summary>Nodes in <see cref="Group"/> cannot reach the others (and, if symmetric, the others cannot reach them).</summary>
public sealed record Partition(long StartMs, long EndMs, IReadOnlySet<int> Group, bool Symmetric)
{
    public bool Blocks(int from, int to, long nowMs)
    {
        if (nowMs < StartMs || nowMs >= EndMs)
        {
            return false;
        }
        var fromInside = Group.Contains(from);
        var toInside = Group.Contains(to);
        return fromInside != toInside && (Symmetric || fromInside);
    }

    public override string ToString() => $"{(Symmetric ? "symmetric" : "one-way")} partition {{{string.Join(",", Group.Order())}}} {StartMs}..{EndMs} ms";
}

/// <summary>An honest node goes down at <see cref="AtMs"/> and comes back at <see cref="RestartAtMs"/>.</summary>
public sealed record Crash(int Node, long AtMs, long RestartAtMs)
{
    public override string ToString() => $"crash node {Node} {AtMs}..{RestartAtMs} ms";
}

/// <summary>
/// The faults of one seed, drawn from the seed alone: which nodes are Byzantine and how, the
/// delay model, drops and duplicates, partitions, crashes, clock skews, membership changes and
/// the heal time after which the network is reliable again.
/// </summary>
public sealed record FaultPlan
{
    public required long HealAtMs { get; init; }

    public required DelayModel Delay { get; init; }

    public double DropProbability { get; init; }

    public double DuplicateProbability { get; init; }

    public IReadOnlyList<Partition> Partitions { get; init; } = [];

    public IReadOnlyList<Crash> Crashes { get; init; } = [];

    /// <summary>Per node (validators, then the spare if any).</summary>
    public required IReadOnlyList<long> ClockSkewMs { get; init; }

    /// <summary>Validator index → behaviours, for the Byzantine ones.</summary>
    public required IReadOnlyDictionary<int, ByzantineBehaviours> Byzantine { get; init; }

    /// <summary>A spare node exists and honest proposers put key rotations and swaps into blocks.</summary>
    public bool Membership { get; init; }

    /// <summary>Probability an honest proposer's block carries a governance update.</summary>
    public double UpdateProbability { get; init; }

    /// <summary>Longest time a state flush takes.</summary>
    public long MaxFsyncMs { get; init; }

    public int NodeCount(int validators) => validators + (Membership ? 1 : 0);

    public static FaultPlan Draw(SimOptions options, SimRandom random)
    {
        var faults = options.Faults;
        bool Enabled(FaultKinds kind, double probability) => faults.HasFlag(kind) && random.Chance(probability);

        var anyFault = faults != FaultKinds.None || options.Byzantine > 0;
        var healAtMs = anyFault ? random.NextLong(0, options.MaxChaosMs) : 0;
        DelayModel delay = random.Chance(0.5)
            ? new UniformDelay(1, random.NextLong(5, 60))
            : new TailDelay(random.NextLong(5, 40), random.NextDouble() * 0.05, random.NextLong(300, 2000));

        var network = Enabled(FaultKinds.Network, 0.7);
        var dropProbability = network ? random.NextDouble() * 0.3 : 0;
        var duplicateProbability = network ? random.NextDouble() * 0.1 : 0;

        var membership = Enabled(FaultKinds.Membership, 0.5);
        var nodeCount = options.Validators + (membership ? 1 : 0);

        var byzantine = new Dictionary<int, ByzantineBehaviours>();
        var candidates = Enumerable.Range(0, options.Validators).ToList();
        for (var i = 0; i < options.Byzantine; i++)
        {
            var index = candidates[random.NextInt(candidates.Count)];
            candidates.Remove(index);
            var drawn = DrawBehaviours(random);
            byzantine[index] = options.ForcedBehaviours ?? drawn;
        }

        var partitions = new List<Partition>();
        if (healAtMs > 0 && Enabled(FaultKinds.Partition, 0.5))
        {
            var count = 1 + random.NextInt(3);
            for (var i = 0; i < count; i++)
            {
                var start = random.NextLong(0, healAtMs - 1);
                var end = random.NextLong(start + 1, healAtMs);
                var group = new HashSet<int>();
                var size = 1 + random.NextInt(Math.Max(1, nodeCount - 1));
                while (group.Count < size)
                {
                    group.Add(random.NextInt(nodeCount));
                }
                partitions.Add(new Partition(start, end, group, Symmetric: random.Chance(0.5)));
            }
        }

        var crashes = new List<Crash>();
        var honest = Enumerable.Range(0, nodeCount).Where(i => !byzantine.ContainsKey(i)).ToList();
        if (healAtMs > 0 && honest.Count > 0 && Enabled(FaultKinds.Crash, 0.5))
        {
            var count = 1 + random.NextInt(3);
            for (var i = 0; i < count; i++)
            {
                var at = random.NextLong(0, healAtMs - 1);
                var restart = Math.Min(healAtMs, at + random.NextLong(1, 3000));
                crashes.Add(new Crash(honest[random.NextInt(honest.Count)], at, restart));
            }
        }

        var skewed = Enabled(FaultKinds.Skew, 0.6);
        var skews = Enumerable.Range(0, nodeCount).Select(_ => skewed ? random.NextLong(-300, 300) : 0).ToArray();

        return new FaultPlan
        {
            HealAtMs = healAtMs,
            Delay = delay,
            DropProbability = dropProbability,
            DuplicateProbability = duplicateProbability,
            Partitions = partitions,
            Crashes = crashes,
            ClockSkewMs = skews,
            Byzantine = byzantine,
            Membership = membership,
            UpdateProbability = membership ? 0.1 + (random.NextDouble() * 0.2) : 0,
            MaxFsyncMs = random.NextLong(1, 20),
        };
    }

    private static ByzantineBehaviours DrawBehaviours(SimRandom random)
    {
        if (random.Chance(0.15))
        {
            return ByzantineBehaviours.Silent;
        }
        var behaviours = ByzantineBehaviours.None;
        foreach (var behaviour in new[] { ByzantineBehaviours.EquivocateProposals, ByzantineBehaviours.DoubleVote, ByzantineBehaviours.InvalidBlocks, ByzantineBehaviours.Replay, ByzantineBehaviours.IgnoreLocks })
        {
            if (random.Chance(0.5))
            {
                behaviours |= behaviour;
            }
        }
        return behaviours == ByzantineBehaviours.None ? ByzantineBehaviours.DoubleVote : behaviours;
    }

    public IEnumerable<string> Describe()
    {
        yield return $"heal at {HealAtMs} ms; delays {Delay}; drop {DropProbability:P1}, duplicate {DuplicateProbability:P1} until heal; fsync up to {MaxFsyncMs} ms";
        foreach (var (index, behaviours) in Byzantine.OrderBy(b => b.Key))
        {
            yield return $"byzantine node {index}: {behaviours}";
        }
        foreach (var partition in Partitions)
        {
            yield return partition.ToString();
        }
        foreach (var crash in Crashes)
        {
            yield return crash.ToString();
        }
        if (ClockSkewMs.Any(s => s != 0))
        {
            yield return $"clock skew ms: {string.Join(", ", ClockSkewMs)}";
        }
        if (Membership)
        {
            yield return $"membership changes: spare node {ClockSkewMs.Count - 1}, update probability {UpdateProbability:P0}";
        }
    }
}
