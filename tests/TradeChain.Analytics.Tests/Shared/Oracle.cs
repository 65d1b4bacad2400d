using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Sql;
using TradeChain.Contract;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Tests.Shared;

/// <summary>
/// Every query's definition in plain C# over the ledger's events (first occurrences, ledger
/// order): loops and LINQ, no SQL. The stores must give exactly these answers.
/// </summary>
public sealed class Oracle(IReadOnlyList<ProjectedEvent> events)
{
    public IReadOnlyList<ProjectedEvent> Events { get; } = events;

    /// <summary>A consignment and the facts of its clock (the SQL's "ship" rows).</summary>
    public sealed record Shipment(string Master, string House, string Port, TransportMode? Mode, TradeDirection? Direction, string Trader,
        long? StartMs, long? EndMs, DateOnly EndDate, ProjectedEvent Last);

    public IReadOnlyList<Shipment> Shipments(KpiClock clock, long fromMs, long toMs)
    {
        var scanned = Events.Where(e => e.MasterBill != "" && e.OccurredAtMs >= fromMs && e.OccurredAtMs < toMs).ToArray();
        var housed = scanned.SelectMany(e => e.HouseBills.Select(h => (e.MasterBill, House: h))).Distinct().ToArray();
        var mastersWithHouses = housed.Select(x => x.MasterBill).ToHashSet();
        var consignments = housed.Concat(scanned.Select(e => e.MasterBill).Where(m => !mastersWithHouses.Contains(m)).Distinct().Select(m => (MasterBill: m, House: "")));
        var byMaster = scanned.ToLookup(e => e.MasterBill);
        var shipments = new List<Shipment>();
        foreach (var (master, house) in consignments)
        {
            var applied = byMaster[master].Where(e => e.HouseBills.Count == 0 || e.HouseBills.Contains(house)).ToArray();
            var starts = applied.Where(e => clock.Start.Contains(e.EventType)).ToArray();
            var ends = applied.Where(e => clock.End.Contains(e.EventType)).ToArray();
            var endEvent = ends.Length == 0 ? null
                : clock.EndPick == MilestonePick.First ? ends.MinBy(e => (e.OccurredAtMs, e.LedgerPosition)) : ends.MaxBy(e => (e.OccurredAtMs, e.LedgerPosition));
            shipments.Add(new Shipment(
                master,
                house,
                FirstNamed(applied, e => e.Port),
                applied.OrderBy(e => e.LedgerPosition).FirstOrDefault(e => e.Mode is not null)?.Mode,
                applied.OrderBy(e => e.LedgerPosition).First().Direction,
                FirstNamed(applied, e => e.TraderUscc),
                starts.Length == 0 ? null : clock.StartPick == MilestonePick.First ? starts.Min(e => e.OccurredAtMs) : starts.Max(e => e.OccurredAtMs),
                endEvent?.OccurredAtMs is { } endMs ? endMs : null,
                endEvent?.LocalDate ?? default,
                applied.MaxBy(e => (e.OccurredAtMs, e.LedgerPosition))!));
        }
        return shipments;
    }

    public IReadOnlyList<KpiRow> Kpi(KpiQuery q)
    {
        var (fromMs, toMs) = QueryWindows.Kpi(q.From, q.To);
        var g = q.GroupBy;
        var durations = Shipments(q.Clock, fromMs, toMs)
            .Where(s => s.StartMs is not null && s.EndMs is not null && s.EndMs >= s.StartMs && s.EndDate >= q.From && s.EndDate < q.To)
            .Where(s => Matches(s, q.Clock, q.Port, q.Mode, q.Direction))
            .Select(s => (Key: (
                Period: g.HasFlag(KpiGrouping.Period) ? Periods.Label(s.EndDate, q.Period) : "",
                Port: g.HasFlag(KpiGrouping.Port) ? s.Port : "",
                Mode: g.HasFlag(KpiGrouping.Mode) ? s.Mode : null,
                Direction: g.HasFlag(KpiGrouping.Direction) ? s.Direction : null,
                Enterprise: g.HasFlag(KpiGrouping.Enterprise) ? s.Trader : ""), Ms: s.EndMs!.Value - s.StartMs!.Value));
        return durations
            .GroupBy(x => x.Key)
            .Select(group =>
            {
                var sorted = group.Select(x => x.Ms).Order().ToArray();
                var k = group.Key;
                return new KpiRow(q.Clock.Name, k.Period, k.Port, k.Mode, k.Direction, k.Enterprise, sorted.Length, sorted.Sum(), sorted[0], sorted[^1],
                    Percentiles.NearestRank(sorted, 50), Percentiles.NearestRank(sorted, 90), Percentiles.NearestRank(sorted, 95));
            })
            .OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Port, StringComparer.Ordinal).ThenBy(r => (byte)(r.Mode ?? 0))
            .ThenBy(r => (byte)(r.Direction ?? 0)).ThenBy(r => r.Enterprise, StringComparer.Ordinal)
            .ToArray();
    }

    public IReadOnlyList<SlaBreachRow> SlaBreaches(SlaQuery q)
    {
        var asOfMs = q.AsOf.ToUnixTimeMilliseconds();
        var (fromMs, toMs) = QueryWindows.Open(asOfMs, asOfMs);
        return Shipments(q.Clock, fromMs, toMs)
            .Where(s => s.StartMs is not null && (s.EndMs is null || s.EndMs >= s.StartMs) && Matches(s, q.Clock, null, null, null))
            .Select(s => (Shipment: s, Elapsed: (s.EndMs ?? asOfMs) - s.StartMs!.Value, Target: SlaTargets.For(q.Targets, s.Port, s.Mode, s.Direction)))
            .Where(x => x.Target is not null && x.Elapsed > (long)x.Target.Target.TotalMilliseconds)
            .OrderByDescending(x => x.Elapsed).ThenBy(x => x.Shipment.Master, StringComparer.Ordinal).ThenBy(x => x.Shipment.House, StringComparer.Ordinal)
            .Select(x => new SlaBreachRow(q.Clock.Name, x.Shipment.Master, x.Shipment.House, x.Shipment.Port, x.Shipment.Mode, x.Shipment.Direction, x.Shipment.Trader,
                DateTimeOffset.FromUnixTimeMilliseconds(x.Shipment.StartMs!.Value), x.Shipment.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
                x.Elapsed, (long)x.Target!.Target.TotalMilliseconds, x.Shipment.Last.EventType, x.Shipment.Last.Location))
            .ToArray();
    }

    public IReadOnlyList<HouseDistributionRow> MasterSplit(string master)
    {
        var ofMaster = Events.Where(e => e.MasterBill == master).ToArray();
        return ofMaster.SelectMany(e => e.HouseBills).Distinct().Order(StringComparer.Ordinal).Select(house =>
        {
            var applied = ofMaster.Where(e => e.HouseBills.Count == 0 || e.HouseBills.Contains(house)).ToArray();
            var transfers = applied.Where(e => e.EventType == TradeEventType.TransferredToCustomsControl).ToArray();
            var exits = applied.Where(e => AnalyticsSql.HouseOutTypes.Contains(e.EventType)).ToArray();
            var transfer = transfers.MinBy(e => (e.OccurredAtMs, e.LedgerPosition));
            var exit = exits.MaxBy(e => (e.OccurredAtMs, e.LedgerPosition));
            return new HouseDistributionRow(master, house, FirstNamed(applied, e => e.Port), FirstNamed(applied, e => e.TraderUscc),
                transfer?.Location ?? exit?.Location ?? "",
                MinAt(applied.Where(e => AnalyticsSql.ArrivalTypes.Contains(e.EventType))),
                transfer?.OccurredAt,
                MinAt(applied.Where(e => e.EventType == TradeEventType.Released)),
                exit?.OccurredAt);
        }).ToArray();
    }

    public IReadOnlyList<VolumeRow> Volumes(VolumeQuery q) =>
        Events.Where(e => e.LocalDate >= q.From && e.LocalDate < q.To && e.Port != "" && (q.Port is null || e.Port == q.Port)
                && e.EventType is TradeEventType.DeclarationFiled or TradeEventType.ManifestFiled)
            .GroupBy(e => (Period: Periods.Label(e.LocalDate, q.Period), e.Port, e.Mode, e.Direction))
            .Select(g => new VolumeRow(g.Key.Period, g.Key.Port, g.Key.Mode, g.Key.Direction,
                g.Where(e => e.EventType == TradeEventType.DeclarationFiled && e.DeclarationNumber != "").Select(e => e.DeclarationNumber).Distinct().Count(),
                g.Where(e => e.EventType == TradeEventType.ManifestFiled && e.MasterBill != "").Select(e => e.MasterBill).Distinct().Count()))
            .OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Port, StringComparer.Ordinal).ThenBy(r => (byte)(r.Mode ?? 0)).ThenBy(r => (byte)(r.Direction ?? 0))
            .ToArray();

    public IReadOnlyList<CargoInPortRow> CargoInPort(CargoInPortQuery q)
    {
        var fromMs = q.From.ToUnixTimeMilliseconds();
        var toMs = q.To.ToUnixTimeMilliseconds();
        var (scanFrom, scanTo) = QueryWindows.Open(fromMs, toMs);
        var byUnit = Events.Where(e => e.OccurredAtMs >= scanFrom && e.OccurredAtMs < scanTo)
            .SelectMany(e => (e.Containers.Count > 0 ? e.Containers : [e.MasterBill]).Where(u => u != "").Select(u => (Unit: u, Event: e)))
            .GroupBy(x => x.Unit, x => x.Event);
        var present = new List<(string Port, TransportMode? Mode, TradeDirection? Direction, string Trader, long Dwell)>();
        foreach (var unit in byUnit)
        {
            var ins = unit.Where(e => AnalyticsSql.InPortTypes.Contains(e.EventType)).ToArray();
            var outs = unit.Where(e => AnalyticsSql.OutOfPortTypes.Contains(e.EventType)).ToArray();
            if (ins.Length == 0)
            {
                continue;
            }
            var inMs = ins.Min(e => e.OccurredAtMs);
            long? outMs = outs.Length == 0 ? null : outs.Max(e => e.OccurredAtMs);
            var port = FirstNamed(unit, e => e.Port);
            if (inMs > toMs || (outMs is { } o && (o <= fromMs || o <= inMs)) || (q.Port is not null && port != q.Port))
            {
                continue;
            }
            var ordered = unit.OrderBy(e => e.LedgerPosition).ToArray();
            present.Add((port, ordered.FirstOrDefault(e => e.Mode is not null)?.Mode, ordered[0].Direction, FirstNamed(unit, e => e.TraderUscc), (outMs ?? toMs) - inMs));
        }
        return present.GroupBy(x => (x.Port, x.Mode, x.Direction, x.Trader))
            .Select(g => new CargoInPortRow(g.Key.Port, g.Key.Mode, g.Key.Direction, g.Key.Trader, g.Count(), g.Sum(x => x.Dwell), g.Max(x => x.Dwell)))
            .OrderBy(r => r.Port, StringComparer.Ordinal).ThenBy(r => (byte)(r.Mode ?? 0)).ThenBy(r => (byte)(r.Direction ?? 0)).ThenBy(r => r.Enterprise, StringComparer.Ordinal)
            .ToArray();
    }

    public IReadOnlyList<TurnaroundRow> Turnaround(TurnaroundQuery q)
    {
        var fromMs = q.From.ToUnixTimeMilliseconds();
        var toMs = q.To.ToUnixTimeMilliseconds();
        var (scanFrom, scanTo) = QueryWindows.Turnaround(fromMs, toMs);
        return Events.Where(e => e.Conveyance != "" && e.EventType is TradeEventType.Arrived or TradeEventType.Departed
                && e.OccurredAtMs >= scanFrom && e.OccurredAtMs < scanTo && (q.Port is null || e.Port == q.Port))
            .GroupBy(e => (e.Port, e.Mode, e.Conveyance))
            .Select(g => (g.Key, Arrived: g.Where(e => e.EventType == TradeEventType.Arrived).Select(e => (long?)e.OccurredAtMs).Min(), Departed: g.Where(e => e.EventType == TradeEventType.Departed).Select(e => (long?)e.OccurredAtMs).Min()))
            .Where(x => x.Arrived is { } a && a >= fromMs && a < toMs)
            .OrderBy(x => x.Arrived).ThenBy(x => x.Key.Port, StringComparer.Ordinal).ThenBy(x => x.Key.Conveyance, StringComparer.Ordinal)
            .Select(x => new TurnaroundRow(x.Key.Port, x.Key.Mode, x.Key.Conveyance, DateTimeOffset.FromUnixTimeMilliseconds(x.Arrived!.Value), x.Departed is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null))
            .ToArray();
    }

    public IReadOnlyList<VehicleMovementRow> VehicleMovements(VehicleMovementQuery q) =>
        Events.Where(e => e.VehicleRegistration == q.Plate && e.EventType is TradeEventType.GateIn or TradeEventType.GateOut && (q.Port is null || e.Port == q.Port))
            .OrderByDescending(e => e.OccurredAtMs).ThenByDescending(e => e.LedgerPosition)
            .Select(e => new VehicleMovementRow(e.EventId, e.Height, e.TransactionIndex, e.LeafIndex, e.EventType, e.OccurredAt, e.Port, e.Location, e.MasterBill, e.Containers, e.AttributesJson))
            .ToArray();

    /// <summary>The events a trace of <paramref name="reference"/> holds, in occurrence order (ties by ledger order).</summary>
    public IReadOnlyList<ProjectedEvent> Trace(string reference, ShipmentKeyKind? kind = null)
    {
        var direct = Events.Where(e => e.Keys.Any(k => k.Value == reference && (kind is null || k.Kind == kind))).ToArray();
        var masters = direct.Where(e => e.Keys.Any(k => k.Value == reference && k.Kind == ShipmentKeyKind.HouseBill) && (kind is null or ShipmentKeyKind.HouseBill))
            .Select(e => e.MasterBill).Where(m => m != "").ToHashSet();
        var masterLevel = Events.Where(e => e.HouseBills.Count == 0 && e.Keys.Any(k => k.Kind == ShipmentKeyKind.MasterBill && masters.Contains(k.Value)));
        return direct.Concat(masterLevel).DistinctBy(e => e.EventId).OrderBy(e => e.OccurredAtMs).ThenBy(e => e.LedgerPosition).ToArray();
    }

    private static bool Matches(Shipment s, KpiClock clock, string? port, TransportMode? mode, TradeDirection? direction) =>
        (clock.Mode is null || s.Mode == clock.Mode) && (clock.Direction is null || s.Direction == clock.Direction)
        && (mode is null || s.Mode == mode) && (direction is null || s.Direction == direction) && (port is null || s.Port == port);

    private static string FirstNamed(IEnumerable<ProjectedEvent> events, Func<ProjectedEvent, string> field) =>
        events.OrderBy(e => e.LedgerPosition).Select(field).FirstOrDefault(v => v != "") ?? "";

    private static DateTimeOffset? MinAt(IEnumerable<ProjectedEvent> events) =>
        events.Select(e => (long?)e.OccurredAtMs).Min() is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
