using TradeChain.Crypto;

namespace TradeChain.Ledger.Certificates;

/// <summary>The validators in force at a height, in index order. n = 3f+1 tolerates f Byzantine validators.</summary>
public sealed class ValidatorSet
{
    public ValidatorSet(IReadOnlyList<PeerInfo> validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        if (validators.Count == 0 || validators.Count > LedgerLimits.MaxValidators)
        {
            throw new ArgumentException($"a validator set has 1..{LedgerLimits.MaxValidators} members, got {validators.Count}", nameof(validators));
        }
        Validators = validators.ToArray();
    }

    public IReadOnlyList<PeerInfo> Validators { get; }

    public int Count => Validators.Count;

    /// <summary>f: the most Byzantine validators the set tolerates, ⌊(n−1)/3⌋.</summary>
    public int MaxFaulty => (Count - 1) / 3;

    /// <summary>
    /// Signatures a certificate needs: n − f, which is 2f+1 when n = 3f+1 and never less than a
    /// two-thirds majority for other n, so two quorums always share an honest validator.
    /// </summary>
    public int QuorumSize => Count - MaxFaulty;

    public PublicKey KeyOf(int index) => Validators[index].PublicKey;
}
