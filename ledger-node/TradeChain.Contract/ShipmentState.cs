using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Events;

namespace TradeChain.Contract;

/// <summary>A shipment's status as the contract reads it from its milestones. One byte in state: never renumber.</summary>
public enum ShipmentStatus : byte
{
    Booked = 1,
    Manifested = 2,
    Received = 3,
    GatedIn = 4,
    Loaded = 5,
    Departed = 6,
    Arrived = 7,
    Discharged = 8,
    Declared = 9,
    UnderInspection = 10,
    Held = 11,
    Released = 12,
    Refused = 13,
    GatedOut = 14,
    Delivered = 15,
}

/// <summary>Sequence anomalies the contract flags instead of rejecting the facts. Bits in state: never renumber.</summary>
[Flags]
public enum AnomalyFlags : uint
{
    None = 0,

    /// <summary>Import cargo gated out of the terminal before (or without) customs release.</summary>
    GateOutBeforeRelease = 1 << 0,

    /// <summary>Import cargo delivered to the consignee before (or without) customs release.</summary>
    DeliveredBeforeRelease = 1 << 1,

    /// <summary>More than one distinct release event for the same reference.</summary>
    DuplicateRelease = 1 << 2,

    /// <summary>Cargo discharged before (or without) the conveyance's arrival.</summary>
    DischargeBeforeArrival = 1 << 3,

    /// <summary>Export cargo loaded or departed before (or without) customs release.</summary>
    LoadedBeforeRelease = 1 << 4,

    /// <summary>A release that happened after a refusal of entry or exit.</summary>
    ReleasedAfterRefusal = 1 << 5,
}

/// <summary>First and last occurrence (Unix ms) and count of one milestone.</summary>
public sealed record Milestone(long FirstMs, long LastMs, int Count);

/// <summary>
/// The contract state of one shipment reference: milestones by event type, the directions seen,
/// and what follows from them (status and anomaly flags), with the contract version that computed
/// it. Immutable; equality compares the encodings.
/// </summary>
public sealed class ShipmentState : IEquatable<ShipmentState>
{
    public const byte FormatVersion = 1;

    public ShipmentState(
        ushort contractVersion,
        ShipmentKey key,
        IReadOnlyDictionary<TradeEventType, Milestone> milestones,
        bool seenImport,
        bool seenExport,
        ShipmentStatus? status,
        AnomalyFlags flags,
        int eventCount)
    {
        ContractVersion = contractVersion;
        Key = key;
        Milestones = new SortedDictionary<TradeEventType, Milestone>(milestones.ToDictionary());
        SeenImport = seenImport;
        SeenExport = seenExport;
        Status = status;
        Flags = flags;
        EventCount = eventCount;
    }

    public ushort ContractVersion { get; }

    public ShipmentKey Key { get; }

    public IReadOnlyDictionary<TradeEventType, Milestone> Milestones { get; }

    public bool SeenImport { get; }

    public bool SeenExport { get; }

    /// <summary>The status of the latest milestone that has one; null while only status-less events (tax) are known.</summary>
    public ShipmentStatus? Status { get; }

    public AnomalyFlags Flags { get; }

    public int EventCount { get; }

    public Milestone? Find(TradeEventType type) => Milestones.GetValueOrDefault(type);

    /// <summary>
    /// version u8; contract version u16; key kind u8, value string; seen import, seen export: bool;
    /// status u8 (0 none); flags u32; event count u32; milestones: list of (type u8, first ms,
    /// last ms i64, count u32) ascending by type.
    /// </summary>
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64 + Milestones.Count * 21);
        writer.WriteByte(FormatVersion);
        writer.WriteUInt16(ContractVersion);
        writer.WriteByte((byte)Key.Kind);
        writer.WriteString(Key.Value);
        writer.WriteBool(SeenImport);
        writer.WriteBool(SeenExport);
        writer.WriteByte((byte)(Status ?? 0));
        writer.WriteUInt32((uint)Flags);
        writer.WriteUInt32((uint)EventCount);
        writer.WriteList(Milestones.ToArray(), static (w, m) =>
        {
            w.WriteByte((byte)m.Key);
            w.WriteInt64(m.Value.FirstMs);
            w.WriteInt64(m.Value.LastMs);
            w.WriteUInt32((uint)m.Value.Count);
        });
        return writer.ToArray();
    }

    public static ShipmentState Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new CanonicalFormatException(0, $"shipment state version {version} is not supported (this build reads {FormatVersion})");
        }
        var contractVersion = reader.ReadUInt16();
        var key = new ShipmentKey(reader.ReadEnum<ShipmentKeyKind>("shipment key kind"), reader.ReadString());
        var seenImport = reader.ReadBool();
        var seenExport = reader.ReadBool();
        var statusByte = reader.ReadByte();
        ShipmentStatus? status = statusByte == 0 ? null : Enum.IsDefined((ShipmentStatus)statusByte)
            ? (ShipmentStatus)statusByte
            : throw new CanonicalFormatException(reader.Offset - 1, $"unknown shipment status {statusByte}");
        var flags = (AnomalyFlags)reader.ReadUInt32();
        var eventCount = (int)Math.Min(reader.ReadUInt32(), int.MaxValue);
        var milestonesAt = reader.Offset;
        var milestones = reader.ReadList(static (ref CanonicalReader r) =>
            KeyValuePair.Create(r.ReadEnum<TradeEventType>("trade event type"), new Milestone(r.ReadInt64(), r.ReadInt64(), (int)Math.Min(r.ReadUInt32(), int.MaxValue))), minItemBytes: 21);
        reader.RequireEnd();
        for (var i = 1; i < milestones.Count; i++)
        {
            if (milestones[i - 1].Key >= milestones[i].Key)
            {
                throw new CanonicalFormatException(milestonesAt, "milestones must be unique and ascending by event type");
            }
        }
        return new ShipmentState(contractVersion, key, milestones.ToDictionary(), seenImport, seenExport, status, flags, eventCount);
    }

    public bool Equals(ShipmentState? other) => other is not null && Encode().AsSpan().SequenceEqual(other.Encode());

    public override bool Equals(object? obj) => obj is ShipmentState other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Key, EventCount, Flags);

    public override string ToString() => $"{Key} {Status?.ToString() ?? "-"} flags={Flags} events={EventCount}";
}
