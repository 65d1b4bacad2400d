using TradeChain.Consensus;

namespace TradeChain.Simulation;

/// <summary>Counters of one run.</summary>
public sealed class SimStats
{
    public long Events { get; set; }

    public long MessagesSent { get; set; }

    public long MessagesDelivered { get; set; }

    public long MessagesDropped { get; set; }

    public long Evidence { get; set; }

    public long Crashes { get; set; }
}

/// <summary>The outcome of one seed.</summary>
public sealed record SeedResult(
    SimOptions Options,
    string? Violation,
    long HeightsDecided,
    long SimulatedMs,
    long HealAtMs,
    long? HealToFirstCommitMs,
    SimStats Stats,
    IReadOnlyList<string> Plan)
{
    public bool Passed => Violation is null;
}

/// <summary>
/// One deterministic run: n validators (plus a spare when membership changes are on) in one
/// process, a discrete-event queue ordered by (simulated ms, insertion order), a seeded network,
/// the fault plan of the seed, and the safety checker looking at every decision and every
/// message sent. Ends when every honest node has decided the required heights after the heal,
/// on the first violation, or when the liveness budget runs out (a liveness violation).
/// </summary>
public sealed class Simulation
{
    private readonly PriorityQueue<Action, (long AtMs, long Sequence)> _queue = new();
    private readonly Action<string>? _trace;
    private long _sequence;
    private long? _healToFirstCommitMs;
    private long _healHeight = -1;

    private Simulation(SimOptions options, Action<string>? trace)
    {
        Options = options;
        _trace = trace;
        var random = new SimRandom(options.Seed);
        Plan = FaultPlan.Draw(options, random.Fork(1));
        var validatorNames = Enumerable.Range(0, options.Validators).Select(i => $"v{i}").ToArray();
        var names = Plan.Membership ? [.. validatorNames, "s0"] : validatorNames;
        Keys = new SimKeys(names, options.Signer);
        Config = new ConsensusConfig
        {
            ChainId = "tradechain-sim",
            MemberId = "unset",
            ProposeTimeoutMs = 1000,
            ProposeTimeoutIncrementMs = 500,
            PrevoteTimeoutMs = 500,
            PrevoteTimeoutIncrementMs = 250,
            PrecommitTimeoutMs = 500,
            PrecommitTimeoutIncrementMs = 250,
            RebroadcastIntervalMs = 1000,
            CatchUpIntervalMs = 300,
            MaxClockSkewMs = 1500,
        };
        var genesisSet = new ValidatorSet(validatorNames.Select(n => new Validator(n, Keys.KeyOf(n, 0), 1)));
        Genesis = new ValidatorSchedule(1, genesisSet, []);
        Oracle = new ChainOracle(Genesis, names.ToDictionary(n => n, _ => 0), Keys, Config);
        Checker = new SafetyChecker(Oracle, Config.ChainId, Keys.Verifier);
        Network = new SimNetwork(this, random.Fork(2));
        var nodeRandom = random.Fork(3);
        Nodes = names.Select((name, id) => new SimNode(
            this, id, name, Plan.Byzantine.GetValueOrDefault(id), Plan.ClockSkewMs[id], nodeRandom.Fork((ulong)id + 1))).ToArray();
        NodeByName = Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    public SimOptions Options { get; }

    internal FaultPlan Plan { get; }

    internal SimKeys Keys { get; }

    internal ConsensusConfig Config { get; }

    internal ValidatorSchedule Genesis { get; }

    internal ChainOracle Oracle { get; }

    internal SafetyChecker Checker { get; }

    internal SimNetwork Network { get; }

    internal IReadOnlyList<SimNode> Nodes { get; }

    internal IReadOnlyDictionary<string, SimNode> NodeByName { get; }

    internal SimStats Stats { get; } = new();

    /// <summary>Simulated milliseconds since the start.</summary>
    public long NowMs { get; private set; }

    /// <summary>Runs one seed. With <paramref name="trace"/>, every event is written there as it happens.</summary>
    public static SeedResult Run(SimOptions options, Action<string>? trace = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }
        var simulation = new Simulation(options, trace);
        return simulation.Execute();
    }

    internal void Schedule(long atMs, Action action)
    {
        if (atMs < NowMs)
        {
            throw new InvalidOperationException($"event scheduled in the past ({atMs} < {NowMs})");
        }
        _queue.Enqueue(action, (atMs, _sequence++));
    }

    internal void TraceLine(string line) => _trace?.Invoke($"{NowMs,8} ms  {line}");

    internal void OnHonestDecision(Decision decision)
    {
        if (_healHeight >= 0 && _healToFirstCommitMs is null && decision.Height > _healHeight)
        {
            _healToFirstCommitMs = NowMs - Plan.HealAtMs;
        }
    }

    private SeedResult Execute()
    {
        foreach (var line in Plan.Describe())
        {
            TraceLine("plan: " + line);
        }
        foreach (var node in Nodes)
        {
            Schedule(0, node.Boot);
        }
        foreach (var crash in Plan.Crashes)
        {
            var node = Nodes[crash.Node];
            Schedule(crash.AtMs, () =>
            {
                if (node.IsUp)
                {
                    Stats.Crashes++;
                }
                node.Crash();
            });
            Schedule(crash.RestartAtMs, node.Boot);
        }
        Schedule(Plan.HealAtMs, Heal);

        string? violation = null;
        while (_queue.TryDequeue(out var action, out var key))
        {
            NowMs = key.AtMs;
            Stats.Events++;
            try
            {
                action();
            }
            catch (ConsensusInvariantException e)
            {
                Checker.Fail($"invariant: {e.Message}");
            }
            violation = Checker.Violation;
            if (violation is not null || Finished())
            {
                break;
            }
            if (_healHeight >= 0 && NowMs > Plan.HealAtMs + Options.LivenessBudgetMs)
            {
                violation = $"liveness: {Options.HeightsAfterHeal} heights after heal at {Plan.HealAtMs} ms (decided height then {_healHeight}) not decided by every honest node within {Options.LivenessBudgetMs} ms; heights now {HonestHeights()}";
                break;
            }
        }
        if (violation is null && !Finished())
        {
            violation = $"liveness: the event queue ran dry at {NowMs} ms; heights {HonestHeights()}";
        }
        TraceLine(violation is null ? "run passed" : "VIOLATION " + violation);
        return new SeedResult(Options, violation, Oracle.DecidedHeight, NowMs, Plan.HealAtMs, _healToFirstCommitMs, Stats, Plan.Describe().ToArray());
    }

    private void Heal()
    {
        // Crashed nodes restart at the latest now; partitions, drops and duplicates end (the
        // network checks the heal time itself). From here on at most the Byzantine nodes are faulty.
        foreach (var node in Nodes)
        {
            node.Boot();
        }
        _healHeight = Oracle.DecidedHeight;
        TraceLine($"network healed at decided height {_healHeight}");
    }

    private bool Finished()
    {
        if (_healHeight < 0)
        {
            return false;
        }
        var target = _healHeight + Options.HeightsAfterHeal;
        foreach (var node in Nodes)
        {
            if (node.IsHonest && node.DecidedHeight < target)
            {
                return false;
            }
        }
        return true;
    }

    private string HonestHeights() => string.Join(", ", Nodes.Where(n => n.IsHonest).Select(n => $"{n.Name}={n.DecidedHeight}"));
}
