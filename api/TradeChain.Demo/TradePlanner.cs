using TradeChain.Analytics.Generation;
using TradeChain.Trade.Events;

namespace TradeChain.Demo;

/// <summary>One event a partner reports and when (Unix ms) it sends it; <see cref="Late"/> when sent hours after it happened.</summary>
public sealed record PlannedEvent(string PartnerId, TradeEvent Event, long DueMs, bool Late);

/// <summary>The kind of a planned shipment.</summary>
public enum ShipmentKind
{
    SeaImport,
    SeaExport,
    AirImport,
    AirExport,
}

/// <summary>One shipment's drawn clocks, kept so tests can check the distributions the events came from.</summary>
public sealed record PlannedShipment(ShipmentKind Kind, string MasterBill, long BorderStartMs, long BorderEndMs, bool Inspected, bool Held, bool Rejected)
{
    public double BorderHours => (BorderEndMs - BorderStartMs) / 3_600_000.0;
}

/// <summary>
/// The partners of the demo consortium and the member each reports to. Customs forwards the
/// carriers' cargo reports (CUSCAR) and answers declarations (CUSRES); the port terminal reports
/// gate moves (CODECO) and its vessel and yard events; the air cargo terminal its waybills (XFWB)
/// and statuses (XFSU); the tax bureau reports through customs' member node.
/// </summary>
public static class DemoPartners
{
    public const string SeaCustomsFilings = "tianjin-customs.single-window";
    public const string SeaCustomsResponses = "tianjin-customs.cusres";
    public const string SeaCustomsManifests = "tianjin-customs.cuscar";
    public const string AirCustomsFilings = "beijing-customs.single-window";
    public const string AirCustomsResponses = "beijing-customs.cusres";
    public const string PortGate = "cntsn-port.gate-system";
    public const string PortYard = "cntsn-port.tos";
    public const string PortBerth = "cntsn-port.berth-system";
    public const string CarrierBooking = "cosco-shipping.booking";
    public const string AirStatus = "pek-cargo-terminal.bgs-cargo-fsu";
    public const string AirWaybills = "pek-cargo-terminal.bgs-cargo-fwb";
    public const string Tax = "tax-bureau.golden-tax";

    /// <summary>The member whose ingest worker reads a partner's feed (and signs its events).</summary>
    public static string MemberOf(string partnerId) => partnerId.Split('.')[0] switch
    {
        "cntsn-port" or "cosco-shipping" => DemoMembers.Port,
        "pek-cargo-terminal" => DemoMembers.Airport,
        _ => DemoMembers.Customs,
    };

    public static string SourceSystem(string partnerId) => partnerId[(partnerId.IndexOf('.', StringComparison.Ordinal) + 1)..];
}

/// <summary>
/// Pure, seeded plan of the demo's trade: shipments arrive as a Poisson stream at
/// <c>ratePerHour</c> from <c>startMs</c>, a quarter each sea import and export at Tianjin (CNTSN)
/// and air import and export at Beijing Capital (CNPEK). Each shipment's border-compliance clock
/// is drawn from <see cref="ClearanceTimings"/>, and its milestones are placed around it: manifest
/// and declaration before, acceptance, inspection, hold and release, then gate-out, loading,
/// delivery and tax after. Each event is recorded minutes after it happens and sent a minute later,
/// a few hours late for <see cref="ClearanceTimings.LateRate"/> of them (so later milestones
/// overtake it), and sent twice for <see cref="ClearanceTimings.ResendRate"/>. No clock, no I/O:
/// the same arguments give the same plan.
/// </summary>
public sealed class TradePlanner
{
    private const long MsPerHour = 3_600_000;
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private readonly ClearanceTimings _timings;
    private readonly Random _random;
    private readonly SyntheticTrade _trade;
    private readonly List<PlannedEvent> _events = [];
    private readonly List<PlannedShipment> _shipments = [];
    private readonly string[] _traders;
    private readonly string[] _brokers;
    private int _serial;

    public TradePlanner(int seed, ClearanceTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        if (timings.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(timings));
        }
        _timings = timings;
        _random = new Random(seed);
        _trade = new SyntheticTrade(_random);
        _traders = Enumerable.Range(0, 24).Select(_ => _trade.Uscc("9112")).ToArray();
        _brokers = Enumerable.Range(0, 6).Select(_ => _trade.Uscc("9111")).ToArray();
    }

    public IReadOnlyList<PlannedShipment> Shipments => _shipments;

    /// <summary>The events of <paramref name="shipments"/> shipments, in the order they are due (ties in planning order).</summary>
    public IReadOnlyList<PlannedEvent> Plan(int shipments, double ratePerHour, long startMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shipments, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerHour, 0);
        _events.Clear();
        _shipments.Clear();
        var at = startMs;
        for (var s = 0; s < shipments; s++)
        {
            // Exponential gaps: a Poisson stream of arrivals at the configured rate.
            at += (long)(-Math.Log(1 - _random.NextDouble()) / ratePerHour * MsPerHour);
            switch ((ShipmentKind)(s % 4))
            {
                case ShipmentKind.SeaImport: SeaImport(at); break;
                case ShipmentKind.SeaExport: SeaExport(at); break;
                case ShipmentKind.AirImport: AirImport(at); break;
                default: AirExport(at); break;
            }
        }
        return _events.Select((e, i) => (e, i)).OrderBy(x => x.e.DueMs).ThenBy(x => x.i).Select(x => x.e).ToArray();
    }

    private void SeaImport(long arrival)
    {
        var master = $"COSU{_trade.Digits(10)}";
        var houses = _random.Next(3) == 0 ? new[] { $"TJHB{_trade.Digits(8)}" } : [];
        var containers = Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => _trade.Container()).ToArray();
        Party[] parties = [new(PartyRole.Consignee, _trade.Pick(_traders)), new(PartyRole.Declarant, _trade.Pick(_brokers))];
        var vessel = new References { VesselImo = _trade.Imo(), VesselName = $"COSCO {_trade.Pick(["TAURUS", "PISCES", "ARIES", "LEO", "VIRGO"])}", VoyageNumber = $"{_random.Next(100, 999)}E" };
        const string port = "CNTSN";

        Add(DemoPartners.SeaCustomsManifests, Feed.Manifest, TransportMode.Sea, TradeDirection.Import, port, null, TradeEventType.ManifestFiled,
            arrival - Hours(24, 72), vessel with { MasterBill = master, HouseBills = [.. houses], Containers = [.. containers] }, parties, _trade.Cargo());
        Add(DemoPartners.PortBerth, Feed.TransportMovement, TransportMode.Sea, TradeDirection.Import, port, "Pacific International Container Terminal",
            TradeEventType.Arrived, arrival, vessel with { MasterBill = master }, []);
        foreach (var container in containers)
        {
            Add(DemoPartners.PortYard, Feed.TransportMovement, TransportMode.Sea, TradeDirection.Import, port, "Pacific International Container Terminal",
                TradeEventType.Discharged, arrival + Hours(2, 12), new References { MasterBill = master, Containers = [container] }, []);
        }
        var border = Border(_timings.SeaImportBorderHours);
        var (released, declaration) = Clearance(ShipmentKind.SeaImport, master, houses, containers, parties, filedMs: arrival - Hours(0, 24), borderStartMs: arrival, border);
        foreach (var container in containers)
        {
            Add(DemoPartners.PortGate, Feed.PortGate, TransportMode.Sea, TradeDirection.Import, port, $"Gate {1 + _random.Next(6)}",
                TradeEventType.GateOut, released + Hours(2, 48), new References { MasterBill = master, Containers = [container], VehicleRegistration = _trade.Plate() }, parties);
        }
        Tax(TransportMode.Sea, TradeDirection.Import, port, master, declaration, parties, released);
    }

    private void SeaExport(long gateIn)
    {
        var master = $"COSU{_trade.Digits(10)}";
        var containers = Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => _trade.Container()).ToArray();
        Party[] parties = [new(PartyRole.Shipper, _trade.Pick(_traders)), new(PartyRole.Declarant, _trade.Pick(_brokers))];
        var vessel = new References { VesselImo = _trade.Imo(), VesselName = $"COSCO {_trade.Pick(["PACIFIC", "ATLANTIC", "INDIAN"])}", VoyageNumber = $"{_random.Next(100, 999)}W" };
        const string port = "CNTSN";

        Add(DemoPartners.CarrierBooking, Feed.Manifest, TransportMode.Sea, TradeDirection.Export, port, null, TradeEventType.BookingConfirmed,
            gateIn - Hours(48, 120), new References { MasterBill = master, BookingNumber = $"BK{_trade.Digits(8)}" }, parties);
        // The border clock starts at the first container's gate-in; the others follow within hours.
        for (var i = 0; i < containers.Length; i++)
        {
            Add(DemoPartners.PortGate, Feed.PortGate, TransportMode.Sea, TradeDirection.Export, port, $"Gate {1 + _random.Next(6)}",
                TradeEventType.GateIn, gateIn + (i == 0 ? 0 : Hours(0, 3)), new References { MasterBill = master, Containers = [containers[i]], VehicleRegistration = _trade.Plate() }, parties);
        }
        var border = Border(_timings.SeaExportBorderHours);
        var (released, declaration) = Clearance(ShipmentKind.SeaExport, master, [], containers, parties, filedMs: gateIn - Hours(0, 12), borderStartMs: gateIn, border);
        var loaded = Math.Max(gateIn + border, released + Hours(1, 3));
        _shipments[^1] = _shipments[^1] with { BorderEndMs = loaded };
        foreach (var container in containers)
        {
            Add(DemoPartners.PortYard, Feed.TransportMovement, TransportMode.Sea, TradeDirection.Export, port, "Pacific International Container Terminal",
                TradeEventType.Loaded, loaded, new References { MasterBill = master, Containers = [container] }, []);
        }
        Add(DemoPartners.PortBerth, Feed.TransportMovement, TransportMode.Sea, TradeDirection.Export, port, "Pacific International Container Terminal",
            TradeEventType.Departed, loaded + Hours(2, 8), vessel with { MasterBill = master }, []);
        Tax(TransportMode.Sea, TradeDirection.Export, port, master, declaration, parties, released);
    }

    private void AirImport(long arrival)
    {
        var master = _trade.AirWaybill();
        Party[] parties = [new(PartyRole.Consignee, _trade.Pick(_traders)), new(PartyRole.Declarant, _trade.Pick(_brokers))];
        var flight = Flight(arrival);
        const string port = "CNPEK";

        Add(DemoPartners.AirWaybills, Feed.Manifest, TransportMode.Air, TradeDirection.Import, port, null, TradeEventType.ManifestFiled,
            arrival - Hours(4, 20), flight with { MasterBill = master }, [parties[0]]);
        Add(DemoPartners.AirStatus, Feed.TransportMovement, TransportMode.Air, TradeDirection.Import, port, "Terminal 3 cargo apron",
            TradeEventType.Arrived, arrival, flight with { MasterBill = master }, []);
        Add(DemoPartners.AirStatus, Feed.TransportMovement, TransportMode.Air, TradeDirection.Import, port, "BGS import warehouse",
            TradeEventType.ReceivedFromFlight, arrival + Hours(1, 3), flight with { MasterBill = master }, []);
        var border = Border(_timings.AirImportBorderHours);
        var (released, declaration) = Clearance(ShipmentKind.AirImport, master, [], [], parties, filedMs: arrival - Hours(0, 6), borderStartMs: arrival, border);
        Add(DemoPartners.AirStatus, Feed.TransportMovement, TransportMode.Air, TradeDirection.Import, port, "BGS import delivery dock",
            TradeEventType.Delivered, released + Hours(1, 12), flight with { MasterBill = master }, []);
        Tax(TransportMode.Air, TradeDirection.Import, port, master, declaration, parties, released);
    }

    private void AirExport(long received)
    {
        var master = _trade.AirWaybill();
        Party[] parties = [new(PartyRole.Shipper, _trade.Pick(_traders)), new(PartyRole.Declarant, _trade.Pick(_brokers))];
        const string port = "CNPEK";
        var border = Border(_timings.AirExportBorderHours);
        var flight = Flight(received + border);

        Add(DemoPartners.AirWaybills, Feed.Manifest, TransportMode.Air, TradeDirection.Export, port, null, TradeEventType.ManifestFiled,
            received - Hours(2, 12), flight with { MasterBill = master }, [parties[0]]);
        Add(DemoPartners.AirStatus, Feed.TransportMovement, TransportMode.Air, TradeDirection.Export, port, "BGS export warehouse",
            TradeEventType.Received, received, flight with { MasterBill = master }, []);
        var (released, declaration) = Clearance(ShipmentKind.AirExport, master, [], [], parties, filedMs: received - Hours(0, 4), borderStartMs: received, border);
        var departed = Math.Max(received + border, released + Hours(1, 2));
        _shipments[^1] = _shipments[^1] with { BorderEndMs = departed };
        Add(DemoPartners.AirStatus, Feed.TransportMovement, TransportMode.Air, TradeDirection.Export, port, "Terminal 3 cargo apron",
            TradeEventType.Departed, departed, flight with { MasterBill = master }, []);
        Tax(TransportMode.Air, TradeDirection.Export, port, master, declaration, parties, released);
    }

    /// <summary>
    /// Declaration filed (maybe returned and filed again), accepted, maybe inspected and held,
    /// released; for imports the release ends the border clock at <paramref name="borderStartMs"/>
    /// + <paramref name="borderMs"/> (+ inspection, + hold), for exports it comes before loading.
    /// Records the shipment and returns the release time and the declaration number.
    /// </summary>
    private (long ReleasedMs, string Declaration) Clearance(ShipmentKind kind, string master, string[] houses, string[] containers, Party[] parties, long filedMs, long borderStartMs, long borderMs)
    {
        var sea = kind is ShipmentKind.SeaImport or ShipmentKind.SeaExport;
        var import = kind is ShipmentKind.SeaImport or ShipmentKind.AirImport;
        var mode = sea ? TransportMode.Sea : TransportMode.Air;
        var direction = import ? TradeDirection.Import : TradeDirection.Export;
        var port = sea ? "CNTSN" : "CNPEK";
        var office = sea ? "Xingang customs" : "Capital Airport customs";
        var (filings, responses) = sea ? (DemoPartners.SeaCustomsFilings, DemoPartners.SeaCustomsResponses) : (DemoPartners.AirCustomsFilings, DemoPartners.AirCustomsResponses);
        var declaration = $"{(sea ? "0202" : "0101")}{DateTimeOffset.FromUnixTimeMilliseconds(filedMs).ToOffset(China).Year}{(import ? '1' : '0')}{_trade.Digits(9)}";
        var refs = new References { MasterBill = master, HouseBills = [.. houses], Containers = [.. containers], DeclarationNumber = declaration };
        Add(filings, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.DeclarationFiled, filedMs, refs, parties, sensitive: true);
        var accepted = filedMs + Hours(1, sea ? 6 : 2);
        var rejected = _random.NextDouble() < _timings.RejectionRate;
        if (rejected)
        {
            var returned = filedMs + Hours(1, 4);
            Add(responses, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.DeclarationRejected, returned, refs, parties);
            var refiled = returned + Hours(2, 20);
            Add(filings, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.DeclarationFiled, refiled, refs, parties, sensitive: true);
            accepted = refiled + Hours(1, sea ? 6 : 2);
        }
        Add(responses, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.DeclarationAccepted, accepted, refs, parties);
        // Exports release part-way through the border clock (loading follows); imports end it.
        var released = import ? borderStartMs + borderMs : borderStartMs + (long)(borderMs * (0.3 + (0.4 * _random.NextDouble())));
        released = Math.Max(released, accepted + Hours(0.5, 3));
        var inspected = _random.NextDouble() < _timings.InspectionRate;
        if (inspected)
        {
            var ordered = accepted + Hours(0.5, 3);
            Add(responses, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.InspectionOrdered, ordered, refs, parties);
            var (min, max) = _timings.SeaInspectionHours;
            var inspection = sea ? Hours(min, max) : Hours(min / 3, max / 3);
            var inspectedAt = Math.Max(ordered, released - Hours(1, 3)) + inspection;
            Add(responses, Feed.CustomsStatus, mode, direction, port, "customs inspection area", TradeEventType.Inspected, inspectedAt, refs, parties);
            released = inspectedAt + Hours(1, 4);
        }
        var held = _random.NextDouble() < _timings.HoldRate;
        if (held)
        {
            var heldAt = Math.Max(accepted + Hours(0.5, 2), released - Hours(2, 6));
            Add(responses, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.Held, heldAt, refs, parties);
            released = heldAt + Hours(_timings.HoldHours.Min, _timings.HoldHours.Max);
        }
        Add(responses, Feed.CustomsStatus, mode, direction, port, office, TradeEventType.Released, released, refs, parties);
        _shipments.Add(new PlannedShipment(kind, master, borderStartMs, released, inspected, held, rejected));
        return (released, declaration);
    }

    private void Tax(TransportMode mode, TradeDirection direction, string port, string master, string declaration, Party[] parties, long releasedMs)
    {
        var refs = new References { MasterBill = master, DeclarationNumber = declaration };
        var type = direction == TradeDirection.Import ? TradeEventType.TaxPaid : TradeEventType.ExportRefundFiled;
        Add(DemoPartners.Tax, Feed.Tax, mode, direction, port, null, type, releasedMs + Hours(1, 48), refs, parties);
    }

    private void Add(string partnerId, Feed feed, TransportMode mode, TradeDirection direction, string port, string? location, TradeEventType type, long occurredMs, References references, Party[] parties,
        EventAttributes? attributes = null, bool sensitive = false)
    {
        // Times on the ledger have whole seconds, as the partners' formats write them.
        var occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(occurredMs / 1000 * 1000).ToOffset(China);
        var late = _random.NextDouble() < _timings.LateRate;
        var recordedAt = occurredAt.AddSeconds(_random.Next(5, 300)).AddMilliseconds(late ? Hours(_timings.LateHours.Min, _timings.LateHours.Max) / 1000 * 1000 : 0);
        var dueMs = recordedAt.ToUnixTimeMilliseconds() + _random.Next(1_000, 60_000);
        var tradeEvent = new TradeEvent
        {
            MemberId = DemoPartners.MemberOf(partnerId),
            SourceSystem = DemoPartners.SourceSystem(partnerId),
            SourceReference = $"{DemoPartners.SourceSystem(partnerId)}-{++_serial:D9}",
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
            Attributes = attributes ?? EventAttributes.Empty,
            Sensitive = sensitive ? SensitivePart.FromPlaintext(new SensitiveDetails { DeclaredValue = _random.Next(10_000, 5_000_000), Currency = "CNY" }) : null,
        };
        _events.Add(new PlannedEvent(partnerId, tradeEvent, dueMs, late));
        if (_random.NextDouble() < _timings.ResendRate)
        {
            _events.Add(new PlannedEvent(partnerId, tradeEvent, dueMs + Hours(1, 12), late));
        }
    }

    /// <summary>A border-compliance duration: log-normal around the median (Box–Muller normal), at least a tenth of it.</summary>
    private long Border(double medianHours)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        var hours = Math.Max(medianHours / 10, medianHours * Math.Exp(_timings.BorderSigma * normal));
        return (long)(hours * MsPerHour);
    }

    private References Flight(long atMs)
    {
        var local = DateTimeOffset.FromUnixTimeMilliseconds(atMs).ToOffset(China);
        return new References { FlightNumber = $"{_trade.Pick(["CA", "MU", "CZ", "HU"])}{_random.Next(100, 9999)}", FlightDate = DateOnly.FromDateTime(local.DateTime) };
    }

    private long Hours(double min, double max) => (long)((min + (_random.NextDouble() * (max - min))) * MsPerHour);
}
