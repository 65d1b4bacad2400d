using System.Collections.Frozen;

namespace TradeChain.Ledger;

/// <summary>One data element: the explorer API's field name and the standard's data identifier.</summary>
/// <param name="Identifier">"GG_NNN": GG is the data category, NNN the element's place in it.</param>
/// <param name="ExplorerName">The camelCase name the explorer API and JSON exports use.</param>
/// <param name="StandardName">The element's name in the standard (Chinese), for auditors reading both.</param>
public sealed record DataElement(string Identifier, string ExplorerName, string StandardName, string Description);

/// <summary>
/// The mapping between explorer names and the data identifiers of the government blockchain
/// platform data format (CBD-Forum-001-2017), kept in one table for the API.
/// </summary>
/// <remarks>
/// The standard's text was not available when this table was written; the identifiers are
/// derived from its structure as published (data categories in chapter order: 01 account,
/// 02 block, 03 transaction, 04 entity, 05 contract, 06 configuration) and from the field order
/// the design lists for each category, anchored by the two identifiers the project brief quotes
/// (02_001 block height, 06_005 peer public key). Check against the standard before an audit
/// relies on an identifier. Fields TradeChain adds (state root, proposer, certificate, suite)
/// have no standard identifier and are listed under <see cref="Extensions"/>.
/// </remarks>
public static class DataIdentifiers
{
    public static IReadOnlyList<DataElement> All { get; } =
    [
        // 02 block data
        new("02_001", "height", "区块高度", "Block height, genesis = 0."),
        new("02_002", "blockId", "区块哈希", "Block id: digest of the canonical block header."),
        new("02_003", "version", "版本号", "Protocol version of the block."),
        new("02_004", "previousBlockId", "前一区块哈希", "Digest of the previous block's header."),
        new("02_005", "transactionsRoot", "交易默克尔根", "Merkle root over the block's transaction ids."),
        new("02_006", "timestampMs", "时间戳", "Block time, Unix milliseconds."),
        new("02_007", "transactions", "交易列表", "The block's transactions, in order."),

        // 03 transaction data
        new("03_001", "transactionId", "交易标识", "Transaction id: digest of the transaction summary."),
        new("03_002", "type", "交易类型", "eventBatch, governance or configuration."),
        new("03_003", "signers", "签名者", "Members authorising the transaction."),
        new("03_004", "timestampMs", "时间戳", "Transaction time, Unix milliseconds."),
        new("03_005", "sender", "发送方", "Submitting member."),
        new("03_006", "recipient", "接收方", "Addressee."),
        new("03_007", "data", "数据", "Payload: event batch, governance action or configuration."),
        new("03_008", "memo", "备注", "Free-text note."),

        // 06 configuration data
        new("06_001", "protocolVersion", "协议版本", "Protocol version the network runs."),
        new("06_002", "softwareVersion", "软件版本", "Node software version."),
        new("06_003", "peerId", "节点标识", "Peer (validator) id."),
        new("06_004", "address", "节点地址", "Peer network address."),
        new("06_005", "peerPublicKey", "节点公钥", "Peer public key (algorithm-qualified SPKI)."),
    ];

    /// <summary>TradeChain's fields beyond the standard: explorer name → description.</summary>
    public static IReadOnlyDictionary<string, string> Extensions { get; } = new Dictionary<string, string>
    {
        ["suite"] = "Crypto suite of the chain (sm or intl), fixed in the genesis block.",
        ["stateRoot"] = "Contract state root after every earlier block.",
        ["proposerId"] = "Validator that proposed the block.",
        ["certificate"] = "Commit certificate: 2f+1 validator precommit signatures.",
        ["dataForm"] = "whole, or redactedBatch once an event in the batch was redacted.",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, DataElement> ByIdentifier = All.ToFrozenDictionary(e => e.Identifier);

    /// <summary>The element with standard identifier <paramref name="identifier"/> ("02_001"); null if the table has none.</summary>
    public static DataElement? Find(string identifier) => ByIdentifier.GetValueOrDefault(identifier);

    /// <summary>The elements an explorer name maps to (a name such as timestampMs is used by several categories).</summary>
    public static IReadOnlyList<DataElement> ForExplorerName(string explorerName) =>
        All.Where(e => e.ExplorerName == explorerName).ToArray();
}
