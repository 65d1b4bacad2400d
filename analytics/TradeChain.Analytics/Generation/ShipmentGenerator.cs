using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Generation;

/// <summary>What to generate. Rates are fractions of shipments (or events, for late and duplicate).</summary>
public sealed record GeneratorOptions
{
    public int Seed { get; init; } = 1;

    public int Shipments { get; init; } = 200;

    /// <summary>First local day shipments arrive or are gated in.</summary>
    public DateOnly FirstDay { get; init; } = new(2026, 1, 5);

    /// <summary>Days over which arrivals spread.</summary>
    public int Days { get; init; } = 30;

    /// <summary>Customs orders an inspection (查验) for about 5% of declarations.</summary>
    public double InspectionRate { get; init; } = 0.05;

    /// <summary>Held by customs for a few days.</summary>
    public double HoldRate { get; init; } = 0.03;

    /// <summary>Declaration returned for correction (退单) and filed again.</summary>
    public double RejectionRate { get; init; } = 0.08;

    /// <summary>Events whose message reaches the ledger a day or more late (after later milestones).</summary>
    public double LateRate { get; init; } = 0.05;

    /// <summary>Events a partner sends twice (same source reference: the ledger keeps the first).</summary>
    public double DuplicateRate { get; init; } = 0.01;

    /// <summary>Import cargo gated out before its release: the anomaly the contract flags.</summary>
    public double GateOutBeforeReleaseRate { get; init; } = 0.01;
}

/// <summary>A generated event and when its partner submits it (Unix ms): the ledger orders by submission, not occurrence.</summary>
public sealed record GeneratedEvent(TradeEvent Event, long SubmittedAtMs);

/// <summary>
/// A seeded generator of realistic trade: sea imports and exports at Tianjin (CNTSN) on shared
/// vessel calls, air imports and exports at Beijing Capital (CNPEK) on shared flights, with
/// manifests, declarations (some rejected and re-filed), inspections, holds, releases, gate and
/// terminal events, master bills split into houses that go to different bonded warehouses, late
/// messages, partner resubmissions and a few gate-outs before release. Every event passes
/// <see cref="TradeEventValidator"/>; every identifier carries a correct check digit. The same
/// seed gives the same events, in the same order.
/// </summary>
public sealed class ShipmentGenerator
{
    public const string SeaCustoms = "tianjin-customs";
    public const string AirCustoms = "beijing-customs";
    public const string SeaTerminal = "cntsn-port";
    public const string SeaCarrier = "cosco-shipping";
    public const string AirTerminal = "pek-cargo-terminal";
    public const string TaxBureau = "tax-bureau";

    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private const long MsPerHour = 3_600_000;

    /// <summary>Bonded warehouses and logistics parks an air import house is split to (分拨).</summary>
    public static readonly string[] AirDistributionPoints = ["BGS bonded warehouse", "Capital Airport Logistics Park", "Tianzhu Comprehensive Bonded Zone", "Shunyi express hub"];

    public static readonly string[] SeaDistributionPoints = ["Dongjiang bonded port", "Tianjin Port Free Trade Zone", "Binhai inland depot"];

    private readonly GeneratorOptions _options;
    private readonly Random _random;
    private readonly SyntheticTrade _trade;
    private readonly List<GeneratedEvent> _events = [];
    private readonly string[] _traders;
    private readonly string[] _brokers;
    private int _serial;

    public ShipmentGenerator(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Shipments, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1);
        _options = options;
        _random = new Random(options.Seed);
        _trade = new SyntheticTrade(_random);
        _traders = Enumerable.Range(0, 40).Select(_ => _trade.Uscc("9112")).ToArray();
        _brokers = Enumerable.Range(0, 8).Select(_ => _trade.Uscc("9111")).ToArray();
    }

    /// <summary>The events of <see cref="GeneratorOptions.Shipments"/> shipments, in submission order (ties by generation order).</summary>
    public IReadOnlyList<GeneratedEvent> Generate()
    {
        _events.Clear();
        var seaCalls = new List<Conveyance>();
        var flights = new List<Conveyance>();
        for (var s = 0; s < _options.Shipments; s++)
        {
            var kind = _random.Next(4);
            var day = _options.FirstDay.AddDays(_random.Next(_options.Days));
            if (kind < 2)
            {
                var call = SeaCall(seaCalls, day);
                if (kind == 0) { SeaImport(call); } else { SeaExport(call); }
            }
            else
            {
                var flight = Flight(flights, day);
                if (kind == 2) { AirImport(flight); } else { AirExport(flight); }
            }
        }
        // Conveyance-level departures: the vessel leaves the berth, the aircraft the stand.
        foreach (var call in seaCalls)
        {
            Add(SeaTerminal, "berth-system", Feed.TransportMovement, TransportMode.Sea, TradeDirection.Export, "CNTSN", "Pacific International Container Terminal",
                TradeEventType.Departed, call.ArrivalMs + call.StayMs, new References { VesselImo = call.Id, VesselName = call.Name, VoyageNumber = call.Voyage }, []);
        }
        foreach (var flight in flights)
        {
            Add(AirTerminal, "bgs-cargo-fsu", Feed.TransportMovement, TransportMode.Air, TradeDirection.Export, "CNPEK", "Terminal 3 cargo apron",
                TradeEventType.Departed, flight.ArrivalMs + flight.StayMs, new References { FlightNumber = flight.Id, FlightDate = flight.Date }, []);
        }
        return _events.Select((e, i) => (e, i)).OrderBy(x => x.e.SubmittedAtMs).ThenBy(x => x.i).Select(x => x.e).ToArray();
    }

    private sealed record Conveyance(string Id, string Name, string Voyage, DateOnly Date, long ArrivalMs, long StayMs);

    private Conveyance SeaCall(List<Conveyance> calls, DateOnly day)
    {
        // About ten shipments per vessel call: reuse a call on the same day when there is one.
        var existing = calls.FirstOrDefault(c => c.Date == day && _random.NextDouble() < 0.9);
        if (existing is not null)
        {
            return existing;
        }
        var call = new Conveyance(_trade.Imo(), $"COSCO {_trade.Pick(["TAURUS", "PISCES", "ARIES", "LEO", "VIRGO"])}", $"{_random.Next(100, 999)}E", day,
            LocalMs(day, 5 + _random.Next(14)), (18 + _random.Next(30)) * MsPerHour);
        calls.Add(call);
        return call;
    }

    private Conveyance Flight(List<Conveyance> flights, DateOnly day)
    {
        var existing = flights.FirstOrDefault(f => f.Date == day && _random.NextDouble() < 0.85);
        if (existing is not null)
        {
            return existing;
        }
        var flight = new Conveyance($"{_trade.Pick(["CA", "MU", "CZ", "HU"])}{_random.Next(100, 9999)}", "", "", day,
            LocalMs(day, 1 + _random.Next(22)), (2 + _random.Next(3)) * MsPerHour);
        flights.Add(flight);
        return flight;
    }

    private void SeaImport(Conveyance call)
    {
        var master = $"COSU{_trade.Digits(10)}";
        var houses = Enumerable.Range(0, _random.Next(3) == 0 ? 1 + _random.Next(2) : 0).Select(_ => $"TJHB{_trade.Digits(8)}").ToArray();
        var containers = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => _trade.Container()).ToArray();
        var trader = _trade.Pick(_traders);
        var broker = _trade.Pick(_brokers);
        var declaration = Declaration("0202", TradeDirection.Import);
        Party[] parties = [new(PartyRole.Consignee, trader), new(PartyRole.Declarant, broker)];
        var vessel = new References { VesselImo = call.Id, VesselName = call.Name, VoyageNumber = call.Voyage };
        const string port = "CNTSN";
        var arrival = call.ArrivalMs;

        Add(SeaCarrier, "cosco-edi-cuscar", Feed.Manifest, TransportMode.Sea, TradeDirection.Import, port, null, TradeEventType.ManifestFiled,
            arrival - Hours(24, 72), vessel with { MasterBill = master, HouseBills = [.. houses], Containers = [.. containers] }, parties);
        Add(SeaTerminal, "berth-system", Feed.TransportMovement, TransportMode.Sea, TradeDirection.Import, port, "Pacific International Container Terminal",
            TradeEventType.Arrived, arrival, vessel with { MasterBill = master }, []);
        foreach (var container in containers)
        {
            Add(SeaTerminal, "tos-codeco", Feed.TransportMovement, TransportMode.Sea, TradeDirection.Import, port, "Pacific International Container Terminal",
                TradeEventType.Discharged, arrival + Hours(2, 12), new References { MasterBill = master, Containers = [container] }, []);
        }
        var released = Clearance(SeaCustoms, "single-window", TransportMode.Sea, TradeDirection.Import, port, master, houses, containers, declaration, parties, arrival - Hours(0, 24));
        foreach (var house in houses)
        {
            Add(SeaTerminal, "cfs-system", Feed.TransportMovement, TransportMode.Sea, TradeDirection.Import, port, _trade.Pick(SeaDistributionPoints),
                TradeEventType.TransferredToCustomsControl, arrival + Hours(6, 30), new References { MasterBill = master, HouseBills = [house], Containers = [.. containers] }, parties);
        }
        var early = _random.NextDouble() < _options.GateOutBeforeReleaseRate;
        foreach (var container in containers)
        {
            var gateOut = early ? released - Hours(1, 6) : released + Hours(2, 72);
            Add(SeaTerminal, "gate-system", Feed.PortGate, TransportMode.Sea, TradeDirection.Import, port, $"Gate {1 + _random.Next(6)}",
                TradeEventType.GateOut, gateOut, new References { MasterBill = master, Containers = [container], VehicleRegistration = _trade.Plate() }, parties);
        }
        Tax(TransportMode.Sea, TradeDirection.Import, port, master, declaration, parties, released);
    }

    private void SeaExport(Conveyance call)
    {
        var master = $"COSU{_trade.Digits(10)}";
        var containers = Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => _trade.Container()).ToArray();
        var trader = _trade.Pick(_traders);
        var broker = _trade.Pick(_brokers);
        var declaration = Declaration("0202", TradeDirection.Export);
        Party[] parties = [new(PartyRole.Shipper, trader), new(PartyRole.Declarant, broker)];
        var vessel = new References { VesselImo = call.Id, VesselName = call.Name, VoyageNumber = call.Voyage };
        const string port = "CNTSN";
        var departure = call.ArrivalMs + call.StayMs;
        var gateIn = departure - Hours(30, 120);

        Add(SeaCarrier, "cosco-booking", Feed.Manifest, TransportMode.Sea, TradeDirection.Export, port, null, TradeEventType.BookingConfirmed,
            gateIn - Hours(48, 120), new References { MasterBill = master, BookingNumber = $"BK{_trade.Digits(8)}" }, parties);
        foreach (var container in containers)
        {
            Add(SeaTerminal, "gate-system", Feed.PortGate, TransportMode.Sea, TradeDirection.Export, port, $"Gate {1 + _random.Next(6)}",
                TradeEventType.GateIn, gateIn + Hours(0, 6), new References { MasterBill = master, Containers = [container], VehicleRegistration = _trade.Plate() }, parties);
        }
        var released = Clearance(SeaCustoms, "single-window", TransportMode.Sea, TradeDirection.Export, port, master, [], containers, declaration, parties, gateIn - Hours(0, 12));
        foreach (var container in containers)
        {
            Add(SeaTerminal, "tos-codeco", Feed.TransportMovement, TransportMode.Sea, TradeDirection.Export, port, "Pacific International Container Terminal",
                TradeEventType.Loaded, Math.Max(released, departure - Hours(4, 10)) + Hours(0, 2), new References { MasterBill = master, Containers = [container] }, []);
        }
        Add(SeaTerminal, "berth-system", Feed.TransportMovement, TransportMode.Sea, TradeDirection.Export, port, "Pacific International Container Terminal",
            TradeEventType.Departed, Math.Max(departure, released + Hours(3, 5)), vessel with { MasterBill = master }, []);
        Tax(TransportMode.Sea, TradeDirection.Export, port, master, declaration, parties, released);
    }

    private void AirImport(Conveyance flight)
    {
        var master = _trade.AirWaybill();
        var houses = Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => $"PEK{_trade.Digits(8)}").ToArray();
        var trader = _trade.Pick(_traders);
        var broker = _trade.Pick(_brokers);
        Party[] parties = [new(PartyRole.Consignee, trader), new(PartyRole.Declarant, broker)];
        var onFlight = new References { FlightNumber = flight.Id, FlightDate = flight.Date };
        const string port = "CNPEK";
        var arrival = flight.ArrivalMs;

        Add(AirTerminal, "bgs-cargo-fwb", Feed.Manifest, TransportMode.Air, TradeDirection.Import, port, null, TradeEventType.ManifestFiled,
            arrival - Hours(4, 20), onFlight with { MasterBill = master, HouseBills = [.. houses] }, parties);
        Add(AirTerminal, "bgs-cargo-fsu", Feed.TransportMovement, TransportMode.Air, TradeDirection.Import, port, "Terminal 3 cargo apron",
            TradeEventType.Arrived, arrival, onFlight with { MasterBill = master }, []);
        var rcf = arrival + Hours(1, 4);
        Add(AirTerminal, "bgs-cargo-fsu", Feed.TransportMovement, TransportMode.Air, TradeDirection.Import, port, "BGS import warehouse",
            TradeEventType.ReceivedFromFlight, rcf, onFlight with { MasterBill = master }, []);
        // The split (主单分流分拨): each house goes to its own supervised warehouse and clears on its own declaration.
        foreach (var house in houses)
        {
            var houseParties = new[] { new Party(PartyRole.Consignee, _trade.Pick(_traders)), new Party(PartyRole.Declarant, broker) };
            Add(AirTerminal, "bgs-cargo-fsu", Feed.TransportMovement, TransportMode.Air, TradeDirection.Import, port, _trade.Pick(AirDistributionPoints),
                TradeEventType.TransferredToCustomsControl, rcf + Hours(1, 8), new References { MasterBill = master, HouseBills = [house] }, houseParties);
            var released = Clearance(AirCustoms, "customs-ccd", TransportMode.Air, TradeDirection.Import, port, master, [house], [], Declaration("0101", TradeDirection.Import), houseParties, arrival - Hours(0, 6));
            Add(AirTerminal, "bgs-cargo-fsu", Feed.TransportMovement, TransportMode.Air, TradeDirection.Import, port, "BGS import delivery dock",
                TradeEventType.Delivered, released + Hours(1, 30), new References { MasterBill = master, HouseBills = [house] }, houseParties);
        }
    }

    private void AirExport(Conveyance flight)
    {
        var master = _trade.AirWaybill();
        var trader = _trade.Pick(_traders);
        var broker = _trade.Pick(_brokers);
        var declaration = Declaration("0101", TradeDirection.Export);
        Party[] parties = [new(PartyRole.Shipper, trader), new(PartyRole.Declarant, broker)];
        var onFlight = new References { FlightNumber = flight.Id, FlightDate = flight.Date };
        const string port = "CNPEK";
        var departure = flight.ArrivalMs + flight.StayMs;
        var received = departure - Hours(8, 40);

        Add(AirTerminal, "bgs-cargo-fsu", Feed.TransportMovement, TransportMode.Air, TradeDirection.Export, port, "BGS export warehouse",
            TradeEventType.Received, received, new References { MasterBill = master }, parties);
        var released = Clearance(AirCustoms, "customs-ccd", TransportMode.Air, TradeDirection.Export, port, master, [], [], declaration, parties, received - Hours(0, 4));
        Add(AirTerminal, "bgs-cargo-fsu", Feed.TransportMovement, TransportMode.Air, TradeDirection.Export, port, "Terminal 3 cargo apron",
            TradeEventType.Departed, Math.Max(departure, released + Hours(2, 4)), onFlight with { MasterBill = master }, []);
        Tax(TransportMode.Air, TradeDirection.Export, port, master, declaration, parties, released);
    }

    /// <summary>Declaration filed (maybe rejected and re-filed), accepted, maybe inspected or held, released; returns the release time.</summary>
    private long Clearance(string member, string system, TransportMode mode, TradeDirection direction, string port, string master, string[] houses, string[] containers, string declaration, Party[] parties, long filedMs)
    {
        var refs = new References { MasterBill = master, HouseBills = [.. houses], Containers = [.. containers], DeclarationNumber = declaration };
        var office = mode == TransportMode.Sea ? "Xingang customs" : "Capital Airport customs";
        Add(member, system, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.DeclarationFiled, filedMs, refs, parties);
        var accepted = filedMs + Hours(1, 6);
        if (_random.NextDouble() < _options.RejectionRate)
        {
            var rejected = filedMs + Hours(1, 4);
            Add(member, system, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.DeclarationRejected, rejected, refs, parties);
            Add(member, system, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.DeclarationFiled, rejected + Hours(2, 20), refs, parties);
            accepted = rejected + Hours(22, 30);
        }
        Add(member, system, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.DeclarationAccepted, accepted, refs, parties);
        var released = accepted + Hours(1, 30);
        if (_random.NextDouble() < _options.InspectionRate)
        {
            Add(member, system, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.InspectionOrdered, accepted + Hours(1, 3), refs, parties);
            var inspected = accepted + Hours(20, 50);
            Add(member, system, Feed.CustomsStatus, mode, direction, port, "customs inspection area", TradeEventType.Inspected, inspected, refs, parties);
            released = inspected + Hours(2, 10);
        }
        if (_random.NextDouble() < _options.HoldRate)
        {
            Add(member, system, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.Held, released - Hours(1, 2), refs, parties);
            released += Hours(48, 120);
        }
        Add(member, system, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.Released, released, refs, parties);
        return released;
    }

    private void Tax(TransportMode mode, TradeDirection direction, string port, string master, string declaration, Party[] parties, long releasedMs)
    {
        var refs = new References { MasterBill = master, DeclarationNumber = declaration };
        var type = direction == TradeDirection.Import ? TradeEventType.TaxPaid : TradeEventType.ExportRefundFiled;
        Add(TaxBureau, "golden-tax", Feed.Tax, mode, direction, port, null, type, releasedMs + Hours(1, 48), refs, parties);
    }

    private void Add(string member, string system, Feed feed, TransportMode mode, TradeDirection direction, string port, string? location, TradeEventType type, long occurredMs, References references, Party[] parties)
    {
        var occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(occurredMs).ToOffset(China);
        var recordedAt = occurredAt.AddMilliseconds(_random.Next(5_000, 300_000));
        var submittedMs = recordedAt.ToUnixTimeMilliseconds() + _random.Next(1_000, 60_000);
        if (_random.NextDouble() < _options.LateRate)
        {
            // A late message: recorded and submitted a day or two after it happened.
            recordedAt = recordedAt.AddMilliseconds(Hours(20, 60));
            submittedMs = recordedAt.ToUnixTimeMilliseconds() + _random.Next(1_000, 60_000);
        }
        var tradeEvent = new TradeEvent
        {
            MemberId = member,
            SourceSystem = system,
            SourceReference = $"{system}-{++_serial:D9}",
            Feed = feed,
            Mode = mode,
            Direction = direction,
            Port = port,
            Location = location,
            EventType = type,
            OccurredAt = occurredAt,
            RecordedAt = recordedAt,
            References = references,
            Parties = [.. parties],
            Attributes = Attributes(type),
            Sensitive = type == TradeEventType.DeclarationFiled
                ? SensitivePart.FromPlaintext(new SensitiveDetails { DeclaredValue = _random.Next(10_000, 5_000_000), Currency = "CNY" })
                : null,
        };
        _events.Add(new GeneratedEvent(tradeEvent, submittedMs));
        if (_random.NextDouble() < _options.DuplicateRate)
        {
            // The partner resends the same message later: same source reference, same event id.
            _events.Add(new GeneratedEvent(tradeEvent, submittedMs + Hours(1, 12)));
        }
    }

    private EventAttributes Attributes(TradeEventType type) => type switch
    {
        TradeEventType.ManifestFiled or TradeEventType.Received or TradeEventType.ReceivedFromFlight => _trade.Cargo(),
        _ => EventAttributes.Empty,
    };

    private long LocalMs(DateOnly day, int hour) => new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, _random.Next(60))), China).ToUnixTimeMilliseconds();

    private long Hours(int min, int max) => (long)((min + (_random.NextDouble() * (max - min))) * MsPerHour);

    private string Declaration(string office, TradeDirection direction) =>
        $"{office}{_options.FirstDay.Year}{(direction == TradeDirection.Import ? '1' : '0')}{_trade.Digits(9)}";
}
