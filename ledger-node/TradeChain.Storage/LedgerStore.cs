using Microsoft.Extensions.Logging;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Storage.Index;
using TradeChain.Storage.Log;

namespace TradeChain.Storage;

/// <summary>
/// The ledger store: committed blocks in append-only, checksummed segment files, and in RocksDB
/// the indexes (height, block id, transaction id, event id), the trade contract's state and the
/// store's checkpoint, moved by one write batch per block. An append completes only when the
/// block is synced to disk and indexed: nobody is told a block is committed before that. Open
/// recovers from any crash: it finishes interrupted redactions, cuts a torn tail back to the last
/// whole block and replays into the indexes whatever they lack (all of it, if they are gone).
/// </summary>
public sealed class LedgerStore : IAsyncDisposable
{
    private readonly LedgerStoreOptions _options;
    private readonly ILogger _logger;
    private readonly SegmentFiles _files;
    private readonly SegmentReader _reader;
    private readonly IndexStore _index;
    private readonly Redactor _redactor;
    private readonly SegmentWriter _writer;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly PendingState _pending = new();

    // The chain as appends have accepted it (ahead of the committed tip while appends are in flight).
    private ChainTip? _accepted;

    // The chain as it is durable and indexed: what reads see.
    private ChainTip? _committed;
    private bool _disposed;

    private LedgerStore(LedgerStoreOptions options, SegmentFiles files, SegmentReader reader, IndexStore index, Redactor redactor, ChainTip? tip, LogPosition end, RecoveryReport report)
    {
        _options = options;
        _logger = options.Logger;
        _files = files;
        _reader = reader;
        _index = index;
        _redactor = redactor;
        _accepted = tip;
        _committed = tip;
        Recovery = report;
        _writer = new SegmentWriter(files, end, options.SegmentSizeBytes, options.MaxGroupCommitRecords, options.MaxPendingAppends, OnDurable, _logger);
    }

    /// <summary>What opening the store repaired.</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>The last committed (durable and indexed) block; null while the store is empty.</summary>
    public ChainTip? Tip => Volatile.Read(ref _committed);

    /// <summary>
    /// The chain head the next appended block must follow: its height + 1, its id as previous
    /// block id, its state root. Ahead of <see cref="Tip"/> while appends are in flight.
    /// </summary>
    public ChainTip? AcceptedTip
    {
        get
        {
            lock (_pending)
            {
                return _accepted;
            }
        }
    }

    public string DataDirectory => _options.DataDirectory;

    /// <summary>Opens (creating if needed) and recovers the store. Throws <see cref="StorageCorruptionException"/> when the log is damaged before its tail.</summary>
    public static LedgerStore Open(LedgerStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException($"ledger store options: {problem}", nameof(options));
        }
        Directory.CreateDirectory(options.SegmentsDirectory);
        var files = new SegmentFiles(options.SegmentsDirectory);
        var reader = new SegmentReader(files);
        var recovery = new StoreRecovery(options, files, reader);
        try
        {
            var (index, tip, end, report) = recovery.Run();
            return new LedgerStore(options, files, reader, index, recovery.Redactor!, tip, end, report);
        }
        catch
        {
            reader.Dispose();
            recovery.Index?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends a committed block. Checks it follows the accepted chain (height, previous id, chain
    /// id, suite, state root, time), verifies its contents (transactions root, batch signatures and
    /// roots), its certificate against the validator set the chain puts in force at its height
    /// (unless <see cref="LedgerStoreOptions.VerifyCertificates"/> is off) and its governance;
    /// executes the contract; then writes it. The
    /// task completes once the block is synced and indexed. Appends may overlap: they are accepted
    /// in call order and share fsyncs.
    /// </summary>
    public async Task<AppendResult> AppendAsync(Block block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(block);
        Task<RecordLocation> written;
        PreparedBlock prepared;
        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer.Fault is { } fault)
            {
                throw new IOException("the store's writer failed; reopen the store to recover", fault);
            }
            var accepted = AcceptedTip;
            if (ChainRules.CheckFollows(accepted, block, _options.VerifyCertificates) is { } problem)
            {
                throw new BlockRejectedException(block.Height, problem.ToString());
            }
            var previousRoot = accepted?.StateRoot ?? BlockExecutor.EmptyStateRoot(block.Suite);
            var execution = BlockExecutor.Execute(block, previousRoot, new PendingStateReader(_pending, _index));
            var next = ChainRules.Advance(accepted, block, execution.StateRoot);
            prepared = new PreparedBlock(block, execution, next);
            var payload = block.Encode();
            lock (_pending)
            {
                _pending.Add(block.Height, execution);
                _accepted = next;
            }
            // Enqueued inside the gate, so the log holds blocks in the order they were accepted.
            written = await _writer.EnqueueAsync(RecordKind.Block, payload, prepared, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _appendGate.Release();
        }
        await written.ConfigureAwait(false);
        return new AppendResult(
            block.Height,
            block.Id,
            prepared.Execution.NewEvents.Count,
            prepared.Execution.Duplicates.Select(d => d.EventId).ToArray(),
            prepared.RedactionOutcomes);
    }

    /// <summary>The committed block at <paramref name="height"/>, checksum-verified; null above the tip.</summary>
    public Block? ReadBlock(ulong height)
    {
        var location = _index.BlockLocation(height);
        if (location is null)
        {
            return null;
        }
        var block = _redactor.ReadBlock(location.Value);
        if (block.Height != height)
        {
            throw new StorageCorruptionException(_files.PathOf(location.Value.Segment), location.Value.Offset, $"the index says height {height}, the record holds block {block.Height}");
        }
        return block;
    }

    public Block? ReadBlock(Digest blockId) =>
        _index.HeightOf(blockId) is { } height ? ReadBlock(height) : null;

    public ulong? HeightOf(Digest blockId) => _index.HeightOf(blockId);

    public TransactionLocation? FindTransaction(Digest transactionId) => _index.FindTransaction(transactionId);

    /// <summary>The committed transaction with this id and where it is; null when unknown.</summary>
    public (Transaction Transaction, TransactionLocation Location)? ReadTransaction(Digest transactionId)
    {
        if (_index.FindTransaction(transactionId) is not { } location || ReadBlock(location.Height) is not { } block)
        {
            return null;
        }
        return (block.Transactions[location.TransactionIndex], location);
    }

    /// <summary>Where a committed event is (its first occurrence); null when unknown. Also the duplicate check before proposing.</summary>
    public EventLocation? FindEvent(Digest eventId) => _index.FindEvent(eventId);

    public bool ContainsEvent(Digest eventId) => _index.FindEvent(eventId) is not null;

    /// <summary>The proof that a committed event is on the ledger; null when unknown. A redacted event's proof says so.</summary>
    public LedgerEventProof? ProveEvent(Digest eventId)
    {
        if (_index.FindEvent(eventId) is not { } location || ReadBlock(location.Height) is not { } block)
        {
            return null;
        }
        var transaction = block.Transactions[location.TransactionIndex];
        var suite = block.Suite;
        var tree = Block.TransactionTree(suite, block.Transactions);
        return new LedgerEventProof(
            transaction.Batch.Prove(location.LeafIndex),
            transaction.Summary(suite),
            location.TransactionIndex,
            tree.Prove(location.TransactionIndex),
            block.Header,
            block.Certificate);
    }

    /// <summary>The committed contract state of a shipment reference; null when no event named it.</summary>
    public ShipmentState? GetShipment(ShipmentKey key) => _index.GetShipment(key);

    public async ValueTask DisposeAsync()
    {
        await _appendGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            await _writer.DisposeAsync().ConfigureAwait(false);
            // No index flush: its unsynced batches are in RocksDB's log, and what a power cut takes recovery replays.
            _index.Dispose();
            _reader.Dispose();
        }
        finally
        {
            _appendGate.Release();
        }
    }

    // Runs on the writer loop, in log order, after the group's fsync and before its appends complete.
    private void OnDurable(IReadOnlyList<DurableRecord> records)
    {
        foreach (var record in records)
        {
            var prepared = (PreparedBlock)record.State!;
            _index.Apply(IndexUpdates.For(prepared.Block, prepared.Execution, record.Location, prepared.Next));
            Volatile.Write(ref _committed, prepared.Next);
            lock (_pending)
            {
                _pending.Remove(prepared.Block.Height, prepared.Execution);
            }
            foreach (var redaction in prepared.Execution.Redactions)
            {
                var outcome = _redactor.Redact(redaction.EventId);
                prepared.RedactionOutcomes.Add(outcome);
                _logger.LogInformation("redaction of event {EventId} ordered at height {Height}: {Detail}", redaction.EventId, prepared.Block.Height, outcome.Detail);
            }
        }
    }

    private sealed record PreparedBlock(Block Block, BlockExecution Execution, ChainTip Next)
    {
        public List<RedactionOutcome> RedactionOutcomes { get; } = [];
    }
}

/// <summary>Builds one block's index batch: the same for appends and for recovery's replay.</summary>
internal static class IndexUpdates
{
    public static BlockIndexUpdate For(Block block, BlockExecution execution, RecordLocation location, ChainTip next)
    {
        var suite = block.Suite;
        return new BlockIndexUpdate(
            block.Height,
            block.Id,
            location,
            block.Transactions.Select(t => t.ComputeId(suite)).ToArray(),
            execution.NewEvents.Select(e => (e.EventId, new EventLocation(block.Height, e.TransactionIndex, e.LeafIndex))).ToArray(),
            execution.Writes,
            next.Membership,
            new StoreCheckpoint(block.Height, block.Id, next.StateRoot, location.End));
    }
}

/// <summary>
/// Contract state written by accepted blocks that are not yet indexed, so the next block executes
/// against them. Entries leave once their block's index batch is written. Callers lock it.
/// </summary>
internal sealed class PendingState
{
    private readonly Dictionary<ShipmentKey, (ShipmentState State, ulong Height)> _shipments = [];
    private readonly Dictionary<Digest, ulong> _events = [];

    public void Add(ulong height, BlockExecution execution)
    {
        foreach (var (key, state) in execution.Writes)
        {
            _shipments[key] = (state, height);
        }
        foreach (var placement in execution.NewEvents)
        {
            _events[placement.EventId] = height;
        }
    }

    public void Remove(ulong height, BlockExecution execution)
    {
        // Only entries this block wrote last: a later pending block's write must stay visible.
        foreach (var (key, _) in execution.Writes)
        {
            if (_shipments.TryGetValue(key, out var entry) && entry.Height == height)
            {
                _shipments.Remove(key);
            }
        }
        foreach (var placement in execution.NewEvents)
        {
            _events.Remove(placement.EventId);
        }
    }

    public bool TryGetShipment(ShipmentKey key, out ShipmentState? state)
    {
        var found = _shipments.TryGetValue(key, out var entry);
        state = found ? entry.State : null;
        return found;
    }

    public bool ContainsEvent(Digest eventId) => _events.ContainsKey(eventId);
}

/// <summary>Reads contract state through the pending writes to the index.</summary>
internal sealed class PendingStateReader(PendingState pending, IndexStore index) : IContractStateReader
{
    public ShipmentState? GetShipment(ShipmentKey key)
    {
        lock (pending)
        {
            if (pending.TryGetShipment(key, out var state))
            {
                return state;
            }
        }
        return index.GetShipment(key);
    }

    public bool ContainsEvent(Digest eventId)
    {
        lock (pending)
        {
            if (pending.ContainsEvent(eventId))
            {
                return true;
            }
        }
        return index.FindEvent(eventId) is not null;
    }
}
