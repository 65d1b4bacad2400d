namespace TradeChain.Ledger.Certificates;

/// <summary>
/// Checks that a certificate commits a block under the validator set in force. Pluggable so the
/// node host can use the consensus core's own vote encoding; <see cref="QuorumCommitVerifier"/>
/// is the ledger's implementation.
/// </summary>
public interface ICommitVerifier
{
    /// <summary>Null when <paramref name="certificate"/> commits <paramref name="header"/>, else the reason it does not.</summary>
    string? Verify(BlockHeader header, CommitCertificate certificate, ValidatorSet validators);
}
