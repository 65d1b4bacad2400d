namespace TradeChain.Consensus;

/// <summary>
/// Everything one or more steps of the core produced, to be handled in this order:
/// 1. make <see cref="State"/> durable (fsync) if it is not null;
/// 2. only then send <see cref="Messages"/> — they may contain votes that state records as signed;
/// 3. set <see cref="Timers"/>, hand <see cref="Decisions"/> to the block store (and answer each
///    with <see cref="DecisionApplied"/>), answer <see cref="Requests"/>, report <see cref="Evidence"/>.
/// Sending before the state is durable can make a validator sign two different votes across a
/// crash; the simulator has a switch that does exactly that to prove the checker notices.
/// </summary>
public sealed class Ready
{
    internal Ready(
        PersistedConsensusState? state,
        IReadOnlyList<OutboundMessage> messages,
        IReadOnlyList<TimerRequest> timers,
        IReadOnlyList<Decision> decisions,
        IReadOnlyList<HostRequest> requests,
        IReadOnlyList<Equivocation> evidence)
    {
        State = state;
        Messages = messages;
        Timers = timers;
        Decisions = decisions;
        Requests = requests;
        Evidence = evidence;
    }

    /// <summary>The state to make durable before sending anything; null when nothing safety-relevant changed.</summary>
    public PersistedConsensusState? State { get; }

    public IReadOnlyList<OutboundMessage> Messages { get; }

    public IReadOnlyList<TimerRequest> Timers { get; }

    public IReadOnlyList<Decision> Decisions { get; }

    public IReadOnlyList<HostRequest> Requests { get; }

    public IReadOnlyList<Equivocation> Evidence { get; }

    public bool IsEmpty => State is null && Messages.Count == 0 && Timers.Count == 0 && Decisions.Count == 0 && Requests.Count == 0 && Evidence.Count == 0;
}

/// <summary>A message to send: to one peer, or to every peer when <paramref name="ToPeer"/> is null.</summary>
public sealed record OutboundMessage(ConsensusMessage Message, string? ToPeer);

/// <summary>
/// Fire <see cref="TimeoutFired"/>(Height, Round, Kind) after <paramref name="DurationMs"/>.
/// Timers are never cancelled: the core ignores one that fires for a height, round or step it has left.
/// </summary>
public sealed record TimerRequest(long Height, int Round, TimeoutKind Kind, long DurationMs);

/// <summary>A decided value and its proof. The host stores the block, applies it, then sends <see cref="DecisionApplied"/>.</summary>
public sealed record Decision(long Height, ProposedValue Value, CommitCertificate Certificate);

/// <summary>Something only the host can do; each has a matching input or message.</summary>
public abstract record HostRequest;

/// <summary>
/// This node proposes in this round and has no earlier value to re-propose: build a block and
/// answer with <see cref="ProposalValueReady"/>. Its timestamp must be greater than
/// <paramref name="PreviousBlockTimestampMs"/> (use max(now, previous + 1)).
/// </summary>
public sealed record GetProposal(long Height, int Round, long PreviousBlockTimestampMs) : HostRequest;

/// <summary>
/// Decide whether a value is a valid block for this height (id matches bytes, timestamp field
/// matches, batch signatures, duplicates, contract rules) and answer with <see cref="ValidationResult"/>.
/// May be answered later; the core keeps working meanwhile.
/// </summary>
public sealed record ValidateValue(long Height, ProposedValue Value) : HostRequest;

/// <summary>
/// A peer is working on a height older than the one this node just finished: send it a
/// <see cref="CommitMessage"/> for that height from the block store.
/// </summary>
public sealed record ServeCatchUp(string ToPeer, long Height) : HostRequest;

/// <summary>Two conflicting messages signed by one validator for the same height, round and kind.</summary>
public sealed record Equivocation(int ValidatorIndex, string MemberId, ConsensusMessage First, ConsensusMessage Second);
