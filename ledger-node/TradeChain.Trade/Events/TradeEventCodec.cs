using TradeChain.Primitives.Encoding;

namespace TradeChain.Trade.Events;

/// <summary>
/// The canonical binary form of <see cref="TradeEvent"/>: what batches hash into Merkle leaves
/// and what the ledger stores. Decoding is strict (unknown enum codes, unsorted attributes,
/// trailing bytes are all rejected), so decode(encode(x)) == x and distinct events never share
/// an encoding.
/// </summary>
/// <remarks>
/// Layout, version 1 (each line in order; "opt" is a 0/1 presence byte then the value):
/// header(TradeEvent, 1); member_id, source_system, source_reference: string;
/// feed, mode, direction, event_type: u8; port: string; location: opt string;
/// occurred_at, recorded_at: timestamp;
/// references: master_bill opt string, house_bills list, containers list, declaration_number,
/// booking_number, vehicle_registration, flight_number: opt string, flight_date: opt u32 day
/// number, vessel_imo, vessel_name, voyage_number: opt string;
/// parties: list of (role u8, uscc string, customs_code opt string);
/// attributes: map string → (kind u8, value);
/// sensitive: u8 0 none | 1 plaintext, bytes of a SensitiveDetails encoding | 2 sealed data.
/// </remarks>
public static class TradeEventCodec
{
    public const byte FormatVersion = 1;
    public const byte SensitiveDetailsVersion = 1;
    public const byte EventIdInputVersion = 1;

    private const byte NoSensitivePart = 0;
    private const byte PlaintextSensitivePart = 1;
    private const byte SealedSensitivePart = 2;

    /// <summary>
    /// Encodes an event. Throws <see cref="ArgumentException"/> for what no decoder would accept:
    /// a null field, an undefined enum value, a sub-millisecond timestamp, a string with a lone
    /// surrogate. The validator reports all of those first, with reasons.
    /// </summary>
    public static byte[] Encode(TradeEvent tradeEvent)
    {
        ArgumentNullException.ThrowIfNull(tradeEvent);
        var writer = new CanonicalWriter(512);
        writer.WriteHeader(TypeTag.TradeEvent, FormatVersion);
        writer.WriteString(tradeEvent.MemberId);
        writer.WriteString(tradeEvent.SourceSystem);
        writer.WriteString(tradeEvent.SourceReference);
        WriteEnum(writer, tradeEvent.Feed);
        WriteEnum(writer, tradeEvent.Mode);
        WriteEnum(writer, tradeEvent.Direction);
        WriteEnum(writer, tradeEvent.EventType);
        writer.WriteString(tradeEvent.Port);
        writer.WriteOptionalString(tradeEvent.Location);
        writer.WriteTimestamp(tradeEvent.OccurredAt);
        writer.WriteTimestamp(tradeEvent.RecordedAt);
        WriteReferences(writer, tradeEvent.References ?? throw new ArgumentNullException(nameof(tradeEvent), "References is null"));
        writer.WriteList(tradeEvent.Parties ?? throw new ArgumentNullException(nameof(tradeEvent), "Parties is null"), WriteParty);
        writer.WriteMap(tradeEvent.Attributes ?? throw new ArgumentNullException(nameof(tradeEvent), "Attributes is null"), static (w, key) => w.WriteString(key), WriteAttribute);
        WriteSensitivePart(writer, tradeEvent.Sensitive);
        return writer.ToArray();
    }

    /// <summary>Decodes an event; throws <see cref="CanonicalFormatException"/> for anything <see cref="Encode"/> would not have written.</summary>
    public static TradeEvent Decode(ReadOnlySpan<byte> data)
    {
        var reader = new CanonicalReader(data);
        reader.ReadHeader(TypeTag.TradeEvent, FormatVersion);
        var tradeEvent = new TradeEvent
        {
            MemberId = reader.ReadString(),
            SourceSystem = reader.ReadString(),
            SourceReference = reader.ReadString(),
            Feed = reader.ReadEnum<Feed>("feed"),
            Mode = reader.ReadEnum<TransportMode>("transport mode"),
            Direction = reader.ReadEnum<TradeDirection>("trade direction"),
            EventType = reader.ReadEnum<TradeEventType>("trade event type"),
            Port = reader.ReadString(),
            Location = reader.ReadOptionalString(),
            OccurredAt = reader.ReadTimestamp(),
            RecordedAt = reader.ReadTimestamp(),
            References = ReadReferences(ref reader),
            Parties = new EquatableList<Party>(reader.ReadList(ReadParty, minItemBytes: 6)),
            Attributes = new EventAttributes(reader.ReadMap(static (ref CanonicalReader r) => r.ReadString(), ReadAttribute, minEntryBytes: 6)),
            Sensitive = ReadSensitivePart(ref reader),
        };
        reader.RequireEnd();
        return tradeEvent;
    }

    /// <summary>The canonical bytes of sensitive details: the plaintext that is sealed for authorised members.</summary>
    public static byte[] EncodeSensitiveDetails(SensitiveDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var writer = new CanonicalWriter(128);
        writer.WriteHeader(TypeTag.SensitiveDetails, SensitiveDetailsVersion);
        writer.WriteBool(details.DeclaredValue is not null);
        if (details.DeclaredValue is { } value)
        {
            writer.WriteDecimal(value);
        }
        writer.WriteOptionalString(details.Currency);
        writer.WriteOptionalString(details.ConsigneeName);
        writer.WriteOptionalString(details.ConsigneeAddress);
        writer.WriteOptionalString(details.ConsigneeContact);
        return writer.ToArray();
    }

    /// <summary>Decodes sensitive details (after opening the sealed form); strict like <see cref="Decode"/>.</summary>
    public static SensitiveDetails DecodeSensitiveDetails(ReadOnlySpan<byte> data)
    {
        var reader = new CanonicalReader(data);
        reader.ReadHeader(TypeTag.SensitiveDetails, SensitiveDetailsVersion);
        var details = new SensitiveDetails
        {
            DeclaredValue = reader.ReadBool() ? reader.ReadDecimal() : null,
            Currency = reader.ReadOptionalString(),
            ConsigneeName = reader.ReadOptionalString(),
            ConsigneeAddress = reader.ReadOptionalString(),
            ConsigneeContact = reader.ReadOptionalString(),
        };
        reader.RequireEnd();
        return details;
    }

    private static void WriteEnum<TEnum>(CanonicalWriter writer, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException($"{typeof(TEnum).Name} value {value} is not defined; it could never be decoded", nameof(value));
        }
        writer.WriteByte(Convert.ToByte(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void WriteReferences(CanonicalWriter writer, References references)
    {
        writer.WriteOptionalString(references.MasterBill);
        writer.WriteStringList(references.HouseBills);
        writer.WriteStringList(references.Containers);
        writer.WriteOptionalString(references.DeclarationNumber);
        writer.WriteOptionalString(references.BookingNumber);
        writer.WriteOptionalString(references.VehicleRegistration);
        writer.WriteOptionalString(references.FlightNumber);
        writer.WriteBool(references.FlightDate is not null);
        if (references.FlightDate is { } date)
        {
            writer.WriteUInt32((uint)date.DayNumber);
        }
        writer.WriteOptionalString(references.VesselImo);
        writer.WriteOptionalString(references.VesselName);
        writer.WriteOptionalString(references.VoyageNumber);
    }

    private static References ReadReferences(ref CanonicalReader reader) => new()
    {
        MasterBill = reader.ReadOptionalString(),
        HouseBills = new EquatableList<string>(reader.ReadStringList()),
        Containers = new EquatableList<string>(reader.ReadStringList()),
        DeclarationNumber = reader.ReadOptionalString(),
        BookingNumber = reader.ReadOptionalString(),
        VehicleRegistration = reader.ReadOptionalString(),
        FlightNumber = reader.ReadOptionalString(),
        FlightDate = reader.ReadBool() ? ReadDate(ref reader) : null,
        VesselImo = reader.ReadOptionalString(),
        VesselName = reader.ReadOptionalString(),
        VoyageNumber = reader.ReadOptionalString(),
    };

    private static DateOnly ReadDate(ref CanonicalReader reader)
    {
        var start = reader.Offset;
        var dayNumber = reader.ReadUInt32();
        return dayNumber <= (uint)DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)dayNumber)
            : throw new CanonicalFormatException(start, $"day number {dayNumber} is past {DateOnly.MaxValue:yyyy-MM-dd}");
    }

    private static void WriteParty(CanonicalWriter writer, Party party)
    {
        ArgumentNullException.ThrowIfNull(party);
        WriteEnum(writer, party.Role);
        writer.WriteString(party.Uscc);
        writer.WriteOptionalString(party.CustomsCode);
    }

    private static Party ReadParty(ref CanonicalReader reader) => new(
        reader.ReadEnum<PartyRole>("party role"),
        reader.ReadString(),
        reader.ReadOptionalString());

    private static void WriteAttribute(CanonicalWriter writer, EventAttribute value)
    {
        WriteEnum(writer, value.Kind);
        switch (value.Kind)
        {
            case EventAttributeKind.String:
                writer.WriteString(value.AsString());
                break;
            case EventAttributeKind.Int64:
                writer.WriteInt64(value.AsInt64());
                break;
            case EventAttributeKind.Decimal:
                writer.WriteDecimal(value.AsDecimal());
                break;
            case EventAttributeKind.Bool:
                writer.WriteBool(value.AsBool());
                break;
            case EventAttributeKind.Timestamp:
                writer.WriteTimestamp(value.AsTimestamp());
                break;
        }
    }

    private static EventAttribute ReadAttribute(ref CanonicalReader reader) =>
        reader.ReadEnum<EventAttributeKind>("attribute kind") switch
        {
            EventAttributeKind.String => EventAttribute.Of(reader.ReadString()),
            EventAttributeKind.Int64 => EventAttribute.Of(reader.ReadInt64()),
            EventAttributeKind.Decimal => EventAttribute.Of(reader.ReadDecimal()),
            EventAttributeKind.Bool => EventAttribute.Of(reader.ReadBool()),
            _ => EventAttribute.Of(reader.ReadTimestamp()),
        };

    private static void WriteSensitivePart(CanonicalWriter writer, SensitivePart? part)
    {
        if (part is null)
        {
            writer.WriteByte(NoSensitivePart);
        }
        else if (part.Sealed is { } sealedData)
        {
            writer.WriteByte(SealedSensitivePart);
            writer.WriteSealed(sealedData);
        }
        else
        {
            writer.WriteByte(PlaintextSensitivePart);
            // Nested as the standalone encoding, so the plaintext held here is byte for byte
            // what sealing encrypts.
            writer.WriteBytes(EncodeSensitiveDetails(part.Plaintext!));
        }
    }

    private static SensitivePart? ReadSensitivePart(ref CanonicalReader reader)
    {
        var start = reader.Offset;
        return reader.ReadByte() switch
        {
            NoSensitivePart => null,
            PlaintextSensitivePart => SensitivePart.FromPlaintext(ReadNestedDetails(ref reader)),
            SealedSensitivePart => SensitivePart.FromSealed(reader.ReadSealed()),
            var other => throw new CanonicalFormatException(start, $"unknown sensitive part form {other}"),
        };
    }

    private static SensitiveDetails ReadNestedDetails(ref CanonicalReader reader)
    {
        var start = reader.Offset;
        var bytes = reader.ReadBytes();
        try
        {
            return DecodeSensitiveDetails(bytes);
        }
        catch (CanonicalFormatException e)
        {
            // Offsets inside the nested structure are relative to it; report them in the event.
            throw new CanonicalFormatException(start + 4 + e.Offset, e.Reason);
        }
    }
}
