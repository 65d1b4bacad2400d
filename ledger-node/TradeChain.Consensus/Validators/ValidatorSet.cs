using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Consensus;

/// <summary>
/// The validators of one height, ordered by member id (ordinal), so every node assigns the same
/// index to the same member. Quorum arithmetic is by voting power and holds for any n:
/// a quorum is more than 2/3 of the total power, a "one correct validator" threshold is more than
/// 1/3. With n = 3f + 1 equal powers that is 2f + 1 and f + 1 validators.
/// </summary>
public sealed class ValidatorSet
{
    /// <summary>Keeps 3 × total power far from overflow in the threshold comparisons.</summary>
    public const long MaxTotalPower = long.MaxValue / 8;

    private readonly Validator[] _validators;
    private readonly Dictionary<string, int> _indexByMember;

    public ValidatorSet(IEnumerable<Validator> validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        _validators = validators.OrderBy(v => v.MemberId, StringComparer.Ordinal).ToArray();
        if (_validators.Length == 0)
        {
            throw new ArgumentException("a validator set needs at least one validator", nameof(validators));
        }
        _indexByMember = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new HashSet<PublicKey>();
        long total = 0;
        for (var i = 0; i < _validators.Length; i++)
        {
            var v = _validators[i];
            if (!_indexByMember.TryAdd(v.MemberId, i))
            {
                throw new ArgumentException($"member '{v.MemberId}' appears twice in the validator set", nameof(validators));
            }
            if (!keys.Add(v.PublicKey))
            {
                throw new ArgumentException($"member '{v.MemberId}' uses a key another validator already uses", nameof(validators));
            }
            total += v.Power;
            if (total > MaxTotalPower)
            {
                throw new ArgumentException($"total voting power exceeds {MaxTotalPower}", nameof(validators));
            }
        }
        TotalPower = total;
    }

    public int Count => _validators.Length;

    public long TotalPower { get; }

    public IReadOnlyList<Validator> Validators => _validators;

    public Validator this[int index] => _validators[index];

    /// <summary>The smallest power that is more than 2/3 of the total.</summary>
    public long QuorumPower => (2 * TotalPower / 3) + 1;

    /// <summary>The smallest power that is more than 1/3 of the total: it must include a correct validator.</summary>
    public long OneThirdPlusPower => (TotalPower / 3) + 1;

    /// <summary>More than 2/3 of the total power: any two such sets share more than 1/3, so a correct validator.</summary>
    public bool IsQuorum(long power) => 3 * power > 2 * TotalPower;

    /// <summary>More than 1/3 of the total power: at least one correct validator (with at most f faulty) is among them.</summary>
    public bool ExceedsOneThird(long power) => 3 * power > TotalPower;

    /// <summary>The index of a member, or -1.</summary>
    public int IndexOf(string memberId) => _indexByMember.TryGetValue(memberId, out var index) ? index : -1;

    /// <summary>
    /// The proposer of a round: round-robin over the members, offset by height so the first
    /// proposer rotates across heights too. Equal-opportunity, not weighted by power.
    /// </summary>
    public int ProposerIndex(long height, int round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        return (int)(((height % Count) + (round % Count)) % Count);
    }

    /// <summary>
    /// The set after a batch of updates, applied in order. Throws for an update that cannot apply
    /// (removing an unknown member, adding one without a key, duplicate keys, an empty result):
    /// governance validates updates before they reach a block, so this is a host error.
    /// </summary>
    public ValidatorSet Apply(IReadOnlyList<ValidatorUpdate> updates, int maxValidators)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return this;
        }
        var byMember = _validators.ToDictionary(v => v.MemberId, StringComparer.Ordinal);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var update in updates)
        {
            ArgumentNullException.ThrowIfNull(update);
            if (!touched.Add(update.MemberId))
            {
                throw new ArgumentException($"member '{update.MemberId}' is updated twice in one block", nameof(updates));
            }
            if (update.Power < 0)
            {
                throw new ArgumentException($"member '{update.MemberId}' gets negative power {update.Power}", nameof(updates));
            }
            if (update.Power == 0)
            {
                if (!byMember.Remove(update.MemberId))
                {
                    throw new ArgumentException($"cannot remove '{update.MemberId}': not a validator", nameof(updates));
                }
                continue;
            }
            var key = update.PublicKey ?? (byMember.TryGetValue(update.MemberId, out var existing)
                ? existing.PublicKey
                : throw new ArgumentException($"cannot add '{update.MemberId}' without a public key", nameof(updates)));
            byMember[update.MemberId] = new Validator(update.MemberId, key, update.Power);
        }
        if (byMember.Count > maxValidators)
        {
            throw new ArgumentException($"the update leaves {byMember.Count} validators; at most {maxValidators} are allowed", nameof(updates));
        }
        return new ValidatorSet(byMember.Values);
    }

    public void WriteTo(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteList(_validators, static (w, v) =>
        {
            w.WriteString(v.MemberId);
            w.WritePublicKey(v.PublicKey);
            w.WriteInt64(v.Power);
        });
    }

    public static ValidatorSet ReadFrom(ref CanonicalReader reader)
    {
        var validators = reader.ReadList(static (ref CanonicalReader r) =>
        {
            var member = r.ReadString();
            var key = r.ReadPublicKey();
            var power = r.ReadInt64();
            return new Validator(member, key, power);
        }, minItemBytes: 4 + 1 + 4 + 8);
        var set = new ValidatorSet(validators);
        for (var i = 0; i < validators.Count; i++)
        {
            if (!ReferenceEquals(set._validators[i], validators[i]))
            {
                throw new FormatException("validator set is not in member-id order");
            }
        }
        return set;
    }

    public override string ToString() => string.Join(",", _validators.Select(v => $"{v.MemberId}:{v.Power}"));
}
