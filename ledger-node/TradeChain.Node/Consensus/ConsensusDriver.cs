using System.Diagnostics;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Blocks;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Configuration;
using TradeChain.Node.Peers;
using TradeChain.Storage;

namespace TradeChain.Node.Consensus;

/// <summary>What the status RPC shows of consensus, published by the driver after each step.</summary>
public sealed record ConsensusSnapshot(long Height, int Round, string Step, bool Participating, bool IsValidator, ValidatorSet Validators);

/// <summary>
/// Owns the <see cref="ConsensusCore"/>: one loop reads inputs from one channel (peer messages,
/// timer expiries, proposals built, validation verdicts, block-sync ticks, admin commands), steps
/// the core, and handles each Ready in the order the core requires — state fsynced, then messages
/// sent, then timers, decisions (appended to the store, then <see cref="DecisionApplied"/>) and
/// host requests. Block building and validation run off the loop and come back as inputs. A node
/// that is two or more blocks behind its peers fetches the blocks (block sync), verifying every
/// certificate against the validator set of its height, and restarts the core at the new height.
/// </summary>
public sealed class ConsensusDriver : BackgroundService
{
    /// <summary>Inputs waiting for the loop; peer messages beyond it are dropped (gossip re-sends them).</summary>
    public const int MaxQueuedInputs = 65_536;

    /// <summary>Blocks fetched per sync request; each is verified and appended before the next is read.</summary>
    public const int SyncBatchBlocks = 256;

    private readonly NodeOptions _options;
    private readonly string _memberId;
    private readonly LedgerState _ledger;
    private readonly Mempool.Mempool _mempool;
    private readonly PeerNetwork _peers;
    private readonly IValidatorKeyring _keyring;
    private readonly IConsensusStateStore _stateStore;
    private readonly NodeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<DriverInput> _inbox = Channel.CreateBounded<DriverInput>(new BoundedChannelOptions(MaxQueuedInputs)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Dictionary<Digest, long> _acceptedAtMs = [];
    private ConsensusCore _core = null!;
    private ConsensusParameters _parameters = null!;
    private bool _participating = true;
    private CancellationToken _stopping;

    public ConsensusDriver(NodeOptions options, LedgerState ledger, Mempool.Mempool mempool, PeerNetwork peers, IValidatorKeyring keyring, IConsensusStateStore stateStore, NodeMetrics metrics, ILogger<ConsensusDriver> logger)
    {
        _options = options;
        _memberId = options.Node.MemberId;
        _ledger = ledger;
        _mempool = mempool;
        _peers = peers;
        _keyring = keyring;
        _stateStore = stateStore;
        _metrics = metrics;
        _logger = logger;
        Snapshot = new ConsensusSnapshot(0, 0, "starting", true, false, ledger.Membership.Validators);
    }

    /// <summary>The latest consensus position, for status.</summary>
    public ConsensusSnapshot Snapshot { get; private set; }

    /// <summary>A peer message arrived (called by the peer service on its own threads).</summary>
    public bool Post(ConsensusMessage message, string fromPeer) =>
        _inbox.Writer.TryWrite(new StepInput(new MessageReceived(message, fromPeer, NowMs())));

    /// <summary>Records when a transaction was accepted here, to measure submit-to-commit latency.</summary>
    public void NoteAccepted(Digest transactionId)
    {
        lock (_acceptedAtMs)
        {
            if (_acceptedAtMs.Count < MaxQueuedInputs)
            {
                _acceptedAtMs.TryAdd(transactionId, Stopwatch.GetTimestamp());
            }
        }
    }

    /// <summary>Stops or resumes signing and proposing; the node keeps following the chain through block sync meanwhile.</summary>
    public async Task<ConsensusSnapshot> SetParticipationAsync(bool participate, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<ConsensusSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _inbox.Writer.WriteAsync(new ParticipationInput(participate, done), cancellationToken).ConfigureAwait(false);
        return await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _peers.UpdatePeers(_ledger.Membership);
        StartCore(_stateStore.LoadDurable());
        _ = TickAsync(stoppingToken);
        try
        {
            await HandleReadyAsync().ConfigureAwait(false);
            await foreach (var input in _inbox.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                switch (input)
                {
                    case StepInput step when _participating:
                        _core.Step(step.Input);
                        break;
                    case StepInput:
                        break;
                    case BuildProposalInput build when _participating:
                        BuildProposal(build.Request);
                        break;
                    case BuildProposalInput:
                        break;
                    case SyncTickInput:
                        await SyncIfBehindAsync().ConfigureAwait(false);
                        break;
                    case ParticipationInput participation:
                        SetParticipation(participation.Participate);
                        participation.Done.TrySetResult(Publish());
                        break;
                }
                await HandleReadyAsync().ConfigureAwait(false);
                Publish();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // ---------------------------------------------------------------- the core's lifecycle

    /// <summary>
    /// Creates the core at the height after the store's tip: from the durable state when it is for
    /// that height (it holds this node's lock and its signed votes), else fresh — keeping the last
    /// signed messages so the double-signing guard still sees them.
    /// </summary>
    private void StartCore(PersistedConsensusState? durable)
    {
        var tip = _ledger.Tip;
        var nextHeight = (long)tip.Height + 1;
        _parameters = tip.Configuration.Consensus;
        PersistedConsensusState state;
        if (durable is not null && durable.Height == nextHeight)
        {
            state = durable;
        }
        else
        {
            if (durable is not null && durable.Height > nextHeight)
            {
                throw new InvalidOperationException($"consensus state is at height {durable.Height} but the ledger ends at {tip.Height}: the ledger lost blocks it had acknowledged; restore the data directory from a backup");
            }
            state = PersistedConsensusState.Initial(nextHeight, tip.Membership.Schedule, tip.TimestampMs) with
            {
                LastProposal = durable?.LastProposal,
                LastPrevote = durable?.LastPrevote,
                LastPrecommit = durable?.LastPrecommit,
            };
            _stateStore.Write(state);
            _stateStore.Flush();
        }
        _core = new ConsensusCore(CoreConfig(_parameters), state, _keyring, new SuiteSignatureVerifier(_ledger.Suite));
        _core.Start();
        _logger.LogInformation("consensus at height {Height} ({Role}), {Validators} validators", nextHeight, _core.IsSigningValidator ? "validator" : "observer", _core.Validators.Count);
    }

    private ConsensusConfig CoreConfig(ConsensusParameters parameters) => new()
    {
        ChainId = _ledger.Genesis.ChainId,
        MemberId = _memberId,
        ProposeTimeoutMs = parameters.ProposeTimeoutMs,
        ProposeTimeoutIncrementMs = parameters.TimeoutIncrementMs,
        PrevoteTimeoutMs = parameters.VoteTimeoutMs,
        PrevoteTimeoutIncrementMs = parameters.TimeoutIncrementMs,
        PrecommitTimeoutMs = parameters.VoteTimeoutMs,
        PrecommitTimeoutIncrementMs = parameters.TimeoutIncrementMs,
        ValidatorChangeDelayHeights = parameters.ValidatorChangeDelayHeights,
        RebroadcastIntervalMs = _options.Consensus.RebroadcastIntervalMs,
        MaxClockSkewMs = _options.Consensus.MaxClockSkewMs,
        MaxValueBytes = BlockRules.MaxValueBytes,
        MaxValidators = LedgerLimits.MaxValidators,
    };

    private void SetParticipation(bool participate)
    {
        if (participate == _participating)
        {
            return;
        }
        _participating = participate;
        if (participate)
        {
            // Resume from what was made durable: the same height (lock kept) or, after sync, the next.
            StartCore(_core.Snapshot());
            _logger.LogWarning("consensus participation resumed at height {Height}", _core.Height);
        }
        else
        {
            _logger.LogWarning("consensus participation stopped at height {Height}: this node neither signs nor proposes until resumed; it still follows the chain", _core.Height);
        }
    }

    // ---------------------------------------------------------------- Ready

    private async Task HandleReadyAsync()
    {
        while (_participating && _core.HasReady)
        {
            var ready = _core.TakeReady();
            if (ready.State is { } state)
            {
                // Persist before send: a vote leaves only once the record of signing it is durable.
                _stateStore.Write(state);
                _stateStore.Flush();
            }
            foreach (var outbound in ready.Messages)
            {
                var message = ToWire(outbound.Message);
                if (outbound.ToPeer is null)
                {
                    _peers.Broadcast(message);
                }
                else
                {
                    _peers.Send(outbound.ToPeer, message);
                }
            }
            foreach (var timer in ready.Timers)
            {
                Schedule(TimeSpan.FromMilliseconds(timer.DurationMs), new StepInput(new TimeoutFired(timer.Height, timer.Round, timer.Kind)));
            }
            foreach (var decision in ready.Decisions)
            {
                await ApplyDecisionAsync(decision).ConfigureAwait(false);
            }
            foreach (var request in ready.Requests)
            {
                Answer(request);
            }
            foreach (var evidence in ready.Evidence)
            {
                _logger.LogWarning("validator {Member} (index {Index}) equivocated: {First} / {Second}", evidence.MemberId, evidence.ValidatorIndex, evidence.First, evidence.Second);
            }
        }
    }

    private async Task ApplyDecisionAsync(Decision decision)
    {
        var tip = _ledger.Tip;
        var block = Block.Decode(decision.Value.Bytes.Span).WithCertificate(decision.Certificate);
        var outcome = tip.Membership.Apply(block);
        var started = Stopwatch.GetTimestamp();
        await _ledger.Store.AppendAsync(block, _stopping).ConfigureAwait(false);
        _logger.LogDebug("appended block {Height} in {Ms:F0} ms", block.Height, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        AfterCommit(block, tip.TimestampMs, decision.Certificate.Round);
        _core.Step(new DecisionApplied(decision.Height, outcome.ValidatorUpdates));
        if (_ledger.Tip.Configuration.Consensus != _parameters)
        {
            // Governance changed the timeouts: a new core (same durable state) takes them from the next height.
            _logger.LogInformation("consensus parameters changed at height {Height}: {Parameters}", decision.Height, _ledger.Tip.Configuration.Consensus);
            await HandleReadyAsync().ConfigureAwait(false);
            StartCore(_core.Snapshot());
        }
    }

    private void AfterCommit(Block block, long previousTimestampMs, int round)
    {
        _mempool.OnCommitted(block);
        _ledger.OnCommitted(block);
        _peers.UpdatePeers(_ledger.Membership);
        long events = 0;
        var suite = _ledger.Suite;
        foreach (var transaction in block.Transactions)
        {
            if (transaction.Type == TransactionType.EventBatch)
            {
                events += transaction.Batch.Leaves.Count;
            }
            lock (_acceptedAtMs)
            {
                if (_acceptedAtMs.Remove(transaction.ComputeId(suite), out var acceptedAt))
                {
                    _metrics.CommitLatency(Stopwatch.GetElapsedTime(acceptedAt).TotalMilliseconds);
                }
            }
        }
        _metrics.BlockCommitted(block.Transactions.Count, events, block.Header.TimestampMs - previousTimestampMs, round);
        _logger.LogDebug("committed block {Height} {BlockId}: {Transactions} transactions, {Events} events, round {Round}", block.Height, block.Id, block.Transactions.Count, events, round);
    }

    private void Answer(HostRequest request)
    {
        switch (request)
        {
            case GetProposal proposal when _mempool.Count > 0 || _options.Consensus.EmptyBlockWaitMs == 0:
                BuildProposal(proposal);
                break;
            case GetProposal proposal:
                // Wait a little for transactions, then propose whatever there is (maybe an empty block).
                _ = BuildWhenReadyAsync(proposal);
                break;
            case ValidateValue validate:
                var tip = _ledger.Tip;
                _ = Task.Run(() =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var problem = (ulong)validate.Height == tip.Height + 1
                        ? BlockRules.Validate(validate.Value, tip, id => _ledger.Store.FindTransaction(id) is not null, _mempool.Find)
                        : $"height {validate.Height} is not the next block on tip {tip.Height}";
                    _logger.LogDebug("validated block {ValueId} at height {Height} ({Bytes} bytes) in {Ms:F0} ms", validate.Value.Id, validate.Height, validate.Value.SizeBytes, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (problem is not null)
                    {
                        _logger.LogWarning("proposed block {ValueId} at height {Height} is invalid: {Problem}", validate.Value.Id, validate.Height, problem);
                    }
                    return _inbox.Writer.WriteAsync(new StepInput(new ValidationResult(validate.Height, validate.Value.Id, problem is null)), _stopping).AsTask();
                }, _stopping);
                break;
            case ServeCatchUp serve:
                if (_ledger.Store.ReadBlock((ulong)serve.Height) is { Certificate: { } certificate } block)
                {
                    _peers.Send(serve.ToPeer, ToWire(new CommitMessage(BlockRules.ValueOf(block), certificate)));
                }
                break;
        }
    }

    private async Task BuildWhenReadyAsync(GetProposal request)
    {
        try
        {
            await Task.WhenAny(_mempool.Arrived, Task.Delay((int)_options.Consensus.EmptyBlockWaitMs, _stopping)).ConfigureAwait(false);
            await _inbox.Writer.WriteAsync(new BuildProposalInput(request), _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void BuildProposal(GetProposal request)
    {
        if (request.Height != _core.Height || request.Round != _core.Round)
        {
            return;
        }
        var tip = _ledger.Tip;
        var candidates = _mempool.Select(tip.Configuration.Consensus.MaxBlockTransactions, BlockRules.MaxProposalDataBytes);
        // A batch or audit anchor signed with a key governance has since rotated (or by a removed member) would make
        // the whole block invalid for every validator: evict it instead of proposing it.
        var stale = candidates.Where(p => p.Transaction.Type switch
        {
            TransactionType.EventBatch => tip.Membership.KeyOf(p.MemberId)?.Equals(p.Transaction.Batch.SignerKey) != true,
            TransactionType.AuditAnchor => BlockRules.RejectAuditAnchor(p.Transaction, tip.Membership) is not null,
            _ => false,
        }).ToArray();
        if (stale.Length > 0)
        {
            _logger.LogWarning("evicting {Count} pending batches or audit anchors whose member key is no longer current", stale.Length);
            _mempool.Evict(stale.Select(p => p.Id));
        }
        var transactions = candidates.Except(stale).Select(p => p.Transaction).ToList();
        // Governance is checked in order against the membership; drop any that no longer applies.
        while (transactions.Count > 0)
        {
            try
            {
                tip.Membership.Apply(BlockRules.Assemble(tip, transactions, Math.Max(NowMs(), request.PreviousBlockTimestampMs + 1), _memberId));
                break;
            }
            catch (Ledger.Governance.GovernanceRejectedException e)
            {
                _logger.LogWarning("dropping governance transaction from the proposal: {Reason}", e.Message);
                transactions.RemoveAt(e.TransactionIndex);
            }
        }
        var block = BlockRules.Assemble(tip, transactions, Math.Max(NowMs(), request.PreviousBlockTimestampMs + 1), _memberId);
        _core.Step(new ProposalValueReady(request.Height, request.Round, BlockRules.ValueOf(block), NowMs()));
    }

    // ---------------------------------------------------------------- block sync

    private async Task TickAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.Consensus.SyncIntervalMs));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                _inbox.Writer.TryWrite(SyncTickInput.Instance);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Fetches blocks from the most advanced peer when this node is two or more blocks behind (one
    /// behind is normal: peers commit a moment apart, and the core's own catch-up covers it), or
    /// one behind while not participating. Each block is appended through the store, which checks
    /// it follows the chain and that its certificate verifies against the height's validator set.
    /// </summary>
    private async Task SyncIfBehindAsync()
    {
        var tip = _ledger.Tip;
        var best = _peers.Snapshot().Where(p => p.Connected || p.Height > 0).OrderByDescending(p => p.Height).FirstOrDefault();
        var lag = _participating ? 2UL : 1UL;
        if (best is null || best.Height < tip.Height + lag || _peers.ClientFor(best.MemberId) is not { } client)
        {
            return;
        }
        var appended = 0;
        try
        {
            using var call = client.SyncBlocks(
                new SyncBlocksRequest { FromHeight = tip.Height + 1, MaxBlocks = SyncBatchBlocks },
                deadline: DateTime.UtcNow.AddSeconds(30),
                cancellationToken: _stopping);
            await foreach (var message in call.ResponseStream.ReadAllAsync(_stopping).ConfigureAwait(false))
            {
                if (Mempool.Admission.TryDecodeBlock(message.Block.Span) is not { } block)
                {
                    _logger.LogWarning("peer {Peer} sent a block that does not decode; sync stopped", best.MemberId);
                    break;
                }
                var before = _ledger.Tip;
                await _ledger.Store.AppendAsync(block, _stopping).ConfigureAwait(false);
                AfterCommit(block, before.TimestampMs, block.Certificate?.Round ?? 0);
                appended++;
            }
        }
        catch (BlockRejectedException e)
        {
            _logger.LogWarning("block sync from {Peer} stopped: {Reason}", best.MemberId, e.Message);
        }
        catch (RpcException e)
        {
            _logger.LogInformation("block sync from {Peer} failed: {Status}", best.MemberId, e.Status.Detail);
        }
        if (appended > 0)
        {
            _logger.LogInformation("block sync: {Count} blocks from {Peer}, verified; tip is now {Height}", appended, best.MemberId, _ledger.Tip.Height);
            if (_participating)
            {
                StartCore(_core.Snapshot());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private ConsensusSnapshot Publish()
    {
        Snapshot = new ConsensusSnapshot(_core.Height, _core.Round, _core.CurrentStep.ToString().ToLowerInvariant(), _participating, _core.IsSigningValidator, _core.Validators);
        return Snapshot;
    }

    /// <summary>Delivers <paramref name="input"/> after <paramref name="delay"/>. Timers wait for room in the inbox rather than drop: a lost rebroadcast timer would end gossip for the height.</summary>
    private void Schedule(TimeSpan delay, DriverInput input) => _ = DeliverLaterAsync(delay, input);

    private async Task DeliverLaterAsync(TimeSpan delay, DriverInput input)
    {
        try
        {
            await Task.Delay(delay, _stopping).ConfigureAwait(false);
            await _inbox.Writer.WriteAsync(input, _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private PeerMessage ToWire(ConsensusMessage message)
    {
        var chainId = _ledger.Genesis.ChainId;
        var wire = message switch
        {
            Proposal proposal => new PeerMessage { Kind = PeerMessageKind.Proposal, Payload = ByteString.CopyFrom(proposal.Encode(chainId)) },
            Vote vote => new PeerMessage { Kind = PeerMessageKind.Vote, Payload = ByteString.CopyFrom(vote.Encode(chainId)) },
            CommitMessage commit => new PeerMessage
            {
                Kind = PeerMessageKind.Commit,
                Payload = ByteString.CopyFrom(commit.Value.Bytes.Span),
                Certificate = ByteString.CopyFrom(commit.Certificate.Encode(chainId)),
                TimestampMs = commit.Value.TimestampMs,
            },
            CatchUpRequest request => new PeerMessage { Kind = PeerMessageKind.CatchUpRequest },
            _ => throw new ArgumentException($"unknown consensus message {message.GetType().Name}", nameof(message)),
        };
        wire.Height = message.Height;
        wire.SenderTip = _ledger.Tip.Height;
        return wire;
    }

    /// <summary>The consensus message a peer sent; throws <see cref="FormatException"/> for anything malformed.</summary>
    public static ConsensusMessage FromWire(PeerMessage message, string chainId) => message.Kind switch
    {
        PeerMessageKind.Proposal => Proposal.Decode(message.Payload.Span, chainId),
        PeerMessageKind.Vote => Vote.Decode(message.Payload.Span, chainId),
        PeerMessageKind.Commit => CommitFromWire(message, chainId),
        PeerMessageKind.CatchUpRequest when message.Height > 0 => new CatchUpRequest(message.Height),
        _ => throw new FormatException($"unknown peer message kind {message.Kind} (height {message.Height})"),
    };

    private static CommitMessage CommitFromWire(PeerMessage message, string chainId)
    {
        var certificate = CommitCertificate.Decode(message.Certificate.Span, chainId);
        // The id comes from the certificate; the host's validation checks the bytes are that block.
        return new CommitMessage(new ProposedValue(certificate.ValueId, message.TimestampMs, message.Payload.Span), certificate);
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private abstract record DriverInput;

    private sealed record StepInput(ConsensusInput Input) : DriverInput;

    private sealed record BuildProposalInput(GetProposal Request) : DriverInput;

    private sealed record SyncTickInput : DriverInput
    {
        public static readonly SyncTickInput Instance = new();
    }

    private sealed record ParticipationInput(bool Participate, TaskCompletionSource<ConsensusSnapshot> Done) : DriverInput;
}
