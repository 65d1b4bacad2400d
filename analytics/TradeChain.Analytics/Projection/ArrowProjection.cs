using Apache.Arrow;
using Apache.Arrow.Types;

namespace TradeChain.Analytics.Projection;

/// <summary>
/// The columnar form of projected rows: one Arrow record batch for the events table and one for
/// the reference index (one row per shipment reference an event carries). Column names and
/// order are the tables' (the DuckDB appender is positional; ClickHouse matches by name).
/// Enums are their one-byte ledger codes, 0 where a redacted event does not say.
/// </summary>
public static class ArrowProjection
{
    private static readonly TimestampType Utc = new(TimeUnit.Millisecond, "UTC");
    private static readonly ListType StringList = new(StringType.Default);

    public static Schema EventsSchema { get; } = new Schema.Builder()
        .Field(F("event_id", StringType.Default))
        .Field(F("height", UInt64Type.Default))
        .Field(F("tx_index", UInt32Type.Default))
        .Field(F("leaf_index", UInt32Type.Default))
        .Field(F("ledger_position", UInt64Type.Default))
        .Field(F("block_time", Utc))
        .Field(F("member_id", StringType.Default))
        .Field(F("source_system", StringType.Default))
        .Field(F("source_reference", StringType.Default))
        .Field(F("feed", UInt8Type.Default))
        .Field(F("mode", UInt8Type.Default))
        .Field(F("direction", UInt8Type.Default))
        .Field(F("event_type", UInt8Type.Default))
        .Field(F("port", StringType.Default))
        .Field(F("location", StringType.Default))
        .Field(F("occurred_at", Utc))
        .Field(F("local_date", Date32Type.Default))
        .Field(F("recorded_at", Utc, nullable: true))
        .Field(F("master_bill", StringType.Default))
        .Field(F("house_bills", StringList))
        .Field(F("containers", StringList))
        .Field(F("declaration_number", StringType.Default))
        .Field(F("booking_number", StringType.Default))
        .Field(F("vehicle_registration", StringType.Default))
        .Field(F("flight_number", StringType.Default))
        .Field(F("flight_date", Date32Type.Default, nullable: true))
        .Field(F("vessel_imo", StringType.Default))
        .Field(F("vessel_name", StringType.Default))
        .Field(F("voyage_number", StringType.Default))
        .Field(F("conveyance", StringType.Default))
        .Field(F("trader_uscc", StringType.Default))
        .Field(F("declarant_uscc", StringType.Default))
        .Field(F("parties", StringList))
        .Field(F("attributes_json", StringType.Default))
        .Field(F("has_sensitive", BooleanType.Default))
        .Field(F("redacted", BooleanType.Default))
        .Build();

    public static Schema RefsSchema { get; } = new Schema.Builder()
        .Field(F("ref_kind", UInt8Type.Default))
        .Field(F("ref_value", StringType.Default))
        .Field(F("event_id", StringType.Default))
        .Field(F("ledger_position", UInt64Type.Default))
        .Field(F("event_type", UInt8Type.Default))
        .Field(F("occurred_at", Utc))
        .Field(F("master_bill", StringType.Default))
        .Field(F("house_count", UInt32Type.Default))
        .Build();

    public static RecordBatch Events(IReadOnlyList<ProjectedEvent> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = new IArrowArray[]
        {
            Strings(rows, r => r.EventId),
            new UInt64Array.Builder().AppendRange(rows.Select(r => r.Height)).Build(),
            new UInt32Array.Builder().AppendRange(rows.Select(r => (uint)r.TransactionIndex)).Build(),
            new UInt32Array.Builder().AppendRange(rows.Select(r => (uint)r.LeafIndex)).Build(),
            new UInt64Array.Builder().AppendRange(rows.Select(r => r.LedgerPosition)).Build(),
            Timestamps(rows, r => r.BlockTimeMs),
            Strings(rows, r => r.MemberId),
            Strings(rows, r => r.SourceSystem),
            Strings(rows, r => r.SourceReference),
            Bytes(rows, r => (byte)(r.Feed ?? 0)),
            Bytes(rows, r => (byte)(r.Mode ?? 0)),
            Bytes(rows, r => (byte)r.Direction),
            Bytes(rows, r => (byte)r.EventType),
            Strings(rows, r => r.Port),
            Strings(rows, r => r.Location),
            Timestamps(rows, r => r.OccurredAtMs),
            Dates(rows, r => r.LocalDate),
            Timestamps(rows, r => r.RecordedAtMs),
            Strings(rows, r => r.MasterBill),
            StringLists(rows, r => r.HouseBills),
            StringLists(rows, r => r.Containers),
            Strings(rows, r => r.DeclarationNumber),
            Strings(rows, r => r.BookingNumber),
            Strings(rows, r => r.VehicleRegistration),
            Strings(rows, r => r.FlightNumber),
            Dates(rows, r => r.FlightDate),
            Strings(rows, r => r.VesselImo),
            Strings(rows, r => r.VesselName),
            Strings(rows, r => r.VoyageNumber),
            Strings(rows, r => r.Conveyance),
            Strings(rows, r => r.TraderUscc),
            Strings(rows, r => r.DeclarantUscc),
            StringLists(rows, r => r.Parties),
            Strings(rows, r => r.AttributesJson),
            new BooleanArray.Builder().AppendRange(rows.Select(r => r.HasSensitive)).Build(),
            new BooleanArray.Builder().AppendRange(rows.Select(r => r.Redacted)).Build(),
        };
        return new RecordBatch(EventsSchema, columns, rows.Count);
    }

    /// <summary>One row per (event, shipment reference): the lookup table of the trace query.</summary>
    public static RecordBatch Refs(IReadOnlyList<ProjectedEvent> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var refs = rows.SelectMany(r => r.Keys.Select(k => (Event: r, Key: k))).ToArray();
        var columns = new IArrowArray[]
        {
            Bytes(refs, x => (byte)x.Key.Kind),
            Strings(refs, x => x.Key.Value),
            Strings(refs, x => x.Event.EventId),
            new UInt64Array.Builder().AppendRange(refs.Select(x => x.Event.LedgerPosition)).Build(),
            Bytes(refs, x => (byte)x.Event.EventType),
            Timestamps(refs, x => x.Event.OccurredAtMs),
            Strings(refs, x => x.Event.MasterBill),
            new UInt32Array.Builder().AppendRange(refs.Select(x => (uint)x.Event.HouseBills.Count)).Build(),
        };
        return new RecordBatch(RefsSchema, columns, refs.Length);
    }

    private static Field F(string name, IArrowType type, bool nullable = false) => new(name, type, nullable);

    private static StringArray Strings<T>(IReadOnlyList<T> rows, Func<T, string> value)
    {
        var builder = new StringArray.Builder();
        foreach (var row in rows)
        {
            builder.Append(value(row));
        }
        return builder.Build();
    }

    private static UInt8Array Bytes<T>(IReadOnlyList<T> rows, Func<T, byte> value) =>
        new UInt8Array.Builder().AppendRange(rows.Select(value)).Build();

    private static TimestampArray Timestamps<T>(IReadOnlyList<T> rows, Func<T, long?> unixMs)
    {
        var builder = new TimestampArray.Builder(Utc);
        foreach (var row in rows)
        {
            if (unixMs(row) is { } ms)
            {
                builder.Append(DateTimeOffset.FromUnixTimeMilliseconds(ms));
            }
            else
            {
                builder.AppendNull();
            }
        }
        return builder.Build();
    }

    private static Date32Array Dates<T>(IReadOnlyList<T> rows, Func<T, DateOnly?> date)
    {
        var builder = new Date32Array.Builder();
        foreach (var row in rows)
        {
            if (date(row) is { } d)
            {
                builder.Append(d);
            }
            else
            {
                builder.AppendNull();
            }
        }
        return builder.Build();
    }

    private static ListArray StringLists<T>(IReadOnlyList<T> rows, Func<T, IReadOnlyList<string>> values)
    {
        var builder = new ListArray.Builder(StringType.Default);
        var items = (StringArray.Builder)builder.ValueBuilder;
        foreach (var row in rows)
        {
            builder.Append();
            foreach (var item in values(row))
            {
                items.Append(item);
            }
        }
        return builder.Build();
    }
}
