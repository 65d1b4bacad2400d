using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TradeChain.Crypto;
using TradeChain.Simulation;

namespace TradeChain.Consensus.Tests.Scenarios;

/// <summary>
/// Drives one <see cref="ConsensusCore"/> through a scenario script, one handler per command,
/// and renders each Ready as text. Values are named (A, B, ...) and validators are v0, v1, ...;
/// signatures are the simulator's keyed-hash test signatures.
/// </summary>
/// <remarks>
/// Commands:
/// <code>
/// init validators=4 self=v0 [unsafe-ignore-locks=true]
/// start | restart | state
/// proposal from=v1 round=0 value=A [vr=-1] [ts=+0]     a signed proposal arrives
/// prevote from=v1,v2 round=0 value=A|nil [height=1]   signed votes arrive (precommit likewise)
/// commit round=0 value=A signers=v1,v2,v3 [ts=+0]        a commit certificate arrives from a peer
/// catch-up-request from=v3 height=1
/// timeout propose|prevote|precommit|rebroadcast round=0
/// valid A | invalid A                                   the host's validation answer
/// propose-value round=0 value=A [ts=+0]                 the host's block for GetProposal
/// applied [rotate=v1:1] [remove=v3]                     the host applied the decided block
/// </code>
/// Times: the local clock reads <see cref="NowMs"/>; the previous block's timestamp is
/// <see cref="PreviousBlockTimestampMs"/>; a value's ts is an offset from now.
/// </remarks>
internal sealed class ScenarioDriver
{
    public const long PreviousBlockTimestampMs = 1_000_000;
    public const long NowMs = 1_001_000;

    private readonly Dictionary<string, ProposedValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<Digest, string> _names = [];
    private readonly KeyedHashVerifier _verifier = new();
    private ConsensusConfig? _config;
    private ConsensusCore? _core;
    private PersistedConsensusState? _persisted;
    private Keyring? _keyring;

    public string Execute(string command, IReadOnlyDictionary<string, string> args) => command switch
    {
        "init" => Init(args),
        "start" => Start(),
        "restart" => Restart(),
        "state" => State(),
        "proposal" => Proposal(args),
        "prevote" => Votes(VoteType.Prevote, args),
        "precommit" => Votes(VoteType.Precommit, args),
        "commit" => Commit(args),
        "catch-up-request" => Feed(new MessageReceived(new CatchUpRequest(long.Parse(args["height"], CultureInfo.InvariantCulture)), args["from"], NowMs)),
        "timeout" => Timeout(args),
        "valid" => Feed(new ValidationResult(Core.Height, Value(Single(args)).Id, true)),
        "invalid" => Feed(new ValidationResult(Core.Height, Value(Single(args)).Id, false)),
        "propose-value" => Feed(new ProposalValueReady(Core.Height, Round(args), Value(args["value"], Offset(args)), NowMs)),
        "applied" => Applied(args),
        _ => throw new InvalidOperationException($"unknown scenario command '{command}'"),
    };

    private ConsensusCore Core => _core ?? throw new InvalidOperationException("run 'init' and 'start' first");

    private ConsensusConfig Config => _config ?? throw new InvalidOperationException("run 'init' first");

    private string Init(IReadOnlyDictionary<string, string> args)
    {
        var count = int.Parse(args["validators"], CultureInfo.InvariantCulture);
        var unsafeLocks = args.TryGetValue("unsafe-ignore-locks", out var flag) && bool.Parse(flag);
        _config = new ConsensusConfig
        {
            ChainId = "scenario",
            MemberId = args["self"],
            UnsafeIgnoreLocks = unsafeLocks,
            TestOnlyAllowUnsafe = unsafeLocks,
        };
        var validators = Enumerable.Range(0, count).Select(i => new Validator($"v{i}", KeyOf($"v{i}", 0), 1));
        _keyring = new Keyring(Enumerable.Range(0, 3).Select(g => new KeyedHashSigner(KeyOf(args["self"], g))));
        _persisted = PersistedConsensusState.Initial(1, new ValidatorSchedule(1, new ValidatorSet(validators), []), PreviousBlockTimestampMs);
        return $"validators {string.Join(",", _persisted.Validators.Current.Validators.Select(v => v.MemberId))}; self {Config.MemberId}";
    }

    private string Start()
    {
        _core = new ConsensusCore(Config, _persisted!, _keyring!, _verifier);
        _core.Start();
        return Drain();
    }

    /// <summary>A crash and restart: a new core from the last state a Ready asked to persist.</summary>
    private string Restart() => "restarted from persisted state\n" + Start();

    private string State() =>
        $"h={Core.Height} r={Core.Round} step={Core.CurrentStep.ToString().ToLowerInvariant()} locked={LockText(Core.LockedRound, Core.LockedValueId)} valid={LockText(Core.ValidRound, Core.ValidValue?.Id)}{(Core.HasDecided ? " decided" : "")}";

    private string Proposal(IReadOnlyDictionary<string, string> args)
    {
        var from = args["from"];
        var validRound = args.TryGetValue("vr", out var vr) ? int.Parse(vr, CultureInfo.InvariantCulture) : -1;
        var height = Height(args);
        var proposal = Consensus.Proposal.Sign(Config.ChainId, height, Round(args), validRound, Value(args["value"], Offset(args)), Index(from), Signer(from));
        return Feed(new MessageReceived(proposal, from, NowMs));
    }

    private string Votes(VoteType type, IReadOnlyDictionary<string, string> args)
    {
        var valueId = args["value"] == "nil" ? null : Value(args["value"]).Id;
        foreach (var from in args["from"].Split(','))
        {
            var vote = Vote.Sign(Config.ChainId, type, Height(args), Round(args), valueId, Index(from), Signer(from));
            Core.Step(new MessageReceived(vote, from, NowMs));
        }
        return Drain();
    }

    private string Commit(IReadOnlyDictionary<string, string> args)
    {
        var value = Value(args["value"], Offset(args));
        var height = Height(args);
        var round = Round(args);
        var precommits = args["signers"].Split(',').Select(m => Vote.Sign(Config.ChainId, VoteType.Precommit, height, round, value.Id, Index(m), Signer(m)));
        var certificate = CommitCertificate.FromPrecommits(height, round, value.Id, precommits);
        return Feed(new MessageReceived(new CommitMessage(value, certificate), args.GetValueOrDefault("from", "v1"), NowMs));
    }

    private string Timeout(IReadOnlyDictionary<string, string> args)
    {
        var kind = Single(args) switch
        {
            "propose" => TimeoutKind.Propose,
            "prevote" => TimeoutKind.Prevote,
            "precommit" => TimeoutKind.Precommit,
            "rebroadcast" => TimeoutKind.Rebroadcast,
            var other => throw new InvalidOperationException($"unknown timeout '{other}'"),
        };
        return Feed(new TimeoutFired(Height(args), Round(args), kind));
    }

    private string Applied(IReadOnlyDictionary<string, string> args)
    {
        var updates = new List<ValidatorUpdate>();
        if (args.TryGetValue("rotate", out var rotate))
        {
            var parts = rotate.Split(':');
            updates.Add(new ValidatorUpdate(parts[0], KeyOf(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)), 1));
        }
        if (args.TryGetValue("remove", out var remove))
        {
            updates.Add(new ValidatorUpdate(remove, null, 0));
        }
        return Feed(new DecisionApplied(Core.Height, updates));
    }

    private string Feed(ConsensusInput input)
    {
        Core.Step(input);
        return Drain();
    }

    private string Drain()
    {
        var ready = Core.TakeReady();
        var lines = new List<string>();
        if (ready.State is { } state)
        {
            _persisted = state;
            lines.Add($"persist h={state.Height} locked={LockText(state.LockedRound, state.LockedValueId)} valid={LockText(state.ValidRound, state.ValidValue?.Id)} proposal={Signed(state.LastProposal)} prevote={Signed(state.LastPrevote)} precommit={Signed(state.LastPrecommit)}");
        }
        lines.AddRange(ready.Messages.Select(m => m.ToPeer is null ? $"send {Describe(m.Message)}" : $"send to {m.ToPeer}: {Describe(m.Message)}"));
        lines.AddRange(ready.Timers.Select(t => $"timer {t.Kind.ToString().ToLowerInvariant()} h={t.Height} r={t.Round} {t.DurationMs}ms"));
        lines.AddRange(ready.Requests.Select(Describe));
        lines.AddRange(ready.Decisions.Select(d => $"decide h={d.Height} {Name(d.Value.Id)} round={d.Certificate.Round} signers={Signers(d.Certificate)}"));
        lines.AddRange(ready.Evidence.Select(e => $"evidence {e.MemberId}: {Describe(e.First)} / {Describe(e.Second)}"));
        return lines.Count == 0 ? "(nothing)\n" : string.Join("\n", lines) + "\n";
    }

    private string Describe(ConsensusMessage message) => message switch
    {
        Consensus.Proposal p => $"proposal h={p.Height} r={p.Round} vr={p.ValidRound} {Name(p.Value.Id)} by {Member(p.ProposerIndex)}",
        Vote v => $"{(v.Type == VoteType.Prevote ? "prevote" : "precommit")} h={v.Height} r={v.Round} {Name(v.ValueId)} by {Member(v.ValidatorIndex)}",
        CommitMessage c => $"commit h={c.Height} {Name(c.Value.Id)} round={c.Certificate.Round} signers={Signers(c.Certificate)}",
        CatchUpRequest r => $"catch-up-request h={r.Height}",
        _ => message.ToString() ?? "?",
    };

    private string Describe(HostRequest request) => request switch
    {
        GetProposal g => $"request get-proposal h={g.Height} r={g.Round}",
        ValidateValue v => $"request validate h={v.Height} {Name(v.Value.Id)}",
        ServeCatchUp s => $"request serve-catch-up to {s.ToPeer} h={s.Height}",
        _ => request.ToString(),
    };

    private string Signers(CommitCertificate certificate) => string.Join(",", certificate.Signatures.Select(s => Member(s.ValidatorIndex)));

    private string Signed(ConsensusMessage? message) => message switch
    {
        null => "-",
        Vote v => $"h{v.Height}r{v.Round}:{Name(v.ValueId)}",
        Consensus.Proposal p => $"h{p.Height}r{p.Round}:{Name(p.Value.Id)}",
        _ => "?",
    };

    private string LockText(int round, Digest? valueId) => round < 0 ? "-" : $"r{round}:{Name(valueId)}";

    private string Name(Digest? valueId) => valueId is null ? "nil" : _names.GetValueOrDefault(valueId, valueId.ToHex()[..8]);

    private string Member(int index) => index < Core.Validators.Count ? Core.Validators[index].MemberId : $"#{index}";

    private int Index(string member)
    {
        var index = Core.Validators.IndexOf(member);
        return index >= 0 ? index : throw new InvalidOperationException($"{member} is not a validator at height {Core.Height}");
    }

    private static IMessageSigner Signer(string member) => new KeyedHashSigner(KeyOf(member, 0));

    private ProposedValue Value(string name, long offsetMs = 0)
    {
        if (_values.TryGetValue(name, out var known))
        {
            return known.TimestampMs == NowMs + offsetMs || offsetMs == 0
                ? known
                : throw new InvalidOperationException($"value {name} already has another timestamp");
        }
        var timestampMs = NowMs + offsetMs;
        var bytes = Encoding.UTF8.GetBytes(name);
        var id = new Digest(Crypto.HashAlgorithm.Sha256, SHA256.HashData(Encoding.UTF8.GetBytes($"{name}@{timestampMs}")));
        var value = new ProposedValue(id, timestampMs, bytes);
        _values[name] = value;
        _names[id] = name;
        return value;
    }

    private long Height(IReadOnlyDictionary<string, string> args) =>
        args.TryGetValue("height", out var h) ? long.Parse(h, CultureInfo.InvariantCulture) : Core.Height;

    private static int Round(IReadOnlyDictionary<string, string> args) => int.Parse(args["round"], CultureInfo.InvariantCulture);

    private static long Offset(IReadOnlyDictionary<string, string> args) =>
        args.TryGetValue("ts", out var ts) ? long.Parse(ts, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;

    private static string Single(IReadOnlyDictionary<string, string> args) =>
        args.Keys.Single(k => args[k].Length == 0);

    private static PublicKey KeyOf(string member, int generation) => SimKeys.KeyedHashKey(member, generation);
}
