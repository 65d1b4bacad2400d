using TradeChain.Consensus;

namespace TradeChain.Simulation;

/// <summary>
/// The simulated chain as the first decision of each height made it: the validator schedule and
/// key generations in force at each height. Honest hosts validate blocks against it (their own
/// chain state is the same, since decisions agree, and the checker proves they do), and the
/// checker maps a vote's validator index to a member with it.
/// </summary>
public sealed class ChainOracle
{
    private readonly Dictionary<long, ChainPoint> _before = [];
    private readonly Dictionary<long, Decision> _decided = [];
    private readonly SimKeys _keys;
    private readonly ConsensusConfig _config;

    public ChainOracle(ValidatorSchedule genesis, IReadOnlyDictionary<string, int> genesisGenerations, SimKeys keys, ConsensusConfig config)
    {
        _keys = keys;
        _config = config;
        _before[genesis.Height] = new ChainPoint(genesis, new Dictionary<string, int>(genesisGenerations, StringComparer.Ordinal));
    }

    /// <summary>Highest height decided by anyone so far (0 before the first).</summary>
    public long DecidedHeight { get; private set; }

    /// <summary>Chain state in force while deciding <paramref name="height"/>, or null if height − 1 is not decided yet.</summary>
    public ChainPoint? Before(long height) => _before.GetValueOrDefault(height);

    public Decision? DecisionAt(long height) => _decided.GetValueOrDefault(height);

    /// <summary>Records the first decision of a height and derives the next height's state. Returns false if the height was already decided.</summary>
    public bool RecordFirst(Decision decision)
    {
        if (!_decided.TryAdd(decision.Height, decision))
        {
            return false;
        }
        var point = _before[decision.Height];
        var block = SimBlock.TryDecode(decision.Value.Bytes.Span)
            ?? throw new InvalidOperationException($"decided value at height {decision.Height} is not a block");
        var generations = new Dictionary<string, int>(point.Generations, StringComparer.Ordinal);
        var updates = new List<ValidatorUpdate>();
        foreach (var update in block.Updates)
        {
            if (update.Power > 0)
            {
                generations[update.Member] = update.Generation;
                updates.Add(new ValidatorUpdate(update.Member, _keys.KeyOf(update.Member, update.Generation), update.Power));
            }
            else
            {
                updates.Add(new ValidatorUpdate(update.Member, null, 0));
            }
        }
        var next = point.Schedule.AfterDecision(decision.Height, updates, _config.ValidatorChangeDelayHeights, _config.MaxValidators);
        _before[decision.Height + 1] = new ChainPoint(next, generations);
        DecidedHeight = Math.Max(DecidedHeight, decision.Height);
        return true;
    }

    /// <summary>
    /// The validity rule every honest host applies (deterministic in value and chain state):
    /// id binds timestamp and bytes, the block parses, is marked valid, is for this height, and
    /// its governance updates are one key rotation to the member's next key generation, or one
    /// swap (remove a validator, add a non-validator with its current key).
    /// </summary>
    public bool IsValid(ProposedValue value, long height)
    {
        if (!SimBlock.IdOf(value.TimestampMs, value.Bytes.Span).Equals(value.Id))
        {
            return false;
        }
        var block = SimBlock.TryDecode(value.Bytes.Span);
        if (block is null || !block.Valid || block.Height != height)
        {
            return false;
        }
        var point = Before(height) ?? throw new InvalidOperationException($"validating height {height} before height {height - 1} is decided");
        return block.Updates.Count switch
        {
            0 => true,
            1 => IsRotation(block.Updates[0], point),
            2 => IsSwap(block.Updates[0], block.Updates[1], point),
            _ => false,
        };
    }

    private bool IsRotation(SimUpdate update, ChainPoint point) =>
        update.Power == 1
        && point.LatestSet.IndexOf(update.Member) >= 0
        && point.Generations.TryGetValue(update.Member, out var generation)
        && update.Generation == generation + 1
        && _keys.HasGeneration(update.Member, update.Generation);

    private static bool IsSwap(SimUpdate remove, SimUpdate add, ChainPoint point) =>
        remove.Power == 0
        && point.LatestSet.IndexOf(remove.Member) >= 0
        && add.Power == 1
        && point.LatestSet.IndexOf(add.Member) < 0
        && point.Generations.TryGetValue(add.Member, out var generation)
        && add.Generation == generation;
}

/// <summary>Chain state before a height: its schedule, and each member's current key generation.</summary>
public sealed record ChainPoint(ValidatorSchedule Schedule, IReadOnlyDictionary<string, int> Generations)
{
    /// <summary>The set after every decided change (what new governance updates apply to).</summary>
    public ValidatorSet LatestSet => Schedule.Pending.Count > 0 ? Schedule.Pending[^1].Set : Schedule.Current;
}
