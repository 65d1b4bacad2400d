using TradeChain.Contract;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Projection;

/// <summary>
/// One ledger event as the analytical stores hold it: where it is on the ledger, its public
/// fields flattened into columns, and the shipment references the contract keys it by. Never
/// the sensitive details (declared value, consignee name and contact): the analytics audience
/// sees aggregates and drill-downs, so only <see cref="HasSensitive"/> says they exist.
/// A redacted event keeps only what the contract keeps (milestone, time, direction, references);
/// its other fields are empty and <see cref="Mode"/>, <see cref="Feed"/> are null.
/// </summary>
public sealed record ProjectedEvent
{
    /// <summary>Algorithm-qualified event id, as the ledger prints it ("sha256:…", "sm3:…").</summary>
    public required string EventId { get; init; }

    public required ulong Height { get; init; }

    public required int TransactionIndex { get; init; }

    public required int LeafIndex { get; init; }

    /// <summary>The committing block's timestamp (Unix ms): the start of the commit → queryable lag.</summary>
    public required long BlockTimeMs { get; init; }

    public string MemberId { get; init; } = "";

    public string SourceSystem { get; init; } = "";

    public string SourceReference { get; init; } = "";

    public Feed? Feed { get; init; }

    public TransportMode? Mode { get; init; }

    public required TradeDirection Direction { get; init; }

    public required TradeEventType EventType { get; init; }

    /// <summary>UN/LOCODE; empty for a redacted event.</summary>
    public string Port { get; init; } = "";

    public string Location { get; init; } = "";

    public required long OccurredAtMs { get; init; }

    /// <summary>The calendar date where the event happened (its own UTC offset; UTC for a redacted event): what periods group by.</summary>
    public required DateOnly LocalDate { get; init; }

    /// <summary>When the source recorded it (Unix ms); null for a redacted event.</summary>
    public long? RecordedAtMs { get; init; }

    public string MasterBill { get; init; } = "";

    public IReadOnlyList<string> HouseBills { get; init; } = [];

    public IReadOnlyList<string> Containers { get; init; } = [];

    public string DeclarationNumber { get; init; } = "";

    public string BookingNumber { get; init; } = "";

    public string VehicleRegistration { get; init; } = "";

    public string FlightNumber { get; init; } = "";

    public DateOnly? FlightDate { get; init; }

    public string VesselImo { get; init; } = "";

    public string VesselName { get; init; } = "";

    public string VoyageNumber { get; init; } = "";

    /// <summary>The flight ("CA1041/2025-03-15") or vessel call ("9811000/1125W") the event belongs to; empty when none.</summary>
    public string Conveyance { get; init; } = "";

    /// <summary>The trading enterprise's USCC: the consignee of an import, the shipper of an export; empty when not named.</summary>
    public string TraderUscc { get; init; } = "";

    public string DeclarantUscc { get; init; } = "";

    /// <summary>"Role:USCC" per party, in the event's order.</summary>
    public IReadOnlyList<string> Parties { get; init; } = [];

    /// <summary>The partner attributes as one JSON object ("{}" when none).</summary>
    public string AttributesJson { get; init; } = "{}";

    public bool HasSensitive { get; init; }

    public bool Redacted { get; init; }

    /// <summary>The shipment references the contract keys this event by (master, houses, containers, declaration).</summary>
    public required IReadOnlyList<ShipmentKey> Keys { get; init; }

    public ulong LedgerPosition => Projection.LedgerPosition.Pack(Height, TransactionIndex, LeafIndex);

    public DateTimeOffset OccurredAt => DateTimeOffset.FromUnixTimeMilliseconds(OccurredAtMs);
}
