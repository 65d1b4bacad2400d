namespace TradeChain.Consensus;

/// <summary>
/// Everything a <see cref="ConsensusCore"/> needs to know that is not consensus state. Every
/// validator of a network must use the same <see cref="ChainId"/> and
/// <see cref="ValidatorChangeDelayHeights"/>; the timeouts and limits are local tuning.
/// Call <see cref="Validate"/> before use: the core refuses a config with errors.
/// </summary>
public sealed record ConsensusConfig
{
    /// <summary>
    /// The network's name, part of every signed proposal and vote, so a signature made on one
    /// chain (a test network, a fork) can never count on another. 1..64 bytes of UTF-8.
    /// </summary>
    public required string ChainId { get; init; }

    /// <summary>
    /// This node's member id. Each height the core looks it up in that height's validator set to
    /// learn its index and public key; a node whose member id is not in the set follows
    /// consensus without signing anything (an observer).
    /// </summary>
    public required string MemberId { get; init; }

    /// <summary>
    /// How long a validator waits in round 0 for the proposer's block before prevoting nil.
    /// Too short and a slow proposer (large block, slow link) loses its round; too long and a
    /// crashed proposer stalls the chain for this long per height.
    /// </summary>
    public long ProposeTimeoutMs { get; init; } = 3000;

    /// <summary>
    /// Added to <see cref="ProposeTimeoutMs"/> per round. Growth is what guarantees liveness after
    /// the network stabilises: eventually a round is long enough for every correct validator to
    /// hear the proposer. Larger values converge in fewer rounds but wait longer per round.
    /// </summary>
    public long ProposeTimeoutIncrementMs { get; init; } = 500;

    /// <summary>
    /// How long a validator that has seen prevotes of more than 2/3 of the power (but for no single
    /// value) waits for the rest before precommitting nil.
    /// </summary>
    public long PrevoteTimeoutMs { get; init; } = 1000;

    /// <summary>Added to <see cref="PrevoteTimeoutMs"/> per round, for the same reason as <see cref="ProposeTimeoutIncrementMs"/>.</summary>
    public long PrevoteTimeoutIncrementMs { get; init; } = 500;

    /// <summary>
    /// How long a validator that has seen precommits of more than 2/3 of the power (but no commit)
    /// waits for the rest before moving to the next round.
    /// </summary>
    public long PrecommitTimeoutMs { get; init; } = 1000;

    /// <summary>Added to <see cref="PrecommitTimeoutMs"/> per round.</summary>
    public long PrecommitTimeoutIncrementMs { get; init; } = 500;

    /// <summary>
    /// While a height is undecided, every this many ms the core re-sends the current and previous
    /// round's proposals and votes it holds (its own and relayed). This is the gossip the
    /// algorithm assumes: lost messages are recovered and a validator that restarted with an
    /// empty message log catches up. Shorter recovers faster and costs O(validators²) messages
    /// per interval; must exceed the network's usual round trip.
    /// </summary>
    public long RebroadcastIntervalMs { get; init; } = 2000;

    /// <summary>
    /// Minimum time between two catch-up answers to one peer, and between two catch-up requests
    /// this node sends. A commit answer carries a whole block, so this bounds the bandwidth a
    /// lagging (or lying) peer can draw.
    /// </summary>
    public long CatchUpIntervalMs { get; init; } = 1000;

    /// <summary>
    /// A fresh proposal (one that does not re-propose a value seen with a quorum of prevotes) is
    /// prevoted only if its timestamp is within this many ms of the local clock when it arrives.
    /// It must cover the clock difference between validators plus the proposal's delivery time:
    /// too small and proposals from a slightly skewed or slow proposer are rejected, too large and
    /// a faulty proposer can stamp blocks far into the future or past.
    /// </summary>
    public long MaxClockSkewMs { get; init; } = 2000;

    /// <summary>
    /// Largest proposed value (block) in bytes. Bounds memory per stored proposal and the size of a
    /// commit answer; blocks are built by the host to stay below it.
    /// </summary>
    public int MaxValueBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Messages for rounds up to this many above the current round are stored; messages further
    /// ahead are verified and only remembered as "validator i reached round r" (enough for the
    /// round-skip rule). Bounds memory against a validator that signs votes for far-future rounds.
    /// </summary>
    public int MaxRoundLookahead { get; init; } = 8;

    /// <summary>
    /// Proposals stored per round. A correct proposer signs one; a faulty one may sign several
    /// (each is reported as evidence). Keeping more than one lets a validator decide or lock on
    /// the variant that gathered a quorum; each costs up to <see cref="MaxValueBytes"/>.
    /// </summary>
    public int MaxProposalsPerRound { get; init; } = 2;

    /// <summary>
    /// Distinct votes kept per validator, round and vote type. A correct validator signs one; a
    /// faulty one may sign several, and each counts toward its own value's quorum (the algorithm
    /// counts messages), which is what lets a node check a re-proposal's prevote quorum when the
    /// faulty validator showed it a different vote first. Beyond this many, only votes for nil or
    /// for a value this node holds a proposal of are kept, so memory stays bounded.
    /// </summary>
    public int MaxVotesPerValidatorPerRound { get; init; } = 2;

    /// <summary>
    /// Messages for the next height kept until this node decides the current one (a faster peer is
    /// often one height ahead). Further ones are dropped; rebroadcast brings them again.
    /// </summary>
    public int MaxFutureHeightMessages { get; init; } = 256;

    /// <summary>
    /// Distinct peers whose catch-up rate limit is tracked per height; when exceeded the table is
    /// cleared. Bounds memory against peer-id churn.
    /// </summary>
    public int MaxTrackedPeers { get; init; } = 256;

    /// <summary>Largest validator set accepted. Quorum checks and message logs are O(validators).</summary>
    public int MaxValidators { get; init; } = 256;

    /// <summary>
    /// A validator set change decided in the block at height h governs heights from
    /// h + this value on. At least 1, so every height's set is known before the height starts;
    /// 2 leaves a full height for nodes to learn the change before it matters. Must be the same
    /// on every node.
    /// </summary>
    public int ValidatorChangeDelayHeights { get; init; } = 2;

    /// <summary>
    /// TEST ONLY. Prevote any valid proposal regardless of the lock (breaks the rule on lines 23
    /// and 29 of the algorithm). Exists so the simulator's safety checker can be shown to catch a
    /// broken core. <see cref="Validate"/> rejects it unless <see cref="TestOnlyAllowUnsafe"/> is set.
    /// </summary>
    public bool UnsafeIgnoreLocks { get; init; }

    /// <summary>TEST ONLY. Permits the Unsafe* switches; never set outside the simulator's own tests.</summary>
    public bool TestOnlyAllowUnsafe { get; init; }

    /// <summary>
    /// Longest timeout ever requested (about 24 days): linear growth is capped here rather than
    /// overflowing in an absurdly high round.
    /// </summary>
    public const long MaxTimeoutMs = int.MaxValue;

    /// <summary>The propose timeout of a round: base plus increment per round (linear growth).</summary>
    public long ProposeTimeoutForRoundMs(int round) => Grow(ProposeTimeoutMs, ProposeTimeoutIncrementMs, round);

    /// <summary>The prevote timeout of a round.</summary>
    public long PrevoteTimeoutForRoundMs(int round) => Grow(PrevoteTimeoutMs, PrevoteTimeoutIncrementMs, round);

    /// <summary>The precommit timeout of a round.</summary>
    public long PrecommitTimeoutForRoundMs(int round) => Grow(PrecommitTimeoutMs, PrecommitTimeoutIncrementMs, round);

    private static long Grow(long baseMs, long incrementMs, int round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        return (long)Int128.Min((Int128)baseMs + ((Int128)round * incrementMs), MaxTimeoutMs);
    }

    /// <summary>Longest chain id in UTF-8 bytes; it is part of every signed message.</summary>
    public const int MaxChainIdBytes = 64;

    /// <summary>
    /// Everything wrong with this config, in plain language; empty when it is usable.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(ChainId))
        {
            errors.Add("chain id must not be empty: it separates this network's signatures from every other network's");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(ChainId) > MaxChainIdBytes)
        {
            errors.Add($"chain id must be at most {MaxChainIdBytes} bytes of UTF-8");
        }
        if (string.IsNullOrEmpty(MemberId))
        {
            errors.Add("member id must not be empty: it is how this node finds itself in the validator set");
        }
        if (ProposeTimeoutMs > MaxTimeoutMs || PrevoteTimeoutMs > MaxTimeoutMs || PrecommitTimeoutMs > MaxTimeoutMs || RebroadcastIntervalMs > MaxTimeoutMs)
        {
            errors.Add($"timeouts and intervals must be at most {MaxTimeoutMs} ms");
        }
        RequirePositive(errors, ProposeTimeoutMs, "propose timeout");
        RequirePositive(errors, PrevoteTimeoutMs, "prevote timeout");
        RequirePositive(errors, PrecommitTimeoutMs, "precommit timeout");
        RequireNonNegative(errors, ProposeTimeoutIncrementMs, "propose timeout increment");
        RequireNonNegative(errors, PrevoteTimeoutIncrementMs, "prevote timeout increment");
        RequireNonNegative(errors, PrecommitTimeoutIncrementMs, "precommit timeout increment");
        if (ProposeTimeoutIncrementMs + PrevoteTimeoutIncrementMs + PrecommitTimeoutIncrementMs <= 0)
        {
            errors.Add("at least one timeout increment must be positive: timeouts that never grow cannot outlast an unknown network delay, so rounds could fail forever");
        }
        RequirePositive(errors, RebroadcastIntervalMs, "rebroadcast interval");
        RequireNonNegative(errors, CatchUpIntervalMs, "catch-up interval");
        RequireNonNegative(errors, MaxClockSkewMs, "max clock skew");
        if (MaxValueBytes <= 0)
        {
            errors.Add("max value bytes must be positive");
        }
        if (MaxRoundLookahead < 1)
        {
            errors.Add("max round lookahead must be at least 1: the next round's messages must be kept or a validator one round behind loses them");
        }
        if (MaxProposalsPerRound < 1)
        {
            errors.Add("max proposals per round must be at least 1");
        }
        if (MaxVotesPerValidatorPerRound < 1)
        {
            errors.Add("max votes per validator per round must be at least 1");
        }
        if (MaxFutureHeightMessages < 0)
        {
            errors.Add("max future height messages must not be negative");
        }
        if (MaxTrackedPeers < 1)
        {
            errors.Add("max tracked peers must be at least 1");
        }
        if (MaxValidators < 1)
        {
            errors.Add("max validators must be at least 1");
        }
        if (ValidatorChangeDelayHeights < 1)
        {
            errors.Add("validator change delay must be at least 1 height: the block that decides a change cannot also change who decides it");
        }
        if (UnsafeIgnoreLocks && !TestOnlyAllowUnsafe)
        {
            errors.Add("UnsafeIgnoreLocks breaks consensus safety and exists only for the simulator's checker tests; it needs TestOnlyAllowUnsafe");
        }
        return errors;
    }

    private static void RequirePositive(List<string> errors, long valueMs, string what)
    {
        if (valueMs <= 0)
        {
            errors.Add($"{what} must be positive (got {valueMs} ms)");
        }
    }

    private static void RequireNonNegative(List<string> errors, long valueMs, string what)
    {
        if (valueMs < 0)
        {
            errors.Add($"{what} must not be negative (got {valueMs} ms)");
        }
    }
}
