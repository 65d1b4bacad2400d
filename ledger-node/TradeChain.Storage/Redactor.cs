using Microsoft.Extensions.Logging;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Primitives.Encoding;
using TradeChain.Storage.Index;
using TradeChain.Storage.Log;

namespace TradeChain.Storage;

/// <summary>
/// Carries out redactions: rewrites the record of the block that holds the event, in place and
/// the same size, with the event's bytes replaced by its id, leaf hash and contract fact (the
/// transaction id, the block id and every root are unchanged, so the chain still verifies). The
/// new record is first stored durably as an intent in the index; recovery finishes an intent a
/// crash interrupted. Reads of blocks go through here too, so no reader sees a half-written record.
/// </summary>
internal sealed class Redactor(SegmentFiles files, SegmentReader reader, SegmentPatcher patcher, IndexStore index, ILogger logger)
{
    private readonly ReaderWriterLockSlim _rewriteLock = new();

    public Block ReadBlock(RecordLocation location)
    {
        byte[] payload;
        _rewriteLock.EnterReadLock();
        try
        {
            payload = reader.Read(location, RecordKind.Block);
        }
        finally
        {
            _rewriteLock.ExitReadLock();
        }
        try
        {
            return Block.Decode(payload);
        }
        catch (CanonicalFormatException e)
        {
            throw new StorageCorruptionException(files.PathOf(location.Segment), location.Offset, $"record passes its checksum but is not a block: {e.Message}");
        }
    }

    /// <summary>Finishes redactions whose rewrite a crash interrupted. Returns how many.</summary>
    public int FinishPending()
    {
        var pending = index.PendingRedactions();
        foreach (var (location, record) in pending)
        {
            patcher.Rewrite(location, record);
            index.DeletePendingRedaction(location);
            logger.LogWarning("finished an interrupted redaction of the record at {Location}", location);
        }
        return pending.Count;
    }

    public RedactionOutcome Redact(Digest eventId)
    {
        if (index.FindEvent(eventId) is not { } eventLocation)
        {
            return new RedactionOutcome(eventId, false, "no committed event has this id; nothing to redact");
        }
        var location = index.BlockLocation(eventLocation.Height)
            ?? throw new InvalidOperationException($"event {eventId} is indexed at height {eventLocation.Height}, which has no block location");
        var block = ReadBlock(location);
        var transaction = block.Transactions[eventLocation.TransactionIndex];
        var batch = transaction.Batch;
        var leaf = batch.Leaves[eventLocation.LeafIndex];
        if (leaf.IsRedacted)
        {
            return new RedactionOutcome(eventId, false, "already redacted");
        }
        var suite = block.Suite;
        var fact = ContractFact.From(leaf.Event!).Encode();
        var redactedTransaction = transaction.WithRedactedBatch(batch.Redact(eventLocation.LeafIndex, fact));
        // The whole point: ids and roots do not move.
        if (!redactedTransaction.ComputeId(suite).Equals(transaction.ComputeId(suite)))
        {
            throw new InvalidOperationException($"redacting event {eventId} would change transaction {transaction.ComputeId(suite)}");
        }
        var redactedBlock = block.WithTransaction(eventLocation.TransactionIndex, redactedTransaction);
        var payload = redactedBlock.Encode();
        var slack = location.RecordBytes - RecordHeader.Size - payload.Length;
        if (slack < 0)
        {
            return new RedactionOutcome(eventId, false, $"the redacted block is {-slack} bytes longer than the stored record; an event this small cannot be redacted in place");
        }
        var record = RecordHeader.BuildRecord(RecordKind.Block, payload, slack);
        index.PutPendingRedaction(location, record);
        _rewriteLock.EnterWriteLock();
        try
        {
            patcher.Rewrite(location, record);
        }
        finally
        {
            _rewriteLock.ExitWriteLock();
        }
        index.DeletePendingRedaction(location);
        return new RedactionOutcome(eventId, true, $"event bytes removed from block {block.Height} transaction {eventLocation.TransactionIndex} leaf {eventLocation.LeafIndex}; its leaf hash and contract fact remain");
    }
}
