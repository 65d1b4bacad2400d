using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger.Certificates;

/// <summary>
/// Accepts a certificate that holds valid precommit signatures of at least a quorum (2f+1 of
/// n = 3f+1) of distinct validators for the block's height and id. What a precommit signature
/// signs is given by <see cref="VoteMessage"/>; by default <see cref="PrecommitMessage"/>, which
/// the consensus core must produce byte for byte, or it passes its own encoder.
/// </summary>
public sealed class QuorumCommitVerifier : ICommitVerifier
{
    /// <summary>
    /// The bytes validator <paramref name="validatorIndex"/> signs to precommit (height, round,
    /// block id). The consensus core's encoding also binds the chain id: close over it, e.g.
    /// <c>(h, r, id, i) =&gt; Vote.SignBytes(chainId, VoteType.Precommit, (long)h, (int)r, id, i)</c>.
    /// </summary>
    public delegate byte[] VoteMessage(ulong height, uint round, Digest blockId, int validatorIndex);

    private readonly VoteMessage _voteMessage;

    public QuorumCommitVerifier(VoteMessage? voteMessage = null)
    {
        _voteMessage = voteMessage ?? PrecommitMessage;
    }

    /// <summary>Precommit vote type byte in <see cref="PrecommitMessage"/> (prevotes are 1).</summary>
    public const byte PrecommitVoteType = 2;

    public const byte VoteFormatVersion = 1;

    /// <summary>header(Vote, 1); vote type u8 (2 = precommit); height u64; round u32; block id; validator index u32.</summary>
    public static byte[] PrecommitMessage(ulong height, uint round, Digest blockId, int validatorIndex)
    {
        ArgumentNullException.ThrowIfNull(blockId);
        var writer = new CanonicalWriter(64);
        writer.WriteHeader(TypeTag.Vote, VoteFormatVersion);
        writer.WriteByte(PrecommitVoteType);
        writer.WriteUInt64(height);
        writer.WriteUInt32(round);
        writer.WriteDigest(blockId);
        writer.WriteUInt32((uint)validatorIndex);
        return writer.ToArray();
    }

    public string? Verify(BlockHeader header, CommitCertificate certificate, ValidatorSet validators)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(validators);
        if (certificate.Height != header.Height)
        {
            return $"certificate is for height {certificate.Height}, block is at height {header.Height}";
        }
        if (!certificate.BlockId.Equals(header.Id))
        {
            return $"certificate commits block {certificate.BlockId}, this block is {header.Id}";
        }
        if (certificate.Signatures.Count < validators.QuorumSize)
        {
            return $"certificate has {certificate.Signatures.Count} signatures, a quorum of {validators.Count} validators is {validators.QuorumSize}";
        }
        foreach (var signature in certificate.Signatures)
        {
            // Indexes are unique and ascending by construction of the certificate.
            if (signature.ValidatorIndex >= validators.Count)
            {
                return $"signature from validator index {signature.ValidatorIndex}, the set has {validators.Count} validators";
            }
            var message = _voteMessage(certificate.Height, certificate.Round, certificate.BlockId, signature.ValidatorIndex);
            if (!CryptoSuites.Verify(validators.KeyOf(signature.ValidatorIndex), message, signature.Signature))
            {
                return $"precommit signature of validator {signature.ValidatorIndex} ('{validators.Validators[signature.ValidatorIndex].PeerId}') does not verify";
            }
        }
        return null;
    }
}
