using TradeChain.Crypto;

namespace TradeChain.Consensus;

/// <summary>
/// Votes of one kind in one round. The paper's rules count messages ("2f + 1 PREVOTE for
/// id(v)"), so a validator that signed votes for two values counts toward both; it still counts
/// once per value, and once in the "any" total. With at most f faulty validators only one value
/// can reach a quorum; a faulty validator's extra votes are kept as evidence, bounded by the caller.
/// </summary>
internal sealed class VoteSlots(ValidatorSet validators)
{
    private readonly List<Vote>?[] _byValidator = new List<Vote>?[validators.Count];
    private readonly Dictionary<Digest, long> _powerByValue = [];

    /// <summary>Power of every validator that voted, whatever for.</summary>
    public long TotalPower { get; private set; }

    public long NilPower { get; private set; }

    /// <summary>The value that has votes of more than 2/3 of the power, once one has.</summary>
    public Digest? QuorumValue { get; private set; }

    public long PowerFor(Digest valueId) => _powerByValue.GetValueOrDefault(valueId);

    /// <summary>How many distinct votes this validator has here (more than one means it equivocated).</summary>
    public int VariantsOf(int validatorIndex) => _byValidator[validatorIndex]?.Count ?? 0;

    public Vote? FirstOf(int validatorIndex) => _byValidator[validatorIndex]?[0];

    public bool Contains(Vote vote)
    {
        foreach (var held in _byValidator[vote.ValidatorIndex] ?? [])
        {
            if (held.HasSameContent(vote))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Adds a vote that is not held yet; its value now counts this validator's power.</summary>
    public void Add(Vote vote)
    {
        var power = validators[vote.ValidatorIndex].Power;
        var held = _byValidator[vote.ValidatorIndex] ??= [];
        if (held.Count == 0)
        {
            TotalPower += power;
            if (TotalPower > validators.TotalPower)
            {
                throw new ConsensusInvariantException($"votes hold {TotalPower} power of a set with {validators.TotalPower}: a validator was counted twice");
            }
        }
        held.Add(vote);
        if (vote.ValueId is not { } valueId)
        {
            NilPower += power;
            return;
        }
        var sum = _powerByValue.GetValueOrDefault(valueId) + power;
        _powerByValue[valueId] = sum;
        if (QuorumValue is null && validators.IsQuorum(sum))
        {
            QuorumValue = valueId;
        }
    }

    public IEnumerable<Vote> For(Digest valueId)
    {
        foreach (var held in _byValidator)
        {
            foreach (var vote in held ?? [])
            {
                if (valueId.Equals(vote.ValueId))
                {
                    yield return vote;
                }
            }
        }
    }

    public IEnumerable<Vote> All()
    {
        foreach (var held in _byValidator)
        {
            foreach (var vote in held ?? [])
            {
                yield return vote;
            }
        }
    }
}

/// <summary>A stored proposal and whether its timestamp was within the allowed skew of the local clock when it arrived.</summary>
internal sealed record ProposalEntry(Proposal Proposal, bool Timely);

/// <summary>Everything heard about one round of the current height.</summary>
internal sealed class RoundState(int round, ValidatorSet validators)
{
    public int Round { get; } = round;

    /// <summary>Proposals from this round's proposer, first received first; more than one means it equivocated.</summary>
    public List<ProposalEntry> Proposals { get; } = [];

    public VoteSlots Prevotes { get; } = new(validators);

    public VoteSlots Precommits { get; } = new(validators);

    /// <summary>"For the first time" flags of the rules on lines 34, 36 and 47.</summary>
    public bool PrevoteTimerScheduled { get; set; }

    public bool PolkaForValueHandled { get; set; }

    public bool PrecommitTimerScheduled { get; set; }

    public VoteSlots Votes(VoteType type) => type == VoteType.Prevote ? Prevotes : Precommits;

    public ProposalEntry? FindProposal(Digest valueId)
    {
        foreach (var entry in Proposals)
        {
            if (entry.Proposal.Value.Id.Equals(valueId))
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>Every message held for this round, for rebroadcast.</summary>
    public IEnumerable<ConsensusMessage> AllMessages()
    {
        foreach (var entry in Proposals)
        {
            yield return entry.Proposal;
        }
        foreach (var vote in Prevotes.All())
        {
            yield return vote;
        }
        foreach (var vote in Precommits.All())
        {
            yield return vote;
        }
    }
}

/// <summary>A proposed value of the current height and the host's verdict on it (null until answered).</summary>
internal sealed class ValueEntry(ProposedValue value, bool? hostValid)
{
    public ProposedValue Value { get; } = value;

    public bool? HostValid { get; set; } = hostValid;
}

/// <summary>A rule of the algorithm or an invariant of this implementation was about to be broken; the core must not continue.</summary>
public sealed class ConsensusInvariantException(string message) : InvalidOperationException(message);
