using System.Buffers.Binary;
using TradeChain.Contract;
using TradeChain.Crypto;

namespace TradeChain.Storage.Index;

/// <summary>Where a transaction is: block height and index in the block.</summary>
public readonly record struct TransactionLocation(ulong Height, int TransactionIndex);

/// <summary>Where an event is: block height, transaction index, and leaf index in the transaction's batch.</summary>
public readonly record struct EventLocation(ulong Height, int TransactionIndex, int LeafIndex);

/// <summary>
/// The RocksDB key space: one prefix byte per index, then fixed-width big-endian fields, so keys
/// of one index sort together and heights sort numerically. Digests are keyed with their
/// algorithm byte, so an SM3 and a SHA-256 id never collide.
/// </summary>
internal static class IndexKeys
{
    public const byte Checkpoint = (byte)'c';
    public const byte BlockByHeight = (byte)'h';
    public const byte HeightByBlockId = (byte)'b';
    public const byte TransactionById = (byte)'t';
    public const byte EventById = (byte)'e';
    public const byte Shipment = (byte)'s';
    public const byte PendingRedaction = (byte)'p';
    public const byte Configuration = (byte)'n';

    public static byte[] CheckpointKey() => [Checkpoint];

    public static byte[] ConfigurationKey() => [Configuration];

    public static byte[] Height(byte prefix, ulong height)
    {
        var key = new byte[9];
        key[0] = prefix;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), height);
        return key;
    }

    public static byte[] ForDigest(byte prefix, Digest digest)
    {
        var key = new byte[2 + Digest.SizeBytes];
        key[0] = prefix;
        StoreCheckpoint.WriteDigest(key.AsSpan(1), digest);
        return key;
    }

    public static byte[] ForShipment(ShipmentKey shipment)
    {
        var body = shipment.ToBytes();
        var key = new byte[1 + body.Length];
        key[0] = Shipment;
        body.CopyTo(key, 1);
        return key;
    }

    public static byte[] HeightValue(ulong height)
    {
        var value = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, height);
        return value;
    }

    public static byte[] TransactionValue(TransactionLocation location)
    {
        var value = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(value, location.Height);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(8), location.TransactionIndex);
        return value;
    }

    public static TransactionLocation ParseTransaction(ReadOnlySpan<byte> value) =>
        value.Length == 12
            ? new(BinaryPrimitives.ReadUInt64BigEndian(value), BinaryPrimitives.ReadInt32BigEndian(value[8..]))
            : throw new FormatException($"transaction location is 12 bytes, got {value.Length}");

    public static byte[] EventValue(EventLocation location)
    {
        var value = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(value, location.Height);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(8), location.TransactionIndex);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(12), location.LeafIndex);
        return value;
    }

    public static EventLocation ParseEvent(ReadOnlySpan<byte> value) =>
        value.Length == 16
            ? new(BinaryPrimitives.ReadUInt64BigEndian(value), BinaryPrimitives.ReadInt32BigEndian(value[8..]), BinaryPrimitives.ReadInt32BigEndian(value[12..]))
            : throw new FormatException($"event location is 16 bytes, got {value.Length}");
}
