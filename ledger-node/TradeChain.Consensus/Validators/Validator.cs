using TradeChain.Crypto;

namespace TradeChain.Consensus;

/// <summary>
/// One member's seat in a validator set: who (member id), which key signs its votes, and how
/// much its votes weigh. Its index is its position in the <see cref="ValidatorSet"/>.
/// </summary>
public sealed record Validator
{
    /// <summary>Longest member id in UTF-8 bytes.</summary>
    public const int MaxMemberIdBytes = 128;

    public Validator(string memberId, PublicKey publicKey, long power)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (System.Text.Encoding.UTF8.GetByteCount(memberId) > MaxMemberIdBytes)
        {
            throw new ArgumentException($"member id is longer than {MaxMemberIdBytes} bytes", nameof(memberId));
        }
        if (power <= 0 || power > ValidatorSet.MaxTotalPower)
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, $"voting power must be 1..{ValidatorSet.MaxTotalPower}");
        }
        MemberId = memberId;
        PublicKey = publicKey;
        Power = power;
    }

    public string MemberId { get; }

    public PublicKey PublicKey { get; }

    public long Power { get; }
}

/// <summary>
/// A governance decision about one member, carried in a block: power 0 removes the member; a
/// member not in the set is added (key required); a member in the set gets the given key and
/// power (replacing its key when the key differs).
/// </summary>
public sealed record ValidatorUpdate(string MemberId, PublicKey? PublicKey, long Power);
