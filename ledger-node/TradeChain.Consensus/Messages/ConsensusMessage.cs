namespace TradeChain.Consensus;

/// <summary>
/// Anything validators send each other about one height: signed <see cref="Proposal"/>s and
/// <see cref="Vote"/>s, self-certifying <see cref="CommitMessage"/>s for catch-up, and
/// unsigned <see cref="CatchUpRequest"/>s.
/// </summary>
public abstract class ConsensusMessage
{
    private protected ConsensusMessage(long height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Height = height;
    }

    public long Height { get; }
}

/// <summary>
/// A decided value with the certificate that proves it: sent to a peer that is still working on
/// an already decided height. Needs no signature of its own; the certificate is the proof.
/// </summary>
public sealed class CommitMessage : ConsensusMessage
{
    public CommitMessage(ProposedValue value, CommitCertificate certificate)
        : base(certificate?.Height ?? throw new ArgumentNullException(nameof(certificate)))
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Id.Equals(certificate.ValueId))
        {
            throw new ArgumentException("the certificate is for a different value", nameof(value));
        }
        Value = value;
        Certificate = certificate;
    }

    public ProposedValue Value { get; }

    public CommitCertificate Certificate { get; }

    public override string ToString() => $"commit h={Height} r={Certificate.Round} {Value}";
}

/// <summary>"I am working on this height; if you have decided it, send me the commit." Unsigned: the answer proves itself.</summary>
public sealed class CatchUpRequest(long height) : ConsensusMessage(height)
{
    public override string ToString() => $"catch-up-request h={Height}";
}
