using TradeChain.Consensus;

namespace TradeChain.Simulation;

/// <summary>
/// One node's host in the simulation: it owns a <see cref="ConsensusCore"/>, a state store
/// that loses unflushed writes on a crash, and a block store, and it drives the core the way
/// the real node host will: handle each Ready by flushing state, then sending, then applying
/// decisions. While a flush is in flight the node processes nothing else (like a host thread
/// blocked in fsync), so a crash in that window loses the state and the messages together.
/// </summary>
internal sealed class SimNode
{
    /// <summary>Unix ms that simulated time 0 maps to; the genesis block is 1 ms older.</summary>
    public const long EpochMs = 1_700_000_000_000;

    private readonly Simulation _sim;
    private readonly Keyring _keyring;
    private readonly InMemoryConsensusStateStore _store;
    private readonly Dictionary<long, Decision> _blocks = [];
    private readonly Queue<ConsensusInput> _inbox = new();
    private readonly SimRandom _random;
    private ConsensusCore? _core;
    private int _incarnation;
    private bool _flushing;

    public SimNode(Simulation sim, int id, string name, ByzantineBehaviours byzantine, long clockSkewMs, SimRandom random)
    {
        _sim = sim;
        Id = id;
        Name = name;
        ClockSkewMs = clockSkewMs;
        _random = random;
        _keyring = sim.Keys.KeyringOf(name);
        _store = new InMemoryConsensusStateStore(sim.Config.ChainId);
        Byzantine = byzantine == ByzantineBehaviours.None ? null : new ByzantineNode(sim, this, byzantine, random.Fork(7));
    }

    public int Id { get; }

    public string Name { get; }

    public long ClockSkewMs { get; }

    public ByzantineNode? Byzantine { get; }

    public bool IsHonest => Byzantine is null;

    public bool IsUp { get; private set; }

    public ConsensusCore? Core => _core;

    /// <summary>Highest height in this node's block store.</summary>
    public long DecidedHeight { get; private set; }

    /// <summary>The node's own clock: simulated time plus its skew, as Unix ms.</summary>
    public long LocalNowMs => EpochMs + _sim.NowMs + ClockSkewMs;

    public void Boot()
    {
        if (IsUp)
        {
            return;
        }
        var config = _sim.Config with
        {
            MemberId = Name,
            UnsafeIgnoreLocks = Byzantine?.Behaviours.HasFlag(ByzantineBehaviours.IgnoreLocks) ?? _sim.Options.UnsafeIgnoreLocks,
            TestOnlyAllowUnsafe = true,
        };
        var state = _store.LoadDurable() ?? PersistedConsensusState.Initial(1, _sim.Genesis, EpochMs - 1);
        _core = new ConsensusCore(config, state, _keyring, _sim.Keys.Verifier);
        IsUp = true;
        _flushing = false;
        _sim.TraceLine($"{Name} boots at height {state.Height} (incarnation {_incarnation})");
        _core.Start();
        if (_blocks.TryGetValue(_core.Height, out var stored))
        {
            // The block store is one height ahead of the flushed consensus state (crash between
            // storing the block and flushing the next height): re-decide it from its own certificate.
            _inbox.Enqueue(new MessageReceived(new CommitMessage(stored.Value, stored.Certificate), Name, LocalNowMs));
        }
        Drain();
        Pump();
    }

    public void Crash()
    {
        if (!IsUp)
        {
            return;
        }
        _sim.TraceLine($"{Name} crashes{(_store.HasUnflushedWrite ? " losing an unflushed state write" : "")}");
        IsUp = false;
        _incarnation++;
        _store.Crash();
        _core = null;
        _flushing = false;
        _inbox.Clear();
    }

    public void Receive(ConsensusInput input)
    {
        if (!IsUp)
        {
            return;
        }
        _inbox.Enqueue(input);
        Pump();
    }

    private void Pump()
    {
        while (IsUp && !_flushing && _inbox.Count > 0)
        {
            _core!.Step(_inbox.Dequeue());
            Drain();
        }
    }

    private void Drain()
    {
        while (IsUp && !_flushing && _core!.HasReady)
        {
            Handle(_core.TakeReady());
        }
    }

    private void Handle(Ready ready)
    {
        var incarnation = _incarnation;
        foreach (var timer in ready.Timers)
        {
            _sim.Schedule(_sim.NowMs + timer.DurationMs, () =>
            {
                if (IsUp && _incarnation == incarnation)
                {
                    Receive(new TimeoutFired(timer.Height, timer.Round, timer.Kind));
                    _sim.TraceLine($"{Name} timeout {timer.Kind} h={timer.Height} r={timer.Round} -> {DescribeCore()}");
                }
            });
        }
        foreach (var request in ready.Requests)
        {
            HandleRequest(request, incarnation);
        }
        _sim.Stats.Evidence += ready.Evidence.Count;

        if (ready.State is null || Byzantine is not null)
        {
            Send(ready.Messages);
            ApplyDecisions(ready.Decisions);
            return;
        }
        _store.Write(ready.State);
        var sendBeforeFlush = _sim.Options.UnsafeSendBeforeSync;
        if (sendBeforeFlush)
        {
            Send(ready.Messages);
        }
        _flushing = true;
        _sim.Schedule(_sim.NowMs + _random.NextLong(0, _sim.Plan.MaxFsyncMs), () =>
        {
            if (!IsUp || _incarnation != incarnation)
            {
                return;
            }
            _store.Flush();
            _flushing = false;
            if (!sendBeforeFlush)
            {
                Send(ready.Messages);
            }
            ApplyDecisions(ready.Decisions);
            Drain();
            Pump();
        });
    }

    private void Send(IReadOnlyList<OutboundMessage> messages)
    {
        foreach (var outbound in messages)
        {
            if (Byzantine is not null)
            {
                Byzantine.Send(outbound);
                continue;
            }
            _sim.Checker.OnHonestSend(Name, outbound.Message);
            SendRaw(outbound.Message, outbound.ToPeer);
        }
    }

    /// <summary>Where the core is, for traces.</summary>
    public string DescribeCore() => _core is null
        ? "down"
        : $"h={_core.Height} r={_core.Round} {_core.CurrentStep}{(_core.HasDecided ? " decided" : "")} locked={_core.LockedRound} valid={_core.ValidRound}";

    /// <summary>The signer this node holds for a key (Byzantine nodes sign outside their core with it).</summary>
    public IMessageSigner? SignerFor(Crypto.PublicKey key) => _keyring.SignerFor(key);

    /// <summary>Puts a message on the network, to one peer or (null) to all.</summary>
    public void SendRaw(ConsensusMessage message, string? toPeer)
    {
        if (toPeer is null)
        {
            foreach (var node in _sim.Nodes)
            {
                if (node != this)
                {
                    _sim.Network.Send(this, node, message);
                }
            }
        }
        else if (_sim.NodeByName.TryGetValue(toPeer, out var peer) && peer != this)
        {
            _sim.Network.Send(this, peer, message);
        }
    }

    private void ApplyDecisions(IReadOnlyList<Decision> decisions)
    {
        foreach (var decision in decisions)
        {
            _sim.TraceLine($"{Name} decides h={decision.Height} {decision.Value} ({decision.Certificate})");
            if (IsHonest)
            {
                _sim.Checker.OnHonestDecision(Name, decision);
                _sim.OnHonestDecision(decision);
            }
            if (_blocks.TryGetValue(decision.Height, out var stored) && !stored.Value.Id.Equals(decision.Value.Id) && IsHonest)
            {
                _sim.Checker.Fail($"agreement: {Name} decided {decision.Value} at height {decision.Height} after a restart, but its block store holds {stored.Value}");
            }
            _blocks[decision.Height] = decision;
            DecidedHeight = Math.Max(DecidedHeight, decision.Height);
            var block = SimBlock.TryDecode(decision.Value.Bytes.Span)
                ?? throw new InvalidOperationException($"{Name} decided a value that is not a block");
            var updates = block.Updates
                .Select(u => new ValidatorUpdate(u.Member, u.Power > 0 ? _sim.Keys.KeyOf(u.Member, u.Generation) : null, u.Power))
                .ToArray();
            _inbox.Enqueue(new DecisionApplied(decision.Height, updates));
        }
    }

    private void HandleRequest(HostRequest request, int incarnation)
    {
        switch (request)
        {
            case GetProposal get:
                _sim.Schedule(_sim.NowMs + _random.NextLong(0, 5), () =>
                {
                    if (IsUp && _incarnation == incarnation)
                    {
                        var timestampMs = Math.Max(LocalNowMs, get.PreviousBlockTimestampMs + 1);
                        var block = Byzantine?.BuildBlock(get.Height, get.Round) ?? BuildBlock(get.Height, get.Round, valid: true);
                        Receive(new ProposalValueReady(get.Height, get.Round, block.ToValue(timestampMs), LocalNowMs));
                    }
                });
                break;
            case ValidateValue validate:
                _sim.Schedule(_sim.NowMs + _random.NextLong(0, 8), () =>
                {
                    if (IsUp && _incarnation == incarnation)
                    {
                        // A Byzantine node may have run ahead of every honest node; it cannot judge then.
                        var valid = _sim.Oracle.Before(validate.Height) is not null && _sim.Oracle.IsValid(validate.Value, validate.Height);
                        Receive(new ValidationResult(validate.Height, validate.Value.Id, valid));
                    }
                });
                break;
            case ServeCatchUp serve:
                if (_blocks.TryGetValue(serve.Height, out var decision))
                {
                    SendRaw(new CommitMessage(decision.Value, decision.Certificate), serve.ToPeer);
                }
                break;
            default:
                throw new InvalidOperationException($"unknown request {request}");
        }
    }

    /// <summary>An honest block; with the plan's probability it carries one governance update.</summary>
    public SimBlock BuildBlock(long height, int round, bool valid)
    {
        var updates = new List<SimUpdate>();
        var point = _sim.Oracle.Before(height);
        if (valid && point is not null && _sim.Plan.Membership && _random.Chance(_sim.Plan.UpdateProbability))
        {
            var latest = point.LatestSet;
            if (_random.Chance(0.5))
            {
                var member = latest[_random.NextInt(latest.Count)].MemberId;
                var next = point.Generations[member] + 1;
                if (_sim.Keys.HasGeneration(member, next))
                {
                    updates.Add(new SimUpdate(member, next, 1));
                }
            }
            else
            {
                var outside = _sim.Nodes.Select(n => n.Name).Where(n => latest.IndexOf(n) < 0).ToArray();
                if (outside.Length > 0)
                {
                    var removed = latest[_random.NextInt(latest.Count)].MemberId;
                    var added = outside[_random.NextInt(outside.Length)];
                    updates.Add(new SimUpdate(removed, 0, 0));
                    updates.Add(new SimUpdate(added, point.Generations[added], 1));
                }
            }
        }
        return new SimBlock(valid, Name, height, round, _random.NextUInt64(), updates);
    }
}
