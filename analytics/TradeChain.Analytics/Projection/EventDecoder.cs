using System.Text;
using System.Text.Json;
using TradeChain.Contract;
using TradeChain.Ledger;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Projection;

/// <summary>
/// Turns a committed block into the rows the stores hold: every leaf of every event batch, whole
/// or redacted, in ledger order. Pure: no store, no clock. Duplicates are kept here (the
/// projector drops them): whether an id is a duplicate depends on earlier blocks.
/// </summary>
public static class EventDecoder
{
    public static IReadOnlyList<ProjectedEvent> Decode(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var rows = new List<ProjectedEvent>();
        foreach (var (t, batch, leaf) in block.EventLeaves())
        {
            var item = batch.Leaves[leaf];
            var eventId = batch.EventId(leaf).ToString();
            rows.Add(item.Event is { } whole
                ? FromWhole(whole, eventId, block, t, leaf)
                : FromRetainedFact(ContractFact.Decode(item.Redacted!.RetainedFact.Span), eventId, block, t, leaf));
        }
        return rows;
    }

    /// <summary>An event whose bytes are on the ledger: every public field, never the sensitive details.</summary>
    public static ProjectedEvent FromWhole(TradeEvent e, string eventId, Block block, int transactionIndex, int leafIndex)
    {
        ArgumentNullException.ThrowIfNull(e);
        var references = e.References;
        return new ProjectedEvent
        {
            EventId = eventId,
            Height = block.Height,
            TransactionIndex = transactionIndex,
            LeafIndex = leafIndex,
            BlockTimeMs = block.Header.TimestampMs,
            MemberId = e.MemberId,
            SourceSystem = e.SourceSystem,
            SourceReference = e.SourceReference,
            Feed = e.Feed,
            Mode = e.Mode,
            Direction = e.Direction,
            EventType = e.EventType,
            Port = e.Port,
            Location = e.Location ?? "",
            OccurredAtMs = e.OccurredAt.ToUnixTimeMilliseconds(),
            LocalDate = DateOnly.FromDateTime(e.OccurredAt.DateTime),
            RecordedAtMs = e.RecordedAt.ToUnixTimeMilliseconds(),
            MasterBill = references.MasterBill ?? "",
            HouseBills = references.HouseBills.ToArray(),
            Containers = references.Containers.ToArray(),
            DeclarationNumber = references.DeclarationNumber ?? "",
            BookingNumber = references.BookingNumber ?? "",
            VehicleRegistration = references.VehicleRegistration ?? "",
            FlightNumber = references.FlightNumber ?? "",
            FlightDate = references.FlightDate,
            VesselImo = references.VesselImo ?? "",
            VesselName = references.VesselName ?? "",
            VoyageNumber = references.VoyageNumber ?? "",
            Conveyance = Conveyance(e.Mode, references),
            TraderUscc = Trader(e.Direction, e.Parties),
            DeclarantUscc = e.Parties.FirstOrDefault(p => p.Role == PartyRole.Declarant)?.Uscc ?? "",
            Parties = e.Parties.Select(p => $"{p.Role}:{p.Uscc}").ToArray(),
            AttributesJson = AttributesJson(e.Attributes),
            HasSensitive = e.Sensitive is not null,
            Redacted = false,
            // The contract's own extraction: the trace finds an event under exactly the references the contract keys it by.
            Keys = ContractFact.From(e).Keys,
        };
    }

    /// <summary>A redacted event: only the fact the contract retained (milestone, time, direction, references).</summary>
    public static ProjectedEvent FromRetainedFact(ContractFact fact, string eventId, Block block, int transactionIndex, int leafIndex)
    {
        ArgumentNullException.ThrowIfNull(fact);
        string Single(ShipmentKeyKind kind) => fact.Keys.FirstOrDefault(k => k.Kind == kind)?.Value ?? "";
        string[] All(ShipmentKeyKind kind) => fact.Keys.Where(k => k.Kind == kind).Select(k => k.Value).ToArray();
        return new ProjectedEvent
        {
            EventId = eventId,
            Height = block.Height,
            TransactionIndex = transactionIndex,
            LeafIndex = leafIndex,
            BlockTimeMs = block.Header.TimestampMs,
            Direction = fact.Direction,
            EventType = fact.EventType,
            OccurredAtMs = fact.OccurredAtMs,
            // The offset is not retained: a redacted event is dated in UTC.
            LocalDate = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(fact.OccurredAtMs).UtcDateTime),
            MasterBill = Single(ShipmentKeyKind.MasterBill),
            HouseBills = All(ShipmentKeyKind.HouseBill),
            Containers = All(ShipmentKeyKind.Container),
            DeclarationNumber = Single(ShipmentKeyKind.Declaration),
            Redacted = true,
            Keys = fact.Keys,
        };
    }

    /// <summary>The flight (number/date) or vessel call (IMO or name/voyage) of an event; empty when it names none.</summary>
    public static string Conveyance(TransportMode mode, References references)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (mode == TransportMode.Air)
        {
            return string.IsNullOrEmpty(references.FlightNumber)
                ? ""
                : references.FlightDate is { } date ? $"{references.FlightNumber}/{date:yyyy-MM-dd}" : references.FlightNumber;
        }
        var vessel = !string.IsNullOrEmpty(references.VesselImo) ? references.VesselImo : references.VesselName;
        return string.IsNullOrEmpty(vessel) ? "" : $"{vessel}/{references.VoyageNumber}";
    }

    /// <summary>The trading enterprise: consignee of an import, shipper of an export (the first one named).</summary>
    public static string Trader(TradeDirection direction, IEnumerable<Party> parties)
    {
        var role = direction == TradeDirection.Export ? PartyRole.Shipper : PartyRole.Consignee;
        return parties.FirstOrDefault(p => p.Role == role)?.Uscc ?? "";
    }

    private static string AttributesJson(EventAttributes attributes)
    {
        if (attributes.Count == 0)
        {
            return "{}";
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in attributes)
            {
                switch (value.Kind)
                {
                    case EventAttributeKind.Int64:
                        writer.WriteNumber(key, value.AsInt64());
                        break;
                    case EventAttributeKind.Decimal:
                        writer.WriteNumber(key, value.AsDecimal());
                        break;
                    case EventAttributeKind.Bool:
                        writer.WriteBoolean(key, value.AsBool());
                        break;
                    default:
                        writer.WriteString(key, value.ToString());
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
