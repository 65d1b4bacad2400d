namespace TradeChain.Primitives.Encoding;

/// <summary>
/// The first two bytes of every top-level encoded structure. Domain separation: a signature over
/// one kind of structure can never be replayed as a signature over another. Values are on-ledger:
/// never renumber, only add.
/// </summary>
public enum TypeTag : ushort
{
    TradeEvent = 0x0101,
    EventIdInput = 0x0102,
    BatchHeader = 0x0103,
    EventBatch = 0x0104,
    SensitiveDetails = 0x0105,

    Transaction = 0x0201,
    BlockHeader = 0x0202,
    Block = 0x0203,
    CommitCertificate = 0x0204,

    Proposal = 0x0301,
    Vote = 0x0302,

    Governance = 0x0401,
    Genesis = 0x0402,
    GovernanceProposal = 0x0403,
    SignedGovernance = 0x0404,

    /// <summary>A member key's signature binding a node's TLS transport key to the member (peer authentication).</summary>
    TransportBinding = 0x0501,

    /// <summary>What a member's API claims about its audit log's head (signed by the member key).</summary>
    AuditAnchor = 0x0601,
    /// <summary>An <see cref="AuditAnchor"/> claim with the member's signature: the data of an audit-anchor transaction.</summary>
    SignedAuditAnchor = 0x0602,
}
