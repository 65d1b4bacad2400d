using TradeChain.Trade.Batches;

namespace TradeChain.Ledger;

/// <summary>
/// Bounds on everything a block or transaction may hold. Decoding rejects anything past them
/// before allocating, so a hostile peer cannot make a node allocate gigabytes from a few bytes.
/// </summary>
public static class LedgerLimits
{
    /// <summary>Member, validator and peer ids are short organisation codes (as <see cref="BatchHeader.MaxMemberIdChars"/>).</summary>
    public const int MaxIdChars = BatchHeader.MaxMemberIdChars;

    /// <summary>A transaction names the members that authorise it; a consortium has tens of members, never thousands.</summary>
    public const int MaxSigners = 64;

    /// <summary>A memo is a human note ("replay of feed outage 2026-03-01"), not a payload.</summary>
    public const int MaxMemoChars = 1024;

    /// <summary>An event batch is the largest payload (4 MiB); governance and configuration payloads are far smaller.</summary>
    public const int MaxTransactionDataBytes = EventBatch.MaxEncodedBytes;

    /// <summary>Governance and configuration payloads: a validator list with keys and addresses fits well within 64 KiB.</summary>
    public const int MaxControlDataBytes = 64 * 1024;

    /// <summary>
    /// Transactions per block. With 4 MiB batches a block is bounded by <see cref="MaxBlockBytes"/>
    /// first; the count bound keeps the Merkle tree and index batch of one block small.
    /// </summary>
    public const int MaxTransactionsPerBlock = 4096;

    /// <summary>A block must fit one storage record and one peer message: 16 batches of the largest size.</summary>
    public const int MaxBlockBytes = 16 * EventBatch.MaxEncodedBytes;

    /// <summary>n = 3f+1 validators; BFT vote traffic grows with n², so consortia stay well below 256.</summary>
    public const int MaxValidators = 256;

    /// <summary>Member organisations of one network: customs, ports, airports, bureaus and their enterprises; thousands at most.</summary>
    public const int MaxMembers = 1024;

    /// <summary>Addresses are "host:port" or a URL.</summary>
    public const int MaxAddressChars = 256;

    /// <summary>Free text in governance actions (a redaction's legal reason, a parameter value).</summary>
    public const int MaxReasonChars = 1024;
}
