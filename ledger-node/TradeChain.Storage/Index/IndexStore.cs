using RocksDbSharp;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Governance;
using TradeChain.Storage.Log;

namespace TradeChain.Storage.Index;

/// <summary>The index and state changes of one block, written as one RocksDB batch.</summary>
public sealed record BlockIndexUpdate(
    ulong Height,
    Digest BlockId,
    RecordLocation Location,
    IReadOnlyList<Digest> TransactionIds,
    IReadOnlyList<(Digest EventId, EventLocation Location)> Events,
    IReadOnlyList<KeyValuePair<ShipmentKey, ShipmentState>> Shipments,
    ChainMembership Membership,
    StoreCheckpoint Checkpoint);

/// <summary>
/// The RocksDB side of the store: block, transaction and event indexes, contract state, the
/// store checkpoint and pending redactions. Everything derivable from the log: the directory
/// can be deleted and recovery rebuilds it. Per-block batches are written without fsync
/// (the log is the durable truth and recovery replays what a power cut loses); redaction
/// intents are written with fsync, because they guard a rewrite of the log itself.
/// </summary>
public sealed class IndexStore : IDisposable
{
    private readonly RocksDb _db;
    private readonly WriteOptions _fast = new WriteOptions().SetSync(false);
    private readonly WriteOptions _durable = new WriteOptions().SetSync(true);

    private IndexStore(RocksDb db, string directory)
    {
        _db = db;
        Directory = directory;
    }

    public string Directory { get; }

    public static IndexStore Open(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            // Small logs and memtables: the index is a few hundred bytes per block and event.
            .SetMaxLogFileSize(16 * 1024 * 1024)
            .SetKeepLogFileNum(2);
        return new IndexStore(RocksDb.Open(options, directory), directory);
    }

    /// <summary>Deletes the index directory (after disposing the store): the next open rebuilds it from the log.</summary>
    public static void Destroy(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    public StoreCheckpoint? ReadCheckpoint() =>
        _db.Get(IndexKeys.CheckpointKey()) is { } bytes ? StoreCheckpoint.Parse(bytes) : null;

    public RecordLocation? BlockLocation(ulong height) =>
        _db.Get(IndexKeys.Height(IndexKeys.BlockByHeight, height)) is { } bytes ? RecordLocation.Parse(bytes) : null;

    public ulong? HeightOf(Digest blockId) =>
        _db.Get(IndexKeys.ForDigest(IndexKeys.HeightByBlockId, blockId)) is { } bytes ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) : null;

    public TransactionLocation? FindTransaction(Digest transactionId) =>
        _db.Get(IndexKeys.ForDigest(IndexKeys.TransactionById, transactionId)) is { } bytes ? IndexKeys.ParseTransaction(bytes) : null;

    public EventLocation? FindEvent(Digest eventId) =>
        _db.Get(IndexKeys.ForDigest(IndexKeys.EventById, eventId)) is { } bytes ? IndexKeys.ParseEvent(bytes) : null;

    /// <summary>The membership after the last indexed block (members, keys, validator schedule for the next block).</summary>
    public ChainMembership? ReadMembership() =>
        _db.Get(IndexKeys.ConfigurationKey()) is { } bytes ? ChainMembership.Decode(bytes) : null;

    public ShipmentState? GetShipment(ShipmentKey key) =>
        _db.Get(IndexKeys.ForShipment(key)) is { } bytes ? ShipmentState.Decode(bytes) : null;

    public void Apply(BlockIndexUpdate update)
    {
        using var batch = new WriteBatch();
        batch.Put(IndexKeys.Height(IndexKeys.BlockByHeight, update.Height), update.Location.ToBytes());
        batch.Put(IndexKeys.ForDigest(IndexKeys.HeightByBlockId, update.BlockId), IndexKeys.HeightValue(update.Height));
        for (var i = 0; i < update.TransactionIds.Count; i++)
        {
            batch.Put(IndexKeys.ForDigest(IndexKeys.TransactionById, update.TransactionIds[i]), IndexKeys.TransactionValue(new TransactionLocation(update.Height, i)));
        }
        foreach (var (eventId, location) in update.Events)
        {
            batch.Put(IndexKeys.ForDigest(IndexKeys.EventById, eventId), IndexKeys.EventValue(location));
        }
        foreach (var (key, state) in update.Shipments)
        {
            batch.Put(IndexKeys.ForShipment(key), state.Encode());
        }
        // Every block moves the validator schedule's height, so the membership is written with each.
        batch.Put(IndexKeys.ConfigurationKey(), update.Membership.Encode());
        batch.Put(IndexKeys.CheckpointKey(), update.Checkpoint.ToBytes());
        _db.Write(batch, _fast);
    }

    /// <summary>Records, durably, the bytes a redaction is about to write over a record.</summary>
    public void PutPendingRedaction(RecordLocation location, byte[] record)
    {
        var key = new byte[1 + RecordLocation.Size];
        key[0] = IndexKeys.PendingRedaction;
        location.Format(key.AsSpan(1));
        _db.Put(key, record, writeOptions: _durable);
    }

    public void DeletePendingRedaction(RecordLocation location)
    {
        var key = new byte[1 + RecordLocation.Size];
        key[0] = IndexKeys.PendingRedaction;
        location.Format(key.AsSpan(1));
        _db.Remove(key, writeOptions: _durable);
    }

    public IReadOnlyList<(RecordLocation Location, byte[] Record)> PendingRedactions()
    {
        var pending = new List<(RecordLocation, byte[])>();
        using var iterator = _db.NewIterator();
        for (iterator.Seek([IndexKeys.PendingRedaction]); iterator.Valid(); iterator.Next())
        {
            var key = iterator.Key();
            if (key[0] != IndexKeys.PendingRedaction)
            {
                break;
            }
            pending.Add((RecordLocation.Parse(key.AsSpan(1)), iterator.Value()));
        }
        return pending;
    }

    public void Dispose()
    {
        _db.Dispose();
    }
}
