using FsCheck;
using FsCheck.Fluent;
using TradeChain.Crypto;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Testing;

/// <summary>
/// FsCheck generators of random, valid trade events: every identifier has a correct check digit,
/// every event type carries the references it requires, and every event passes
/// <see cref="TradeEventValidator"/> with default limits at <see cref="Now"/>. Text fields mix
/// ASCII, Chinese and characters outside the BMP; timestamps carry arbitrary offsets.
/// Use <c>Prop.ForAll(TradeEventGenerators.TradeEvents(), e => ...)</c> for a property over events.
/// </summary>
public static class TradeEventGenerators
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const long MsPerDay = 86_400_000;

    private static readonly string[] TextPieces =
    [
        "a", "Z", "7", " ", "-", "/", "#", ",", "é", "\n",
        "天", "津", "港", "海", "关", "货", "物", "放", "行",
        "📦", "🚢", "✈",
    ];

    /// <summary>The "now" every generated event is valid against (the same as <see cref="SampleEvents.Now"/>).</summary>
    public static DateTimeOffset Now => SampleEvents.Now;

    /// <summary>Valid events as an FsCheck arbitrary (no shrinking: a shrunk event would no longer be valid).</summary>
    public static Arbitrary<TradeEvent> TradeEvents() => Arb.From(ValidEvent());

    public static Gen<TradeEvent> ValidEvent() =>
        from mode in Gen.Elements(TransportMode.Air, TransportMode.Sea)
        from direction in Gen.Elements(TradeDirection.Import, TradeDirection.Export)
        from type in Gen.Elements(Enum.GetValues<TradeEventType>())
        from feed in Gen.Elements(Enum.GetValues<Feed>())
        from memberId in Identifier()
        from sourceSystem in Identifier()
        from sourceReference in Identifier()
        from port in Locode()
        from location in Optional(Text(1, 40))
        from occurredAt in Timestamp(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), Now.AddDays(-1))
        from recordingDelayMs in Gen.Choose(0, (int)MsPerDay)
        from recordedOffsetMinutes in Offset()
        from references in References(type, mode, direction)
        from parties in Parties()
        from attributes in Attributes()
        from sensitive in Sensitive()
        select new TradeEvent
        {
            MemberId = memberId,
            SourceSystem = sourceSystem,
            SourceReference = sourceReference,
            Feed = feed,
            Mode = mode,
            Direction = direction,
            Port = port,
            Location = location,
            EventType = type,
            OccurredAt = occurredAt,
            RecordedAt = occurredAt.AddMilliseconds(recordingDelayMs).ToOffset(TimeSpan.FromMinutes(recordedOffsetMinutes)),
            References = references,
            Parties = parties,
            Attributes = attributes,
            Sensitive = sensitive,
        };

    /// <summary>
    /// References for an event of <paramref name="type"/>: a random subset of mode-appropriate
    /// identifiers, plus whatever the validator requires for that type.
    /// </summary>
    public static Gen<References> References(TradeEventType type, TransportMode mode, TradeDirection direction) =>
        from master in mode == TransportMode.Air ? AirWaybill() : BillOfLading()
        from houses in Distinct(mode == TransportMode.Air ? HouseAirWaybill() : BillOfLading(), 3)
        from containers in Distinct(ContainerNumber(), 3)
        from gateContainer in ContainerNumber()
        from declaration in DeclarationNumber(direction)
        from booking in Identifier()
        from vehicle in Identifier()
        from flight in FlightNumber()
        from flightDay in Gen.Choose(0, 9000)
        from imo in VesselImo()
        from vesselName in Text(1, 30)
        from voyage in Identifier()
        from include in Gen.ArrayOf(Gen.Elements(true, false), 9)
        let feed = EventTypeCodes.FeedOf(type)
        let isManifest = type is TradeEventType.ManifestFiled or TradeEventType.ManifestAmended
        let isGate = feed == Feed.PortGate
        let air = mode == TransportMode.Air
        select new References
        {
            MasterBill = include[0] || !(isGate || feed == Feed.Tax) ? master : null,
            HouseBills = include[1] ? houses : [],
            Containers = include[2] || (isGate && !air) ? containers.Count > 0 ? containers : [gateContainer] : [],
            DeclarationNumber = include[3] || feed == Feed.Tax ? declaration : null,
            BookingNumber = include[4] ? booking : null,
            VehicleRegistration = include[5] || (isGate && air) ? vehicle : null,
            FlightNumber = air && (include[6] || isManifest) ? flight : null,
            FlightDate = air && (include[7] || isManifest) ? new DateOnly(2000, 1, 1).AddDays(flightDay) : null,
            VesselImo = !air && (include[6] || isManifest) ? imo : null,
            VesselName = !air && include[7] ? vesselName : null,
            VoyageNumber = !air && (include[8] || isManifest) ? voyage : null,
        };

    public static Gen<string> ContainerNumber() =>
        from owner in StringOf(Upper, 3, 3)
        from category in Gen.Elements('U', 'J', 'Z')
        from serial in StringOf(Digits, 6, 6)
        let firstTen = owner + category + serial
        select firstTen + CheckDigits.ContainerCheckDigit(firstTen)!.Value;

    public static Gen<string> AirWaybill() =>
        from prefix in StringOf(Digits, 3, 3)
        from serial in StringOf(Digits, 7, 7)
        select prefix + serial + CheckDigits.AirWaybillCheckDigit(serial)!.Value;

    public static Gen<string> BillOfLading() =>
        from carrier in StringOf(Upper, 4, 4)
        from serial in StringOf(Digits, 6, 12)
        select carrier + serial;

    public static Gen<string> HouseAirWaybill() =>
        from agent in StringOf(Upper, 3, 3)
        from serial in StringOf(Digits, 1, 9)
        select agent + serial;

    public static Gen<string> DeclarationNumber(TradeDirection direction) =>
        from office in StringOf(Digits, 4, 4)
        from year in Gen.Choose(2000, 2025)
        from serial in StringOf(Digits, 9, 9)
        select $"{office}{year}{(direction == TradeDirection.Import ? '1' : '0')}{serial}";

    public static Gen<string> FlightNumber() =>
        from airline in StringOf(Upper, 2, 3)
        from number in StringOf(Digits, 1, 4)
        from suffix in Gen.Elements("", "A", "D")
        select airline + number + suffix;

    public static Gen<string> VesselImo() =>
        from body in StringOf(Digits, 6, 6)
        select body + CheckDigits.ImoCheckDigit(body)!.Value;

    public static Gen<string> Locode() =>
        from country in StringOf(Upper, 2, 2)
        from place in StringOf(Upper + "23456789", 3, 3)
        select country + place;

    public static Gen<string> Uscc() =>
        from body in StringOf(CheckDigits.UsccAlphabet, 17, 17)
        select body + CheckDigits.UsccCheckCharacter(body)!.Value;

    public static Gen<string> CustomsCode() =>
        from area in StringOf(Digits, 4, 4)
        from rest in StringOf(Digits + Upper, 6, 6)
        select area + rest;

    /// <summary>Ids as partners send them: ASCII letters, digits and separators, never surrounded by whitespace.</summary>
    public static Gen<string> Identifier() => StringOf(Upper + "abcdefghijklmnopqrstuvwxyz" + Digits + "-_./:", 1, 32);

    /// <summary>Free text with ASCII, accents, Chinese, line breaks and surrogate pairs.</summary>
    public static Gen<string> Text(int minPieces, int maxPieces) =>
        from count in Gen.Choose(minPieces, maxPieces)
        from pieces in Gen.ArrayOf(Gen.Elements(TextPieces), count)
        select string.Concat(pieces);

    /// <summary>A millisecond-precision instant in [earliest, latest] with a random whole-minute UTC offset.</summary>
    public static Gen<DateTimeOffset> Timestamp(DateTimeOffset earliest, DateTimeOffset latest) =>
        from day in Gen.Choose(0, (int)((latest - earliest).Ticks / TimeSpan.TicksPerDay))
        from msOfDay in Gen.Choose(0, (int)MsPerDay - 1)
        from offsetMinutes in Offset()
        let unixMs = Math.Min(earliest.ToUnixTimeMilliseconds() + (day * MsPerDay) + msOfDay, latest.ToUnixTimeMilliseconds())
        select DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    public static Gen<decimal> Decimal(bool nonNegative) =>
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from mid in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from hi in Gen.Frequency((5, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from negative in Gen.Elements(false, !nonNegative)
        from scale in Gen.Choose(0, 28)
        select new decimal(lo, mid, hi, negative, (byte)scale);

    public static Gen<long> Int64() =>
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select ((long)high << 32) | (uint)low;

    public static Gen<EquatableList<Party>> Parties() =>
        from count in Gen.Choose(0, 4)
        from parties in Gen.ArrayOf(Party(), count)
        select new EquatableList<Party>(parties.DistinctBy(p => (p.Role, p.Uscc)));

    public static Gen<Party> Party() =>
        from role in Gen.Elements(Enum.GetValues<PartyRole>())
        from uscc in Uscc()
        from customsCode in Optional(CustomsCode())
        select new Party(role, uscc, customsCode);

    public static Gen<EventAttributes> Attributes() =>
        from count in Gen.Choose(0, 6)
        from entries in Gen.ArrayOf(AttributeEntry(), count)
        select new EventAttributes(entries.DistinctBy(e => e.Key));

    public static Gen<EventAttribute> AttributeValue() => Gen.OneOf(
        Text(1, 20).Select(EventAttribute.Of),
        Int64().Select(EventAttribute.Of),
        Decimal(nonNegative: false).Select(EventAttribute.Of),
        Gen.Elements(true, false).Select(EventAttribute.Of),
        Timestamp(new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero)).Select(EventAttribute.Of));

    public static Gen<SensitivePart?> Sensitive() => Gen.Frequency(
        (2, Gen.Constant<SensitivePart?>(null)),
        (2, SensitiveDetails().Select(d => (SensitivePart?)SensitivePart.FromPlaintext(d))),
        (1, SealedData().Select(s => (SensitivePart?)SensitivePart.FromSealed(s))));

    public static Gen<SensitiveDetails> SensitiveDetails() =>
        from value in OptionalValue(Decimal(nonNegative: true))
        from currency in Gen.Elements("CNY", "USD", "EUR", "JPY", "HKD")
        from name in Optional(Text(1, 20))
        from address in Optional(Text(1, 60))
        from contact in Optional(Text(1, 20))
        select new SensitiveDetails
        {
            DeclaredValue = value,
            Currency = value is null ? null : currency,
            ConsigneeName = name,
            ConsigneeAddress = address,
            ConsigneeContact = contact,
        };

    public static Gen<SealedData> SealedData() =>
        from algorithm in Gen.Elements(CipherAlgorithm.Sm4Gcm, CipherAlgorithm.Aes256Gcm)
        from nonce in Bytes(TradeChain.Crypto.SealedData.NonceBytes, TradeChain.Crypto.SealedData.NonceBytes)
        from ciphertext in Bytes(0, 200)
        from tag in Bytes(TradeChain.Crypto.SealedData.TagBytes, TradeChain.Crypto.SealedData.TagBytes)
        select new SealedData(algorithm, nonce, ciphertext, tag);

    public static Gen<byte[]> Bytes(int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select bytes;

    private static Gen<KeyValuePair<string, EventAttribute>> AttributeEntry() =>
        from first in StringOf("abcdefghijklmnopqrstuvwxyz", 1, 1)
        from rest in StringOf("abcdefghijklmnopqrstuvwxyz0123456789_.-", 0, 24)
        from value in AttributeValue()
        select KeyValuePair.Create(first + rest, value);

    private static Gen<int> Offset() => Gen.Choose(-14 * 60, 14 * 60);

    private static Gen<T?> Optional<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<T?> OptionalValue<T>(Gen<T> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<EquatableList<string>> Distinct(Gen<string> gen, int maxCount) =>
        from count in Gen.Choose(0, maxCount)
        from items in Gen.ArrayOf(gen, count)
        select new EquatableList<string>(items.Distinct(StringComparer.Ordinal));

    private static Gen<string> StringOf(string alphabet, int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from chars in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)
        select new string(chars);
}
