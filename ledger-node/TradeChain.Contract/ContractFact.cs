using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Events;

namespace TradeChain.Contract;

/// <summary>
/// What the contract reads from an event: its milestone, when it happened, the direction and the
/// shipment references. Extracting it is a pure function of the event. A redacted event keeps
/// this fact (and nothing of its parties, values or details) so the contract state can be
/// replayed from blocks after the event's bytes are gone.
/// </summary>
public sealed record ContractFact(TradeEventType EventType, long OccurredAtMs, TradeDirection Direction, IReadOnlyList<ShipmentKey> Keys)
{
    public const byte FormatVersion = 1;

    /// <summary>One master, 500 houses, 500 containers and a declaration (the validator's limits), rounded up.</summary>
    public const int MaxKeys = 1024;

    public static ContractFact From(TradeEvent tradeEvent)
    {
        ArgumentNullException.ThrowIfNull(tradeEvent);
        var references = tradeEvent.References;
        var keys = new SortedSet<ShipmentKey>();
        if (!string.IsNullOrEmpty(references.MasterBill))
        {
            keys.Add(new ShipmentKey(ShipmentKeyKind.MasterBill, references.MasterBill));
        }
        foreach (var house in references.HouseBills.Where(h => h.Length > 0))
        {
            keys.Add(new ShipmentKey(ShipmentKeyKind.HouseBill, house));
        }
        foreach (var container in references.Containers.Where(c => c.Length > 0))
        {
            keys.Add(new ShipmentKey(ShipmentKeyKind.Container, container));
        }
        if (!string.IsNullOrEmpty(references.DeclarationNumber))
        {
            keys.Add(new ShipmentKey(ShipmentKeyKind.Declaration, references.DeclarationNumber));
        }
        if (keys.Count > MaxKeys)
        {
            throw new ArgumentException($"event carries {keys.Count} shipment references, over {MaxKeys}", nameof(tradeEvent));
        }
        return new ContractFact(tradeEvent.EventType, tradeEvent.OccurredAt.ToUnixTimeMilliseconds(), tradeEvent.Direction, keys.ToArray());
    }

    /// <summary>version u8; event type u8; occurred-at ms i64; direction u8; keys: list of (kind u8, value string), ascending.</summary>
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(32 + Keys.Count * 24);
        writer.WriteByte(FormatVersion);
        writer.WriteByte((byte)EventType);
        writer.WriteInt64(OccurredAtMs);
        writer.WriteByte((byte)Direction);
        writer.WriteList(Keys, static (w, k) =>
        {
            w.WriteByte((byte)k.Kind);
            w.WriteString(k.Value);
        });
        return writer.ToArray();
    }

    public static ContractFact Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new CanonicalFormatException(0, $"contract fact version {version} is not supported (this build reads {FormatVersion})");
        }
        var eventType = reader.ReadEnum<TradeEventType>("trade event type");
        var occurredAtMs = reader.ReadInt64();
        var direction = reader.ReadEnum<TradeDirection>("trade direction");
        var keysAt = reader.Offset;
        var keys = reader.ReadList(static (ref CanonicalReader r) => new ShipmentKey(r.ReadEnum<ShipmentKeyKind>("shipment key kind"), r.ReadString()), minItemBytes: 5);
        reader.RequireEnd();
        for (var i = 1; i < keys.Count; i++)
        {
            if (keys[i - 1].CompareTo(keys[i]) >= 0)
            {
                throw new CanonicalFormatException(keysAt, "contract fact keys must be unique and ascending");
            }
        }
        if (keys.Count > MaxKeys)
        {
            throw new CanonicalFormatException(keysAt, $"contract fact has {keys.Count} keys, over {MaxKeys}");
        }
        return new ContractFact(eventType, occurredAtMs, direction, keys);
    }
}
