using TradeChain.Crypto;
using TradeChain.Consensus;
using TradeChain.Primitives.Merkle;
using TradeChain.Trade.Batches;

namespace TradeChain.Ledger;

/// <summary>
/// The whole chain of evidence for one event: event → signed batch (<see cref="Event"/>), batch
/// → transaction id (<see cref="Transaction"/> holds the batch commitment), transaction → block
/// (<see cref="TransactionPath"/> to the header's transactions root), block → commit certificate.
/// A redacted event's proof has no event bytes; its leaf hash stands in and it still verifies.
/// </summary>
public sealed record LedgerEventProof(
    EventProof Event,
    TransactionSummary Transaction,
    int TransactionIndex,
    MerkleProof TransactionPath,
    BlockHeader Block,
    CommitCertificate? Certificate)
{
    public bool IsRedacted => Event.IsRedacted;

    /// <summary>
    /// Every step; the certificate's signatures only when the validator set of the block's height
    /// is given (it comes from the chain or the genesis, never from the proof). Empty when all steps hold.
    /// </summary>
    public IReadOnlyList<string> Verify(ValidatorSet? validators = null)
    {
        var problems = new List<string>();
        var report = EventProofVerifier.Verify(Event);
        if (report.FirstFailure is { } failure)
        {
            problems.Add($"event in batch: {failure.Name}: {failure.Detail}");
        }
        var suite = CryptoSuites.Get(Block.Suite);
        var commitment = Batches.LedgerBatch.ComputeCommitment(suite, Event.Header, Event.SignerKey, Event.Signature);
        if (!commitment.Equals(Transaction.DataCommitment))
        {
            problems.Add($"the transaction commits to batch {Transaction.DataCommitment}, the proof's batch is {commitment}");
        }
        var transactionId = Transaction.ComputeId(suite);
        if (TransactionPath.LeafIndex != TransactionIndex
            || !MerkleTree.Verify(suite, MerkleTree.LeafHash(suite, transactionId.Bytes), TransactionPath, Block.TransactionsRoot))
        {
            problems.Add($"transaction {transactionId} is not at index {TransactionIndex} under the block's transactions root {Block.TransactionsRoot}");
        }
        if (Certificate is null)
        {
            if (Block.Height != 0)
            {
                problems.Add($"block {Block.Height} has no commit certificate");
            }
        }
        else if (Certificate.Height != (long)Block.Height || !Certificate.ValueId.Equals(Block.Id))
        {
            problems.Add($"certificate commits height {Certificate.Height} block {Certificate.ValueId}, not this block {Block.Id}");
        }
        else if (validators is not null && Certificate.Verify(Block.ChainId, validators, new SuiteSignatureVerifier(suite)) is { IsValid: false } check)
        {
            problems.Add($"certificate: {check.Error}");
        }
        return problems;
    }
}
