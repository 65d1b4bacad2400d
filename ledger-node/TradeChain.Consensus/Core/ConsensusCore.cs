using TradeChain.Crypto;

namespace TradeChain.Consensus;

/// <summary>
/// Tendermint consensus (Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus", 2018,
/// Algorithm 1) as a deterministic state machine without I/O. The host feeds it inputs through
/// <see cref="Step"/> and drains outputs with <see cref="TakeReady"/>; it never reads a clock,
/// opens a socket, starts a thread or draws a random number. Comments cite the paper's line
/// numbers. Not thread-safe: one host thread owns it.
/// </summary>
/// <remarks>
/// Departures from the paper, each for the host's world rather than the paper's model:
/// messages are re-sent every <see cref="ConsensusConfig.RebroadcastIntervalMs"/> (the paper
/// assumes gossip that eventually delivers everything); a re-proposal carries its prevote
/// quorum; round skip (line 55) counts validators that reached round r <i>or later</i>, so far
/// future rounds need not be stored; a node that receives a valid commit certificate for its
/// height decides from it (catch-up); and a decision waits for the host to apply the block
/// (<see cref="DecisionApplied"/>) before the next height starts.
/// </remarks>
public sealed class ConsensusCore
{
    /// <summary>
    /// Each pass of <see cref="Evaluate"/> that does not return moves the step, the round or a
    /// per-round "first time" flag forward, so passes are bounded; this guard turns a bug that
    /// loops into an exception instead of a hang.
    /// </summary>
    private const int MaxEvaluatePasses = 100_000;

    private readonly ConsensusConfig _config;
    private readonly IValidatorKeyring _keyring;
    private readonly ISignatureVerifier _verifier;

    // Durable state (mirrors PersistedConsensusState); _stateDirty marks a change not yet emitted.
    private long _height;
    private ValidatorSchedule _schedule;
    private long _previousBlockTimestampMs;
    private int _lockedRound;
    private Digest? _lockedValueId;
    private int _validRound;
    private ProposedValue? _validValue;
    private IReadOnlyList<Vote> _validValuePrevotes;
    private Proposal? _lastProposal;
    private Vote? _lastPrevote;
    private Vote? _lastPrecommit;
    private Decision? _lastDecision;
    private bool _stateDirty;

    // Per-height state, rebuilt from messages after a restart.
    private ValidatorSet _validators;
    private int _ownIndex = -1;
    private IMessageSigner? _signer;
    private int _round;
    private RoundStep _step;
    private Decision? _decision;
    private readonly Dictionary<int, RoundState> _rounds = [];
    private readonly Dictionary<Digest, ValueEntry> _values = [];
    private readonly List<CommitMessage> _externalCommits = [];
    private int[] _highestRoundSeen = [];
    private bool _roundSkipCheckNeeded;
    private readonly HashSet<(int Index, int Round, int Kind)> _evidenceReported = [];
    private readonly List<MessageReceived> _futureHeightMessages = [];
    private readonly Dictionary<string, long> _lastCatchUpServedMs = new(StringComparer.Ordinal);
    private long? _lastCatchUpRequestMs;
    private string? _aheadPeer;
    private long _aheadHeight;
    private bool _started;

    // The Ready being assembled.
    private readonly List<OutboundMessage> _messages = [];
    private readonly List<TimerRequest> _timers = [];
    private readonly List<Decision> _decisions = [];
    private readonly List<HostRequest> _requests = [];
    private readonly List<Equivocation> _evidence = [];

    /// <summary>
    /// A core that resumes from <paramref name="state"/>: a genesis state
    /// (<see cref="PersistedConsensusState.Initial"/>) or the last one the host made durable.
    /// Call <see cref="Start"/> next.
    /// </summary>
    public ConsensusCore(ConsensusConfig config, PersistedConsensusState state, IValidatorKeyring keyring, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(keyring);
        ArgumentNullException.ThrowIfNull(verifier);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid consensus config: " + string.Join("; ", errors), nameof(config));
        }
        state.CheckInvariants();
        _config = config;
        _keyring = keyring;
        _verifier = verifier;
        _height = state.Height;
        _schedule = state.Validators;
        _validators = state.Validators.Current;
        _previousBlockTimestampMs = state.PreviousBlockTimestampMs;
        _lockedRound = state.LockedRound;
        _lockedValueId = state.LockedValueId;
        _validRound = state.ValidRound;
        _validValue = state.ValidValue;
        _validValuePrevotes = state.ValidValuePrevotes;
        _lastProposal = state.LastProposal;
        _lastPrevote = state.LastPrevote;
        _lastPrecommit = state.LastPrecommit;
        _lastDecision = state.LastDecision;
    }

    public long Height => _height;

    public int Round => _round;

    public RoundStep CurrentStep => _step;

    /// <summary>True between a decision and the host's <see cref="DecisionApplied"/>.</summary>
    public bool HasDecided => _decision is not null;

    /// <summary>True when this node holds a key of the current height's validator set and signs.</summary>
    public bool IsSigningValidator => _signer is not null;

    public ValidatorSet Validators => _validators;

    public int LockedRound => _lockedRound;

    public Digest? LockedValueId => _lockedValueId;

    public int ValidRound => _validRound;

    public ProposedValue? ValidValue => _validValue;

    /// <summary>True when <see cref="TakeReady"/> has something.</summary>
    public bool HasReady => _stateDirty || _messages.Count > 0 || _timers.Count > 0 || _decisions.Count > 0 || _requests.Count > 0 || _evidence.Count > 0;

    /// <summary>
    /// Begins (or, after a restart, resumes) the height of the state given at construction:
    /// re-sends what this node signed at this height, sets the round's timers and, as proposer,
    /// asks the host for a value.
    /// </summary>
    public void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("the consensus core is already started");
        }
        _started = true;
        EnterHeight(resuming: true);
        Evaluate();
    }

    /// <summary>Feeds one input; outputs accumulate until <see cref="TakeReady"/>.</summary>
    public void Step(ConsensusInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!_started)
        {
            throw new InvalidOperationException("call Start before Step");
        }
        switch (input)
        {
            case MessageReceived received:
                OnMessage(received);
                break;
            case TimeoutFired timeout:
                OnTimeout(timeout);
                break;
            case ProposalValueReady ready:
                OnProposalValue(ready);
                break;
            case ValidationResult result:
                OnValidationResult(result);
                break;
            case DecisionApplied applied:
                OnDecisionApplied(applied);
                break;
            default:
                throw new ArgumentException($"unknown input {input.GetType().Name}", nameof(input));
        }
        Evaluate();
    }

    /// <summary>
    /// Everything produced since the last call. The host must make <see cref="Ready.State"/>
    /// durable before sending <see cref="Ready.Messages"/>.
    /// </summary>
    public Ready TakeReady()
    {
        var ready = new Ready(
            _stateDirty ? Snapshot() : null,
            _messages.ToArray(),
            _timers.ToArray(),
            _decisions.ToArray(),
            _requests.ToArray(),
            _evidence.ToArray());
        _stateDirty = false;
        _messages.Clear();
        _timers.Clear();
        _decisions.Clear();
        _requests.Clear();
        _evidence.Clear();
        return ready;
    }

    /// <summary>The durable state as of now (what the next Ready would carry if it changed).</summary>
    public PersistedConsensusState Snapshot()
    {
        var state = new PersistedConsensusState
        {
            Height = _height,
            Validators = _schedule,
            PreviousBlockTimestampMs = _previousBlockTimestampMs,
            LockedRound = _lockedRound,
            LockedValueId = _lockedValueId,
            ValidRound = _validRound,
            ValidValue = _validValue,
            ValidValuePrevotes = _validValuePrevotes,
            LastProposal = _lastProposal,
            LastPrevote = _lastPrevote,
            LastPrecommit = _lastPrecommit,
            LastDecision = _lastDecision,
        };
        state.CheckInvariants();
        return state;
    }

    // ---------------------------------------------------------------- heights and rounds

    private void EnterHeight(bool resuming)
    {
        if (_schedule.Height != _height)
        {
            throw new ConsensusInvariantException($"validator schedule is at height {_schedule.Height}, consensus at {_height}");
        }
        _validators = _schedule.Current;
        if (_validators.Count > _config.MaxValidators)
        {
            throw new ConsensusInvariantException($"height {_height} has {_validators.Count} validators; this node accepts at most {_config.MaxValidators}");
        }
        _ownIndex = _validators.IndexOf(_config.MemberId);
        _signer = _ownIndex >= 0 ? _keyring.SignerFor(_validators[_ownIndex].PublicKey) : null;
        _decision = null;
        _rounds.Clear();
        _values.Clear();
        _externalCommits.Clear();
        _evidenceReported.Clear();
        _lastCatchUpServedMs.Clear();
        _highestRoundSeen = new int[_validators.Count];
        Array.Fill(_highestRoundSeen, -1);
        _roundSkipCheckNeeded = false;
        if (_aheadHeight <= _height)
        {
            _aheadPeer = null;
        }
        _round = 0;
        _timers.Add(new TimerRequest(_height, 0, TimeoutKind.Rebroadcast, _config.RebroadcastIntervalMs));

        if (!resuming)
        {
            StartRound(0);
            return;
        }

        // Resume where the signed messages say this node was: the highest round it signed in
        // (or locked / saw a valid value in), at the step after the last vote it signed there.
        var round = Math.Max(0, Math.Max(_lockedRound, _validRound));
        foreach (var message in OwnSignedMessagesAtThisHeight())
        {
            round = Math.Max(round, RoundOf(message));
        }
        if (_validValue is not null)
        {
            // These prevotes were verified before they were persisted; they let line 28 work for
            // this node's own re-proposal without waiting for others to re-send them.
            foreach (var vote in _validValuePrevotes)
            {
                RecordVote(vote);
            }
            StoreValue(_validValue, hostValid: true);
        }
        foreach (var message in OwnSignedMessagesAtThisHeight())
        {
            if (message is Vote vote)
            {
                RecordOwnVote(vote);
                Broadcast(vote);
            }
            else if (RoundOf(message) != round)
            {
                // A proposal of the resumed round is re-sent by StartRound.
                RecordProposal((Proposal)message, timely: true, ownValueValid: true);
                Broadcast(message);
            }
        }
        StartRound(round);
        if (_lastPrecommit is { } precommit && precommit.Height == _height && precommit.Round == round)
        {
            _step = RoundStep.Precommit;
        }
        else if (_lastPrevote is { } prevote && prevote.Height == _height && prevote.Round == round)
        {
            _step = RoundStep.Prevote;
        }
    }

    private IEnumerable<ConsensusMessage> OwnSignedMessagesAtThisHeight()
    {
        if (_lastProposal?.Height == _height)
        {
            yield return _lastProposal;
        }
        if (_lastPrevote?.Height == _height)
        {
            yield return _lastPrevote;
        }
        if (_lastPrecommit?.Height == _height)
        {
            yield return _lastPrecommit;
        }
    }

    private static int RoundOf(ConsensusMessage message) => message switch
    {
        Vote vote => vote.Round,
        Proposal proposal => proposal.Round,
        _ => throw new ArgumentException($"{message.GetType().Name} has no round", nameof(message)),
    };

    /// <summary>Lines 11-21.</summary>
    private void StartRound(int round)
    {
        if (round < _round)
        {
            throw new ConsensusInvariantException($"round may only grow: at {_round}, asked to start {round}");
        }
        _round = round;
        _step = RoundStep.Propose;
        RoundAt(round);
        if (IsOwnTurnToPropose(round))
        {
            if (_lastProposal is { } signed && signed.Height == _height && signed.Round == round)
            {
                // Signed before a restart: send the same proposal again, never a second one.
                RecordProposal(signed, timely: true, ownValueValid: true);
                Broadcast(signed);
                BroadcastProofOfLock(signed);
            }
            else if (_validValue is not null)
            {
                // Line 16: re-propose the value that already had a quorum of prevotes.
                SignAndSendProposal(_validRound, _validValue, timely: true);
            }
            else
            {
                // Line 18: getValue() is the host's job; the answer arrives as ProposalValueReady.
                _requests.Add(new GetProposal(_height, round, _previousBlockTimestampMs));
            }
        }
        // Line 21. The paper sets it only for non-proposers; setting it always also covers a host
        // that never answers GetProposal.
        _timers.Add(new TimerRequest(_height, round, TimeoutKind.Propose, _config.ProposeTimeoutForRoundMs(round)));
    }

    private bool IsOwnTurnToPropose(int round) => _signer is not null && _validators.ProposerIndex(_height, round) == _ownIndex;

    // ---------------------------------------------------------------- inputs

    private void OnTimeout(TimeoutFired timeout)
    {
        if (timeout.Height != _height || _decision is not null)
        {
            return;
        }
        switch (timeout.Kind)
        {
            case TimeoutKind.Propose when timeout.Round == _round && _step == RoundStep.Propose:
                // Lines 57-60 (the paper's line 58 misprints the step as prevote; propose is meant).
                CastPrevote(null);
                break;
            case TimeoutKind.Prevote when timeout.Round == _round && _step == RoundStep.Prevote:
                // Lines 61-64.
                CastPrecommit(null);
                break;
            case TimeoutKind.Precommit when timeout.Round == _round:
                // Lines 65-67.
                StartRound(checked(_round + 1));
                break;
            case TimeoutKind.Rebroadcast:
                Rebroadcast();
                _timers.Add(new TimerRequest(_height, _round, TimeoutKind.Rebroadcast, _config.RebroadcastIntervalMs));
                break;
        }
    }

    private void OnProposalValue(ProposalValueReady ready)
    {
        var stale = ready.Height != _height || ready.Round != _round || _decision is not null
            || _step != RoundStep.Propose || !IsOwnTurnToPropose(_round) || _validValue is not null
            || _lastProposal is { } last && last.Height == _height && last.Round == _round;
        if (stale)
        {
            return;
        }
        if (ready.Value.SizeBytes > _config.MaxValueBytes)
        {
            throw new ArgumentException($"the host's block is {ready.Value.SizeBytes} bytes; the limit is {_config.MaxValueBytes}", nameof(ready));
        }
        if (ready.Value.TimestampMs <= _previousBlockTimestampMs)
        {
            throw new ArgumentException($"the host's block timestamp {ready.Value.TimestampMs} does not exceed the previous block's {_previousBlockTimestampMs}", nameof(ready));
        }
        SignAndSendProposal(-1, ready.Value, IsTimely(ready.Value, ready.NowMs));
    }

    private void OnValidationResult(ValidationResult result)
    {
        if (result.Height == _height && _values.TryGetValue(result.ValueId, out var entry) && entry.HostValid is null)
        {
            entry.HostValid = result.IsValid;
        }
    }

    private void OnDecisionApplied(DecisionApplied applied)
    {
        ArgumentNullException.ThrowIfNull(applied.ValidatorUpdates);
        if (_decision is null || applied.Height != _height)
        {
            throw new InvalidOperationException($"DecisionApplied for height {applied.Height}, but the core is at height {_height} and has {(_decision is null ? "not decided" : "decided")}");
        }
        _schedule = _schedule.AfterDecision(_height, applied.ValidatorUpdates, _config.ValidatorChangeDelayHeights, _config.MaxValidators);
        _previousBlockTimestampMs = _decision.Value.TimestampMs;
        _lastDecision = _decision;
        _height = checked(_height + 1);
        _lockedRound = -1;
        _lockedValueId = null;
        _validRound = -1;
        _validValue = null;
        _validValuePrevotes = [];
        _stateDirty = true;
        EnterHeight(resuming: false);

        var buffered = _futureHeightMessages.ToArray();
        _futureHeightMessages.Clear();
        foreach (var message in buffered)
        {
            OnMessage(message);
        }
        if (_aheadPeer is not null && _aheadHeight > _height)
        {
            // A peer is further ahead than the height just started: ask it right away.
            SendCatchUpRequest(_aheadPeer, nowMs: null);
        }
    }

    private void OnMessage(MessageReceived received)
    {
        ArgumentNullException.ThrowIfNull(received.Message);
        ArgumentNullException.ThrowIfNull(received.FromPeer);
        switch (received.Message)
        {
            case CatchUpRequest request:
                OnCatchUpRequest(request, received.FromPeer, received.NowMs);
                return;
            case CommitMessage commit:
                OnCommit(commit, received.FromPeer, received.NowMs);
                return;
        }
        var height = received.Message.Height;
        if (height < _height || (height == _height && _decision is not null))
        {
            // The sender is still working on a height this node has decided.
            ServeLaggingPeer(received.FromPeer, height, received.NowMs);
            return;
        }
        if (height > _height)
        {
            NoteAhead(received.FromPeer, height, received.NowMs);
            if (height == _height + 1 && _futureHeightMessages.Count < _config.MaxFutureHeightMessages)
            {
                // Not verified yet: the validator set of that height is settled only when this
                // height is decided. Verified when replayed.
                _futureHeightMessages.Add(received);
            }
            return;
        }
        switch (received.Message)
        {
            case Proposal proposal:
                OnProposal(proposal, received.NowMs);
                break;
            case Vote vote:
                OnVote(vote);
                break;
            default:
                throw new ArgumentException($"unknown message {received.Message.GetType().Name}", nameof(received));
        }
    }

    private void OnProposal(Proposal proposal, long nowMs)
    {
        if (proposal.ProposerIndex >= _validators.Count || proposal.ProposerIndex != _validators.ProposerIndex(_height, proposal.Round))
        {
            return;
        }
        if (proposal.Round > _round + _config.MaxRoundLookahead)
        {
            NoteFarRound(proposal.ProposerIndex, proposal.Round, proposal);
            return;
        }
        if (proposal.ValidRound >= proposal.Round || proposal.Value.SizeBytes > _config.MaxValueBytes)
        {
            return;
        }
        var round = RoundAt(proposal.Round);
        foreach (var entry in round.Proposals)
        {
            if (entry.Proposal.HasSameContent(proposal))
            {
                return;
            }
        }
        if (round.Proposals.Count >= _config.MaxProposalsPerRound)
        {
            return;
        }
        if (!proposal.VerifySignature(_config.ChainId, _validators[proposal.ProposerIndex].PublicKey, _verifier))
        {
            return;
        }
        if (round.Proposals.Count > 0)
        {
            ReportEvidence(proposal.ProposerIndex, proposal.Round, kind: 0, round.Proposals[0].Proposal, proposal);
        }
        RecordProposal(proposal, IsTimely(proposal.Value, nowMs), ownValueValid: false);
    }

    private void OnVote(Vote vote)
    {
        if (vote.ValidatorIndex >= _validators.Count)
        {
            return;
        }
        if (vote.Round > _round + _config.MaxRoundLookahead)
        {
            NoteFarRound(vote.ValidatorIndex, vote.Round, vote);
            return;
        }
        var slots = RoundAt(vote.Round).Votes(vote.Type);
        if (slots.Contains(vote))
        {
            return;
        }
        var variants = slots.VariantsOf(vote.ValidatorIndex);
        // A faulty validator can sign any number of votes. Beyond the configured few, only votes
        // for nil or for a value this node holds a proposal of are kept: those are the ones that
        // can complete a quorum, and there are only boundedly many of them.
        if (variants >= _config.MaxVotesPerValidatorPerRound && vote.ValueId is { } valueId && !_values.ContainsKey(valueId))
        {
            return;
        }
        if (!VerifyVote(vote))
        {
            return;
        }
        if (variants > 0)
        {
            ReportEvidence(vote.ValidatorIndex, vote.Round, kind: (int)vote.Type, slots.FirstOf(vote.ValidatorIndex)!, vote);
        }
        RecordVote(vote);
    }

    private bool VerifyVote(Vote vote) => vote.VerifySignature(_config.ChainId, _validators[vote.ValidatorIndex].PublicKey, _verifier);

    /// <summary>A validator signed a message for a round beyond the stored window: remember only how far it got (for line 55).</summary>
    private void NoteFarRound(int validatorIndex, int round, ConsensusMessage message)
    {
        if (round <= _highestRoundSeen[validatorIndex])
        {
            return;
        }
        var verified = message switch
        {
            Vote vote => VerifyVote(vote),
            Proposal proposal => proposal.VerifySignature(_config.ChainId, _validators[validatorIndex].PublicKey, _verifier),
            _ => false,
        };
        if (verified)
        {
            _highestRoundSeen[validatorIndex] = round;
            _roundSkipCheckNeeded = true;
        }
    }

    private void OnCommit(CommitMessage commit, string fromPeer, long nowMs)
    {
        if (commit.Height > _height)
        {
            // The sender decided a later height, so it has decided ours too.
            NoteAhead(fromPeer, commit.Height + 1, nowMs);
            return;
        }
        if (commit.Height < _height || _decision is not null || commit.Value.SizeBytes > _config.MaxValueBytes)
        {
            return;
        }
        foreach (var held in _externalCommits)
        {
            if (held.Value.Id.Equals(commit.Value.Id))
            {
                return;
            }
        }
        // Two valid certificates for different values at one height need more than f faulty
        // validators; a small bound keeps a flood of copies from costing memory.
        if (_externalCommits.Count >= _config.MaxProposalsPerRound)
        {
            return;
        }
        if (!commit.Certificate.Verify(_config.ChainId, _validators, _verifier).IsValid)
        {
            return;
        }
        _externalCommits.Add(commit);
        StoreValue(commit.Value, hostValid: null);
    }

    private void OnCatchUpRequest(CatchUpRequest request, string fromPeer, long nowMs)
    {
        if (request.Height < _height || (request.Height == _height && _decision is not null))
        {
            ServeLaggingPeer(fromPeer, request.Height, nowMs);
        }
        else if (request.Height > _height)
        {
            NoteAhead(fromPeer, request.Height, nowMs);
        }
    }

    // ---------------------------------------------------------------- catch-up

    private void ServeLaggingPeer(string peer, long height, long nowMs)
    {
        if (_lastCatchUpServedMs.TryGetValue(peer, out var lastMs) && nowMs - lastMs < _config.CatchUpIntervalMs)
        {
            return;
        }
        if (!_lastCatchUpServedMs.ContainsKey(peer) && _lastCatchUpServedMs.Count >= _config.MaxTrackedPeers)
        {
            _lastCatchUpServedMs.Clear();
        }
        _lastCatchUpServedMs[peer] = nowMs;
        if (_decision is not null && height == _height)
        {
            _messages.Add(new OutboundMessage(new CommitMessage(_decision.Value, _decision.Certificate), peer));
        }
        else if (_lastDecision is not null && height == _lastDecision.Height)
        {
            _messages.Add(new OutboundMessage(new CommitMessage(_lastDecision.Value, _lastDecision.Certificate), peer));
        }
        else if (height < _height)
        {
            _requests.Add(new ServeCatchUp(peer, height));
        }
    }

    /// <summary>
    /// A peer sent something for a later height. One height ahead is normal (it decided a moment
    /// earlier); two or more means this node is lagging, so it asks for the commit at once. The
    /// rebroadcast tick asks in the one-ahead case if the height still has not been decided.
    /// </summary>
    private void NoteAhead(string peer, long height, long nowMs)
    {
        if (_aheadPeer is null || height > _aheadHeight)
        {
            _aheadPeer = peer;
            _aheadHeight = height;
        }
        if (height > _height + 1)
        {
            SendCatchUpRequest(peer, nowMs);
        }
    }

    private void SendCatchUpRequest(string peer, long? nowMs)
    {
        if (nowMs is { } now)
        {
            if (_lastCatchUpRequestMs is { } lastMs && now - lastMs < _config.CatchUpIntervalMs)
            {
                return;
            }
            _lastCatchUpRequestMs = now;
        }
        _messages.Add(new OutboundMessage(new CatchUpRequest(_height), peer));
    }

    /// <summary>Re-sends the current and previous round's messages (own and relayed) and the prevotes that justify the current proposal.</summary>
    private void Rebroadcast()
    {
        for (var round = Math.Max(0, _round - 1); round <= _round; round++)
        {
            if (_rounds.TryGetValue(round, out var state))
            {
                foreach (var message in state.AllMessages())
                {
                    Broadcast(message);
                }
            }
        }
        if (_rounds.TryGetValue(_round, out var current) && current.Proposals.Count > 0)
        {
            BroadcastProofOfLock(current.Proposals[0].Proposal);
        }
        if (_aheadPeer is not null && _aheadHeight > _height)
        {
            SendCatchUpRequest(_aheadPeer, nowMs: null);
        }
    }

    /// <summary>With a re-proposal (valid round ≥ 0), the prevotes of that round for its value, so peers can apply line 28.</summary>
    private void BroadcastProofOfLock(Proposal proposal)
    {
        if (proposal.ValidRound >= 0 && _rounds.TryGetValue(proposal.ValidRound, out var validRound))
        {
            foreach (var vote in validRound.Prevotes.For(proposal.Value.Id))
            {
                Broadcast(vote);
            }
        }
    }

    // ---------------------------------------------------------------- the rules

    /// <summary>Applies every rule whose condition now holds, until none does.</summary>
    private void Evaluate()
    {
        for (var pass = 0; pass < MaxEvaluatePasses; pass++)
        {
            if (_decision is not null || TryDecide())
            {
                return;
            }
            if (TrySkipRound() || TryPrevoteOnProposal() || TryLockOnPolka() || TryPrecommitNilOnNilPolka())
            {
                continue;
            }
            ScheduleQuorumTimeouts();
            return;
        }
        throw new ConsensusInvariantException($"rules did not settle after {MaxEvaluatePasses} passes at height {_height} round {_round}");
    }

    /// <summary>Line 49, for any round; and catch-up from a verified commit certificate.</summary>
    private bool TryDecide()
    {
        foreach (var round in _rounds.Values)
        {
            if (round.Precommits.QuorumValue is not { } valueId || !_values.TryGetValue(valueId, out var entry) || IsValid(entry.Value) != true)
            {
                continue;
            }
            Decide(entry.Value, CommitCertificate.FromPrecommits(_height, round.Round, valueId, round.Precommits.For(valueId)));
            return true;
        }
        foreach (var commit in _externalCommits)
        {
            if (IsValid(_values[commit.Value.Id].Value) == true)
            {
                Decide(commit.Value, commit.Certificate);
                return true;
            }
        }
        return false;
    }

    private void Decide(ProposedValue value, CommitCertificate certificate)
    {
        // Lines 50-51. The certificate must stand on its own: check its power once more.
        long power = 0;
        foreach (var signature in certificate.Signatures)
        {
            power += _validators[signature.ValidatorIndex].Power;
        }
        if (!_validators.IsQuorum(power) || certificate.Height != _height || !certificate.ValueId.Equals(value.Id))
        {
            throw new ConsensusInvariantException($"decision at height {_height} has a certificate that does not prove it ({certificate})");
        }
        _decision = new Decision(_height, value, certificate);
        _decisions.Add(_decision);
    }

    /// <summary>Line 55: validators with more than 1/3 of the power are in a later round, so a correct one is; follow them.</summary>
    private bool TrySkipRound()
    {
        if (!_roundSkipCheckNeeded)
        {
            return false;
        }
        _roundSkipCheckNeeded = false;
        var order = Enumerable.Range(0, _validators.Count).OrderByDescending(i => _highestRoundSeen[i]).ThenBy(i => i);
        long power = 0;
        foreach (var index in order)
        {
            var round = _highestRoundSeen[index];
            if (round <= _round)
            {
                return false;
            }
            power += _validators[index].Power;
            if (_validators.ExceedsOneThird(power))
            {
                StartRound(round);
                return true;
            }
        }
        return false;
    }

    /// <summary>Lines 22-27 (fresh proposal) and 28-33 (re-proposal with a prevote quorum at its valid round).</summary>
    private bool TryPrevoteOnProposal()
    {
        if (_step != RoundStep.Propose || !_rounds.TryGetValue(_round, out var round) || round.Proposals.Count == 0)
        {
            return false;
        }
        // A proposer that equivocated gets its first proposal judged; the others still count for lines 36 and 49.
        var (proposal, timely) = round.Proposals[0];
        var valueId = proposal.Value.Id;
        bool? valid;
        bool lockAllows;
        if (proposal.ValidRound < 0)
        {
            valid = timely ? IsValid(proposal.Value) : false;
            lockAllows = _lockedRound == -1 || valueId.Equals(_lockedValueId);
        }
        else
        {
            if (!_rounds.TryGetValue(proposal.ValidRound, out var validRound) || !_validators.IsQuorum(validRound.Prevotes.PowerFor(valueId)))
            {
                return false;
            }
            valid = IsValid(proposal.Value);
            lockAllows = _lockedRound <= proposal.ValidRound || valueId.Equals(_lockedValueId);
        }
        if (valid is null)
        {
            return false;
        }
        CastPrevote(valid.Value && (lockAllows || _config.UnsafeIgnoreLocks) ? valueId : null);
        return true;
    }

    /// <summary>Lines 36-43: a quorum of prevotes for the round's proposal locks it (if still prevoting) and makes it the valid value.</summary>
    private bool TryLockOnPolka()
    {
        if (_step == RoundStep.Propose || !_rounds.TryGetValue(_round, out var round) || round.PolkaForValueHandled)
        {
            return false;
        }
        if (round.Prevotes.QuorumValue is not { } valueId || round.FindProposal(valueId) is not { } entry || IsValid(entry.Proposal.Value) != true)
        {
            return false;
        }
        round.PolkaForValueHandled = true;
        if (_step == RoundStep.Prevote)
        {
            _lockedRound = _round;
            _lockedValueId = valueId;
            CastPrecommit(valueId);
        }
        _validRound = _round;
        _validValue = entry.Proposal.Value;
        _validValuePrevotes = round.Prevotes.For(valueId).ToArray();
        _stateDirty = true;
        return true;
    }

    /// <summary>Lines 44-46.</summary>
    private bool TryPrecommitNilOnNilPolka()
    {
        if (_step != RoundStep.Prevote || !_rounds.TryGetValue(_round, out var round) || !_validators.IsQuorum(round.Prevotes.NilPower))
        {
            return false;
        }
        CastPrecommit(null);
        return true;
    }

    /// <summary>Lines 34-35 and 47-48.</summary>
    private void ScheduleQuorumTimeouts()
    {
        if (!_rounds.TryGetValue(_round, out var round))
        {
            return;
        }
        if (_step == RoundStep.Prevote && !round.PrevoteTimerScheduled && _validators.IsQuorum(round.Prevotes.TotalPower))
        {
            round.PrevoteTimerScheduled = true;
            _timers.Add(new TimerRequest(_height, _round, TimeoutKind.Prevote, _config.PrevoteTimeoutForRoundMs(_round)));
        }
        if (!round.PrecommitTimerScheduled && _validators.IsQuorum(round.Precommits.TotalPower))
        {
            round.PrecommitTimerScheduled = true;
            _timers.Add(new TimerRequest(_height, _round, TimeoutKind.Precommit, _config.PrecommitTimeoutForRoundMs(_round)));
        }
    }

    /// <summary>
    /// valid(v): the host's verdict and a timestamp after the previous block's. Null while the
    /// host has not answered. (The clock-skew check is separate: it applies to fresh proposals only.)
    /// </summary>
    private bool? IsValid(ProposedValue value)
    {
        if (value.TimestampMs <= _previousBlockTimestampMs)
        {
            return false;
        }
        return _values.TryGetValue(value.Id, out var entry) ? entry.HostValid : null;
    }

    /// <summary>Within the allowed skew of the local clock. 128-bit arithmetic: a faulty proposer may send any 64-bit timestamp.</summary>
    private bool IsTimely(ProposedValue value, long nowMs) => Int128.Abs((Int128)value.TimestampMs - nowMs) <= _config.MaxClockSkewMs;

    // ---------------------------------------------------------------- signing

    private void CastPrevote(Digest? valueId)
    {
        _step = RoundStep.Prevote;
        if (_signer is not null)
        {
            var vote = SignVote(VoteType.Prevote, valueId);
            RecordOwnVote(vote);
            Broadcast(vote);
        }
    }

    private void CastPrecommit(Digest? valueId)
    {
        _step = RoundStep.Precommit;
        if (_signer is not null)
        {
            var vote = SignVote(VoteType.Precommit, valueId);
            RecordOwnVote(vote);
            Broadcast(vote);
        }
    }

    /// <summary>
    /// The double-signing guard: per vote type, (height, round) of signed votes only grows, and a
    /// repeat at the same (height, round) must be the same vote (it is then re-used, not re-signed).
    /// The last signed vote is persisted before the vote leaves (<see cref="Ready"/>), so this
    /// holds across crashes.
    /// </summary>
    private Vote SignVote(VoteType type, Digest? valueId)
    {
        var signer = _signer ?? throw new ConsensusInvariantException("signing without a key");
        var last = type == VoteType.Prevote ? _lastPrevote : _lastPrecommit;
        if (last is not null)
        {
            var order = CompareHeightRound(last.Height, last.Round, _height, _round);
            if (order > 0)
            {
                throw new ConsensusInvariantException($"refusing to sign a {type} at height {_height} round {_round}: one at height {last.Height} round {last.Round} is already signed");
            }
            if (order == 0)
            {
                return Equals(last.ValueId, valueId)
                    ? last
                    : throw new ConsensusInvariantException($"refusing to sign a second, different {type} at height {_height} round {_round}");
            }
        }
        var vote = Vote.Sign(_config.ChainId, type, _height, _round, valueId, _ownIndex, signer);
        if (type == VoteType.Prevote)
        {
            _lastPrevote = vote;
        }
        else
        {
            _lastPrecommit = vote;
        }
        _stateDirty = true;
        return vote;
    }

    private void SignAndSendProposal(int validRound, ProposedValue value, bool timely)
    {
        var signer = _signer ?? throw new ConsensusInvariantException("proposing without a key");
        if (_lastProposal is { } last && CompareHeightRound(last.Height, last.Round, _height, _round) >= 0)
        {
            throw new ConsensusInvariantException($"refusing to sign a proposal at height {_height} round {_round}: one at height {last.Height} round {last.Round} is already signed");
        }
        var proposal = Proposal.Sign(_config.ChainId, _height, _round, validRound, value, _ownIndex, signer);
        _lastProposal = proposal;
        _stateDirty = true;
        RecordProposal(proposal, timely, ownValueValid: true);
        Broadcast(proposal);
        BroadcastProofOfLock(proposal);
    }

    private static int CompareHeightRound(long heightA, int roundA, long heightB, int roundB) =>
        heightA != heightB ? heightA.CompareTo(heightB) : roundA.CompareTo(roundB);

    // ---------------------------------------------------------------- message log

    private RoundState RoundAt(int round)
    {
        if (!_rounds.TryGetValue(round, out var state))
        {
            state = new RoundState(round, _validators);
            _rounds.Add(round, state);
        }
        return state;
    }

    /// <summary>Counts a verified vote (idempotent).</summary>
    private void RecordVote(Vote vote)
    {
        var slots = RoundAt(vote.Round).Votes(vote.Type);
        if (slots.Contains(vote))
        {
            return;
        }
        slots.Add(vote);
        NoteRound(vote.ValidatorIndex, vote.Round);
    }

    /// <summary>
    /// Logs a vote this node signed. Its slot can already hold a different vote only if another
    /// machine signs with this node's key (a twin, or a stolen key): both count, and the
    /// conflict is reported.
    /// </summary>
    private void RecordOwnVote(Vote vote)
    {
        var slots = RoundAt(vote.Round).Votes(vote.Type);
        if (slots.VariantsOf(vote.ValidatorIndex) > 0 && !slots.Contains(vote))
        {
            ReportEvidence(vote.ValidatorIndex, vote.Round, kind: (int)vote.Type, slots.FirstOf(vote.ValidatorIndex)!, vote);
        }
        RecordVote(vote);
    }

    private void RecordProposal(Proposal proposal, bool timely, bool ownValueValid)
    {
        var round = RoundAt(proposal.Round);
        foreach (var entry in round.Proposals)
        {
            if (entry.Proposal.HasSameContent(proposal))
            {
                return;
            }
        }
        round.Proposals.Add(new ProposalEntry(proposal, timely));
        StoreValue(proposal.Value, ownValueValid ? true : null);
        NoteRound(proposal.ProposerIndex, proposal.Round);
    }

    private void NoteRound(int validatorIndex, int round)
    {
        if (round > _highestRoundSeen[validatorIndex])
        {
            _highestRoundSeen[validatorIndex] = round;
            _roundSkipCheckNeeded = true;
        }
    }

    /// <summary>Remembers a value of this height; asks the host to validate it unless its timestamp already rules it out.</summary>
    private void StoreValue(ProposedValue value, bool? hostValid)
    {
        if (_values.TryGetValue(value.Id, out var entry))
        {
            if (hostValid == true)
            {
                entry.HostValid ??= true;
            }
            return;
        }
        _values.Add(value.Id, new ValueEntry(value, hostValid));
        if (hostValid is null && value.TimestampMs > _previousBlockTimestampMs)
        {
            _requests.Add(new ValidateValue(_height, value));
        }
    }

    private void ReportEvidence(int validatorIndex, int round, int kind, ConsensusMessage first, ConsensusMessage second)
    {
        if (_evidenceReported.Add((validatorIndex, round, kind)))
        {
            _evidence.Add(new Equivocation(validatorIndex, _validators[validatorIndex].MemberId, first, second));
        }
    }

    private void Broadcast(ConsensusMessage message) => _messages.Add(new OutboundMessage(message, null));
}
