namespace TradeChain.Consensus;

/// <summary>Something that happened, handed to <see cref="ConsensusCore.Step"/>. Time enters only through the NowMs fields.</summary>
public abstract record ConsensusInput;

/// <summary>
/// A message from the network. <paramref name="FromPeer"/> is the transport's peer id (where a
/// catch-up answer goes), not necessarily the signer: messages are relayed. <paramref name="NowMs"/>
/// is the local clock (Unix ms) at arrival, used for the proposal timestamp check and rate limits.
/// </summary>
public sealed record MessageReceived(ConsensusMessage Message, string FromPeer, long NowMs) : ConsensusInput;

/// <summary>A timer the core asked for (<see cref="TimerRequest"/>) has expired.</summary>
public sealed record TimeoutFired(long Height, int Round, TimeoutKind Kind) : ConsensusInput;

/// <summary>
/// The host's answer to <see cref="GetProposal"/>: the block it built for this height and round.
/// The host is responsible for it being valid; its timestamp must exceed the previous block's.
/// </summary>
public sealed record ProposalValueReady(long Height, int Round, ProposedValue Value, long NowMs) : ConsensusInput;

/// <summary>The host's answer to <see cref="ValidateValue"/>. Must be deterministic: every correct node judges a value alike.</summary>
public sealed record ValidationResult(long Height, Crypto.Digest ValueId, bool IsValid) : ConsensusInput;

/// <summary>
/// The host has durably stored and applied the decided block of <paramref name="Height"/>; these
/// are the validator updates its governance transactions carry (empty if none). The core then
/// schedules them and starts the next height.
/// </summary>
public sealed record DecisionApplied(long Height, IReadOnlyList<ValidatorUpdate> ValidatorUpdates) : ConsensusInput;

/// <summary>The timers of a round, plus the per-height rebroadcast timer.</summary>
public enum TimeoutKind : byte
{
    Propose = 1,
    Prevote = 2,
    Precommit = 3,
    Rebroadcast = 4,
}

/// <summary>Where a validator is within a round.</summary>
public enum RoundStep : byte
{
    Propose = 1,
    Prevote = 2,
    Precommit = 3,
}
