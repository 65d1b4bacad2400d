namespace TradeChain.Ledger;

/// <summary>What a transaction's data is. One byte in the canonical encoding: never renumber.</summary>
public enum TransactionType : byte
{
    /// <summary>Data is a member's signed <see cref="Trade.Batches.EventBatch"/>.</summary>
    EventBatch = 1,

    /// <summary>Data is a <see cref="Governance.GovernanceAction"/>: membership, key rotation, parameter change, redaction.</summary>
    Governance = 2,

    /// <summary>Data is a <see cref="NetworkConfiguration"/>: the validator set and protocol versions in force from the next block.</summary>
    Configuration = 3,

    /// <summary>Data is a member-signed <see cref="Audit.SignedAuditAnchor"/>: an API's audit-log head, so later tampering with the log shows. The trade contract ignores it.</summary>
    AuditAnchor = 4,
}

/// <summary>
/// How a transaction's data is held. An event batch starts <see cref="Whole"/>; redaction turns it
/// into <see cref="RedactedBatch"/>, which keeps every leaf hash so the transaction id, the block's
/// Merkle root and the batch signature still verify. One byte in the stored encoding: never renumber.
/// </summary>
public enum DataForm : byte
{
    Whole = 1,
    RedactedBatch = 2,
}
