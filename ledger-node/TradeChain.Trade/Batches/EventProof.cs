using TradeChain.Crypto;
using TradeChain.Primitives.Merkle;

namespace TradeChain.Trade.Batches;

/// <summary>
/// Everything needed to show, offline, that one event is in a member's signed batch: the event's
/// canonical bytes (absent once redacted: the leaf hash stands in), its Merkle path, and the
/// signed batch header with the signer's key.
/// </summary>
public sealed record EventProof(
    ReadOnlyMemory<byte>? EncodedEvent,
    Digest LeafHash,
    MerkleProof Path,
    BatchHeader Header,
    Signature Signature,
    PublicKey SignerKey)
{
    public bool IsRedacted => EncodedEvent is null;
}
