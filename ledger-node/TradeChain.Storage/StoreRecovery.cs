using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using TradeChain.Contract;
using TradeChain.Ledger;
using TradeChain.Primitives.Encoding;
using TradeChain.Storage.Index;
using TradeChain.Storage.Log;

namespace TradeChain.Storage;

/// <summary>
/// Brings a store back to a consistent state on open, in this order: finish interrupted
/// redactions; check that the index's checkpoint still names an intact record (else the indexes
/// are discarded and rebuilt); chase the log from the checkpoint, replaying each whole block into
/// the indexes under the same rules as an append; cut the log at the first torn or corrupt
/// record of the last segment. Corruption anywhere else is not a crash artefact and is reported,
/// never repaired by deleting committed blocks.
/// </summary>
internal sealed class StoreRecovery(LedgerStoreOptions options, SegmentFiles files, SegmentReader reader)
{
    private readonly ILogger _logger = options.Logger;

    public IndexStore? Index { get; private set; }

    public Redactor? Redactor { get; private set; }

    public (IndexStore Index, ChainTip? Tip, LogPosition End, RecoveryReport Report) Run()
    {
        var clock = Stopwatch.StartNew();
        var patcher = new SegmentPatcher(files);
        OpenIndex(patcher);
        if (files.List().Count == 0)
        {
            files.Create(1).Dispose();
        }
        var redactionsFinished = Redactor!.FinishPending();

        string? rebuiltBecause = null;
        var checkpoint = Index!.ReadCheckpoint();
        ChainTip? tip = null;
        if (checkpoint is null)
        {
            if (Index.BlockLocation(0) is not null)
            {
                rebuiltBecause = "the index has blocks but no checkpoint";
            }
            else if (HasAnyRecord())
            {
                rebuiltBecause = "the index is missing";
            }
        }
        else if (CheckpointProblem(checkpoint) is { } problem)
        {
            rebuiltBecause = problem;
            checkpoint = null;
        }
        else
        {
            var head = ReadBlockAt(checkpoint.Height).Header;
            var membership = Index.ReadMembership()
                ?? throw new StorageCorruptionException(Index.Directory, 0, "the index has a checkpoint but no chain membership");
            if (membership.NextHeight != checkpoint.Height + 1)
            {
                throw new StorageCorruptionException(Index.Directory, 0, $"the index's membership is for height {membership.NextHeight}, its checkpoint at {checkpoint.Height}");
            }
            tip = new ChainTip(checkpoint.Height, checkpoint.BlockId, head.TimestampMs, checkpoint.StateRoot, head.Suite, membership);
        }
        if (rebuiltBecause is not null)
        {
            _logger.LogWarning("ledger indexes will be rebuilt from the block log: {Reason}", rebuiltBecause);
            Index.Dispose();
            IndexStore.Destroy(options.IndexDirectory);
            OpenIndex(patcher);
        }

        var start = checkpoint?.Next ?? new LogPosition(1, 0);
        var end = new StrongBox<ChaseEnd>();
        var replayed = 0;
        var redactionsReapplied = 0;
        foreach (var record in new SegmentChaser(files).Chase(start, end))
        {
            var block = DecodeReplayed(record);
            if (ChainRules.CheckFollows(tip, block, verifyCertificate: false) is { } problem)
            {
                throw new StorageCorruptionException(files.PathOf(record.Location.Segment), record.Location.Offset, $"block {block.Height} in the log does not follow the chain: {problem}");
            }
            var execution = BlockExecutor.Execute(block, tip?.StateRoot ?? BlockExecutor.EmptyStateRoot(block.Suite), new PendingStateReader(new PendingState(), Index));
            ChainTip next;
            try
            {
                next = ChainRules.Advance(tip, block, execution.StateRoot);
            }
            catch (BlockRejectedException e)
            {
                throw new StorageCorruptionException(files.PathOf(record.Location.Segment), record.Location.Offset, $"block {block.Height} in the log does not follow the chain: {e.Reason}");
            }
            Index.Apply(IndexUpdates.For(block, execution, record.Location, next));
            tip = next;
            replayed++;
            foreach (var redaction in execution.Redactions)
            {
                if (Redactor.Redact(redaction.EventId).Applied)
                {
                    redactionsReapplied++;
                }
            }
        }

        var (logEnd, truncated) = CutTail(end.Value!);
        var report = new RecoveryReport(tip?.Height, replayed, truncated, rebuiltBecause, redactionsFinished, redactionsReapplied, logEnd, clock.Elapsed);
        if (report.IsClean)
        {
            _logger.LogInformation("ledger store opened cleanly: {Report}", report);
        }
        else
        {
            _logger.LogWarning("ledger store recovered: {Report}", report);
        }
        return (Index, tip, logEnd, report);
    }

    private void OpenIndex(SegmentPatcher patcher)
    {
        Index = IndexStore.Open(options.IndexDirectory);
        Redactor = new Redactor(files, reader, patcher, Index, _logger);
    }

    /// <summary>Null when the checkpoint's block is indexed, whole and where the checkpoint says; else why not.</summary>
    private string? CheckpointProblem(StoreCheckpoint checkpoint)
    {
        if (Index!.BlockLocation(checkpoint.Height) is not { } location)
        {
            return $"the checkpoint names block {checkpoint.Height}, which the index cannot locate";
        }
        if (location.End != checkpoint.Next)
        {
            return $"the checkpoint's log position {checkpoint.Next} is not the end of block {checkpoint.Height}'s record ({location.End})";
        }
        try
        {
            var block = Redactor!.ReadBlock(location);
            if (!block.Id.Equals(checkpoint.BlockId))
            {
                return $"the record at {location} holds block {block.Id}, the checkpoint names {checkpoint.BlockId}";
            }
        }
        catch (Exception e) when (e is StorageCorruptionException or IOException)
        {
            // The index ran ahead of the log (a torn or lost tail): its last blocks are gone.
            return $"the last indexed block {checkpoint.Height} is no longer in the log: {e.Message}";
        }
        return null;
    }

    private Block ReadBlockAt(ulong height) =>
        Redactor!.ReadBlock(Index!.BlockLocation(height) ?? throw new InvalidOperationException($"block {height} is not indexed"));

    private bool HasAnyRecord()
    {
        var end = new StrongBox<ChaseEnd>();
        return new SegmentChaser(files).Chase(new LogPosition(1, 0), end).Any();
    }

    private Block DecodeReplayed(ChasedRecord record)
    {
        try
        {
            return Block.Decode(record.Payload);
        }
        catch (CanonicalFormatException e)
        {
            throw new StorageCorruptionException(files.PathOf(record.Location.Segment), record.Location.Offset, $"record passes its checksum but is not a block: {e.Message}");
        }
    }

    /// <summary>Cuts a torn tail; refuses to touch damage before the last segment.</summary>
    private (LogPosition End, TruncatedTail? Truncated) CutTail(ChaseEnd end)
    {
        if (end.IsClean)
        {
            return (end.Position, null);
        }
        var segments = files.List();
        var last = segments[^1];
        if (end.Position.Segment != last)
        {
            // A segment is synced before the next is created, so only the last can hold a torn write.
            throw new StorageCorruptionException(end.File, end.Position.Offset, $"{end.Problem} (segment {end.Position.Segment} is not the last, {last}; this is damage, not a torn write: restore the segment from a peer)");
        }
        var truncator = new SegmentTruncator(files);
        if (end.Position.Offset < SegmentHeader.Size)
        {
            // The crash came while the segment was being created: drop it, or recreate the first one.
            var size = new FileInfo(end.File).Length;
            File.Delete(end.File);
            files.SyncDirectory();
            if (last == 1)
            {
                files.Create(1).Dispose();
                return (new LogPosition(1, SegmentHeader.Size), new TruncatedTail(end.File, 0, size, end.Problem!));
            }
            using var previous = files.OpenForRead(last - 1);
            var previousEnd = new LogPosition(last - 1, previous.Length);
            _logger.LogWarning("deleted segment {File} with a torn header: {Problem}", end.File, end.Problem);
            return (previousEnd, new TruncatedTail(end.File, 0, size, end.Problem!));
        }
        var removed = truncator.TruncateTo(end.Position);
        reader.Reset();
        _logger.LogWarning("cut a torn tail of {Bytes} bytes from {File} at offset {Offset}: {Problem}", removed, end.File, end.Position.Offset, end.Problem);
        return (end.Position, new TruncatedTail(end.File, end.Position.Offset, removed, end.Problem!));
    }
}
