using TradeChain.Crypto;
using TradeChain.Ledger.Certificates;
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
    /// Every step except the certificate's signatures (those need the validator set; pass an
    /// <see cref="ICommitVerifier"/> and the set to check them too). Empty when all steps hold.
    /// </summary>
    public IReadOnlyList<string> Verify(ICommitVerifier? commitVerifier = null, ValidatorSet? validators = null)
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
        else if (Certificate.Height != Block.Height || !Certificate.BlockId.Equals(Block.Id))
        {
            problems.Add($"certificate commits height {Certificate.Height} block {Certificate.BlockId}, not this block {Block.Id}");
        }
        else if (commitVerifier is not null && validators is not null && commitVerifier.Verify(Block, Certificate, validators) is { } certificateProblem)
        {
            problems.Add($"certificate: {certificateProblem}");
        }
        return problems;
    }
}
