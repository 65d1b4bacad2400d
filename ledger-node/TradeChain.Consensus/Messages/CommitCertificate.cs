using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Consensus;

/// <summary>One validator's precommit signature inside a <see cref="CommitCertificate"/>.</summary>
public sealed record CommitSignature(int ValidatorIndex, Signature Signature);

/// <summary>
/// Proof that a value was decided at a height: precommits for its id in one round from
/// validators holding more than 2/3 of the power. Anyone with the height's validator set can
/// check it offline with <see cref="Verify"/>; the signatures are exactly the precommit
/// signatures, so each is checked against the precommit's signed bytes.
/// Encoding: <c>TypeTag.CommitCertificate ‖ version ‖ chain id ‖ height ‖ round ‖ value id ‖
/// [(validator index, signature)] in ascending index order</c>.
/// </summary>
public sealed class CommitCertificate
{
    public const byte FormatVersion = 1;

    private readonly CommitSignature[] _signatures;

    public CommitCertificate(long height, int round, Digest valueId, IEnumerable<CommitSignature> signatures)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentNullException.ThrowIfNull(valueId);
        ArgumentNullException.ThrowIfNull(signatures);
        Height = height;
        Round = round;
        ValueId = valueId;
        _signatures = signatures.OrderBy(s => s.ValidatorIndex).ToArray();
    }

    public long Height { get; }

    public int Round { get; }

    public Digest ValueId { get; }

    public IReadOnlyList<CommitSignature> Signatures => _signatures;

    /// <summary>Collects the precommits for <paramref name="valueId"/> (height, round taken from them).</summary>
    public static CommitCertificate FromPrecommits(long height, int round, Digest valueId, IEnumerable<Vote> precommits)
    {
        ArgumentNullException.ThrowIfNull(precommits);
        var signatures = new List<CommitSignature>();
        foreach (var vote in precommits)
        {
            if (vote.Type != VoteType.Precommit || vote.Height != height || vote.Round != round || !valueId.Equals(vote.ValueId))
            {
                throw new ArgumentException($"{vote} is not a precommit for {valueId} at height {height} round {round}", nameof(precommits));
            }
            signatures.Add(new CommitSignature(vote.ValidatorIndex, vote.Signature));
        }
        return new CommitCertificate(height, round, valueId, signatures);
    }

    /// <summary>
    /// Checks the certificate against the validator set of its height: every signature is a valid
    /// precommit of a distinct validator, and together they hold more than 2/3 of the power.
    /// The first problem found is named.
    /// </summary>
    public CertificateCheck Verify(string chainId, ValidatorSet validators, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(verifier);
        long power = 0;
        var previousIndex = -1;
        foreach (var signature in _signatures)
        {
            if (signature.ValidatorIndex <= previousIndex)
            {
                return CertificateCheck.Fail($"validator {signature.ValidatorIndex} signs twice");
            }
            previousIndex = signature.ValidatorIndex;
            if (signature.ValidatorIndex >= validators.Count)
            {
                return CertificateCheck.Fail($"validator index {signature.ValidatorIndex} is not in the set of {validators.Count}");
            }
            var validator = validators[signature.ValidatorIndex];
            var signBytes = Vote.SignBytes(chainId, VoteType.Precommit, Height, Round, ValueId, signature.ValidatorIndex);
            if (!verifier.Verify(validator.PublicKey, signBytes, signature.Signature))
            {
                return CertificateCheck.Fail($"the precommit signature of validator {signature.ValidatorIndex} ({validator.MemberId}) does not verify");
            }
            power += validator.Power;
        }
        return validators.IsQuorum(power)
            ? CertificateCheck.Valid
            : CertificateCheck.Fail($"signers hold {power} of {validators.TotalPower} voting power; more than 2/3 ({validators.QuorumPower}) is needed");
    }

    public byte[] Encode(string chainId)
    {
        var writer = new CanonicalWriter(64 + (_signatures.Length * 80));
        WriteTo(writer, chainId);
        return writer.ToArray();
    }

    public void WriteTo(CanonicalWriter writer, string chainId)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(chainId);
        writer.WriteHeader(TypeTag.CommitCertificate, FormatVersion);
        writer.WriteString(chainId);
        writer.WriteUInt64((ulong)Height);
        writer.WriteUInt32((uint)Round);
        writer.WriteDigest(ValueId);
        writer.WriteList(_signatures, static (w, s) =>
        {
            w.WriteUInt32((uint)s.ValidatorIndex);
            w.WriteSignature(s.Signature);
        });
    }

    public static CommitCertificate Decode(ReadOnlySpan<byte> data, string expectedChainId)
    {
        var reader = new CanonicalReader(data);
        var certificate = ReadFrom(ref reader, expectedChainId);
        reader.RequireEnd();
        return certificate;
    }

    public static CommitCertificate ReadFrom(ref CanonicalReader reader, string expectedChainId)
    {
        reader.ReadHeader(TypeTag.CommitCertificate, FormatVersion);
        Vote.RequireChain(reader.ReadString(), expectedChainId);
        var height = Vote.ReadHeight(ref reader);
        var round = Vote.ReadRound(ref reader);
        var valueId = reader.ReadDigest();
        var signatures = reader.ReadList(static (ref CanonicalReader r) =>
        {
            var index = Vote.ReadIndex(ref r);
            return new CommitSignature(index, r.ReadSignature());
        }, minItemBytes: 4 + 1 + 4 + 1);
        for (var i = 1; i < signatures.Count; i++)
        {
            if (signatures[i].ValidatorIndex <= signatures[i - 1].ValidatorIndex)
            {
                throw new FormatException("commit signatures must be in strictly ascending validator order");
            }
        }
        return new CommitCertificate(height, round, valueId, signatures);
    }

    public override string ToString() => $"certificate h={Height} r={Round} {ValueId.ToHex()[..8]} signers={string.Join(",", _signatures.Select(s => s.ValidatorIndex))}";
}

/// <summary>The result of <see cref="CommitCertificate.Verify"/>: valid, or the reason it is not.</summary>
public sealed record CertificateCheck(bool IsValid, string? Error)
{
    public static readonly CertificateCheck Valid = new(true, null);

    public static CertificateCheck Fail(string error) => new(false, error);
}
