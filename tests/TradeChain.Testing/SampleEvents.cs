using TradeChain.Trade.Events;

namespace TradeChain.Testing;

/// <summary>
/// Realistic, valid events for tests across the solution: a sea import released by customs at
/// Tianjin and an air export departing Beijing Capital. Every identifier carries a correct check
/// digit; enterprise codes are synthetic. Both are valid against <see cref="Now"/>.
/// </summary>
public static class SampleEvents
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>The "now" the samples are validated against: after both events, within any skew.</summary>
    public static DateTimeOffset Now { get; } = new(2025, 3, 16, 9, 0, 0, China);

    /// <summary>Customs release (放行) of two containers under one bill of lading at Tianjin.</summary>
    public static TradeEvent SeaImport() => new()
    {
        MemberId = "tianjin-customs",
        SourceSystem = "single-window-release",
        SourceReference = "REL-020220251000012345-01",
        Feed = Feed.CustomsStatus,
        Mode = TransportMode.Sea,
        Direction = TradeDirection.Import,
        Port = "CNTSN",
        Location = "Tianjin Port Pacific International Container Terminal",
        EventType = TradeEventType.Released,
        OccurredAt = new DateTimeOffset(2025, 3, 14, 10, 32, 15, 250, China),
        RecordedAt = new DateTimeOffset(2025, 3, 14, 10, 32, 16, 4, China),
        References = new References
        {
            MasterBill = "EGLV142500012345",
            HouseBills = ["TJHB250001"],
            Containers = ["CSQU3054383", "MSKU9070323"],
            DeclarationNumber = "020220251000012345",
            VesselImo = "9811000",
            VesselName = "EVER GIVEN",
            VoyageNumber = "1125W",
        },
        Parties =
        [
            new Party(PartyRole.Consignee, "91120116MA05JJ8B4G", "1207960123"),
            new Party(PartyRole.Declarant, "91120118MA06TC2L86", "1207980456"),
        ],
        Attributes = new EventAttributes(new Dictionary<string, EventAttribute>
        {
            ["customs_office"] = EventAttribute.Of("0202"),
            ["packages"] = EventAttribute.Of(1480L),
            ["gross_weight_kg"] = EventAttribute.Of(41250.5m),
            ["inspection_required"] = EventAttribute.Of(false),
        }),
        Sensitive = SensitivePart.FromPlaintext(new SensitiveDetails
        {
            DeclaredValue = 1_286_400.00m,
            Currency = "USD",
            ConsigneeName = "天津滨海示例进出口有限公司",
            ConsigneeAddress = "天津市滨海新区示例路 88 号",
            ConsigneeContact = "+86 22 5555 0100",
        }),
    };

    /// <summary>Departure of a consolidated air waybill on an Air China flight from Beijing Capital.</summary>
    public static TradeEvent AirExport() => new()
    {
        MemberId = "pek-cargo-terminal",
        SourceSystem = "bgs-cargo-fsu",
        SourceReference = "FSU-DEP-99912345675-CA1041-20250315",
        Feed = Feed.TransportMovement,
        Mode = TransportMode.Air,
        Direction = TradeDirection.Export,
        Port = "CNPEK",
        Location = "Terminal 3 cargo apron",
        EventType = TradeEventType.Departed,
        OccurredAt = new DateTimeOffset(2025, 3, 15, 13, 47, 0, China),
        RecordedAt = new DateTimeOffset(2025, 3, 15, 13, 52, 41, 877, China),
        References = new References
        {
            MasterBill = "99912345675",
            HouseBills = ["PEK80012345", "PEK80012346"],
            DeclarationNumber = "010120250000067890",
            FlightNumber = "CA1041",
            FlightDate = new DateOnly(2025, 3, 15),
        },
        Parties =
        [
            new Party(PartyRole.Shipper, "91110105MA01XY83K6", "1105910159"),
            new Party(PartyRole.Forwarder, "91110113MA04PEK7NA"),
        ],
        Attributes = new EventAttributes(new Dictionary<string, EventAttribute>
        {
            ["pieces"] = EventAttribute.Of(12L),
            ["chargeable_weight_kg"] = EventAttribute.Of(345.5m),
            ["iata.shc"] = EventAttribute.Of("GEN"),
            ["scheduled_departure"] = EventAttribute.Of(new DateTimeOffset(2025, 3, 15, 13, 30, 0, China)),
        }),
    };

    /// <summary><paramref name="count"/> distinct sea-import events from one member and feed: a batch's worth.</summary>
    public static IReadOnlyList<TradeEvent> SeaImportSeries(int count)
    {
        var template = SeaImport();
        return Enumerable.Range(0, count)
            .Select(i => template with { SourceReference = $"{template.SourceReference}-{i:D5}" })
            .ToArray();
    }
}
