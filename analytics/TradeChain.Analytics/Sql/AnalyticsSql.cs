using System.Globalization;
using System.Text;
using TradeChain.Analytics.Queries;
using TradeChain.Contract;
using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Sql;

/// <summary>
/// The queries' SQL, one text per query for both engines with the differences behind
/// <see cref="SqlDialect"/>. Pure: a query in, statement and parameters out, so the text can be
/// read and tested without an engine. docs/analytics.md explains each definition; the test
/// oracle implements the same definitions in plain C#.
/// </summary>
public sealed class AnalyticsSql(SqlDialect dialect)
{
    /// <summary>Arrival of the cargo at the border: vessel or flight arrival, discharge, RCF.</summary>
    public static readonly TradeEventType[] ArrivalTypes = [TradeEventType.Arrived, TradeEventType.Discharged, TradeEventType.ReceivedFromFlight];

    /// <summary>A unit enters the port: gate-in (export containers), discharge (import containers), RCF (air import), RCS (air export).</summary>
    public static readonly TradeEventType[] InPortTypes = [TradeEventType.Received, TradeEventType.Discharged, TradeEventType.ReceivedFromFlight, TradeEventType.GateIn];

    /// <summary>A unit leaves the port: loaded, departed (exports), delivered, gated out (imports).</summary>
    public static readonly TradeEventType[] OutOfPortTypes = [TradeEventType.Loaded, TradeEventType.Departed, TradeEventType.Delivered, TradeEventType.GateOut];

    /// <summary>A house leaves the port after the split: gated out or delivered.</summary>
    public static readonly TradeEventType[] HouseOutTypes = [TradeEventType.Delivered, TradeEventType.DeliveredToDoor, TradeEventType.GateOut];

    /// <summary>A truck passing the terminal gate: the events a vehicle lookup lists.</summary>
    public static readonly TradeEventType[] GateTypes = [TradeEventType.GateIn, TradeEventType.GateOut];

    /// <summary>Ids per IN list: keeps statements far below ClickHouse's 256 KiB max_query_size and inside DuckDB's index-scan threshold.</summary>
    public const int MaxIdsPerStatement = 2_000;

    private readonly SqlDialect _d = dialect;

    public SqlDialect Dialect => _d;

    /// <summary>The columns of <see cref="TraceEvent"/>, in the order <see cref="SqlRows.TraceEvent"/> reads them.</summary>
    public string TraceEventColumns =>
        $"event_id, height, tx_index, leaf_index, event_type, {_d.EpochMs("occurred_at")} AS occurred_ms, member_id, source_system, mode, direction, port, location, master_bill, house_bills, containers, declaration_number, redacted";

    /// <summary>
    /// Step one of a trace: the events naming the reference (any kind, or one) and, for a house
    /// bill, its master's events that name no house. Returns (event_id, ledger_position, occurred ms).
    /// </summary>
    public SqlText TraceRefs(TraceQuery query)
    {
        var p = new Params(_d);
        var reference = p.Add("ref", SqlParamType.String, query.Reference);
        var kind = query.Kind is { } k ? $" AND ref_kind = {(byte)k}" : "";
        var sql = $"""
            WITH direct AS (
              SELECT event_id, ledger_position, occurred_at, ref_kind, master_bill
              FROM event_refs{_d.Final}
              WHERE ref_value = {reference}{kind}
            ),
            masters AS (
              SELECT DISTINCT master_bill AS m FROM direct WHERE ref_kind = {(byte)ShipmentKeyKind.HouseBill} AND master_bill <> ''
            )
            SELECT event_id, ledger_position, {_d.EpochMs("occurred_at")} AS occurred_ms FROM direct
            UNION ALL
            SELECT event_id, ledger_position, {_d.EpochMs("occurred_at")} AS occurred_ms
            FROM event_refs{_d.Final}
            WHERE ref_kind = {(byte)ShipmentKeyKind.MasterBill} AND house_count = 0 AND ref_value IN (SELECT m FROM masters)
            """;
        return p.Text(sql);
    }

    /// <summary>Step two: the events themselves, by id, within the ledger-position range that holds them (which prunes by zone maps / granules).</summary>
    public SqlText EventsById(IReadOnlyList<string> eventIds, ulong minPosition, ulong maxPosition)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(eventIds.Count, MaxIdsPerStatement);
        var ids = string.Join(", ", eventIds.Select(SqlLiterals.EventId));
        return new SqlText($"""
            SELECT {TraceEventColumns}
            FROM events{_d.Final}
            WHERE ledger_position >= {minPosition.ToString(CultureInfo.InvariantCulture)} AND ledger_position <= {maxPosition.ToString(CultureInfo.InvariantCulture)} AND event_id IN ({ids})
            """, []);
    }

    /// <summary>Ids among <paramref name="eventIds"/> the events table already holds.</summary>
    public string ExistingIds(string table, IReadOnlyList<string> eventIds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(eventIds.Count, MaxIdsPerStatement);
        return $"SELECT event_id FROM {table} WHERE event_id IN ({string.Join(", ", eventIds.Select(SqlLiterals.EventId))})";
    }

    /// <summary>
    /// Shipments (consignments) and their clock milestones over the events in [fromMs, toMs).
    /// A consignment is a house bill under its master, or a master bill that no event names a
    /// house under. An event applies to a consignment when it names its master and either names
    /// its house or names no house at all (a flight arrival of the whole master applies to every
    /// house). Ends with CTE "ship": s_master, s_house, s_port, s_mode, s_direction, s_trader
    /// (from the consignment's first event in ledger order that names each), start_n, start_ms,
    /// end_n, end_ms, end_date (local date of the picked end event), last_type, last_location.
    /// </summary>
    private string ShipmentClocks(KpiClock clock, Params p, long fromMs, long toMs)
    {
        var from = p.Add("scan_from_ms", SqlParamType.Int64, fromMs);
        var to = p.Add("scan_to_ms", SqlParamType.Int64, toMs);
        var start = $"a_type IN ({Codes(clock.Start)})";
        var end = $"a_type IN ({Codes(clock.End)})";
        var atMs = _d.EpochMs("a_at");
        var startMs = clock.StartPick == MilestonePick.First ? _d.MinIfOrZero(atMs, start) : _d.MaxIfOrZero(atMs, start);
        var endMs = clock.EndPick == MilestonePick.First ? _d.MinIfOrZero(atMs, end) : _d.MaxIfOrZero(atMs, end);
        string[] byTime = [atMs, "a_pos"];
        var endDate = clock.EndPick == MilestonePick.First
            ? _d.ArgMinIf("a_date", byTime, end, "DATE '1970-01-01'")
            : _d.ArgMaxIf("a_date", byTime, end, "DATE '1970-01-01'");
        return $"""
            ev AS (
              SELECT master_bill, {_d.UnnestOrBlank("house_bills")} AS house, event_type, occurred_at, local_date, ledger_position, port, mode, direction, trader_uscc, location
              FROM events{_d.Final}
              WHERE master_bill <> '' AND occurred_at >= {_d.TimestampFromMs(from)} AND occurred_at < {_d.TimestampFromMs(to)}
            ),
            housed AS (
              SELECT DISTINCT master_bill AS h_master, house AS h_house FROM ev WHERE house <> ''
            ),
            cons AS (
              SELECT h_master AS c_master, h_house AS c_house FROM housed
              UNION ALL
              SELECT DISTINCT master_bill AS c_master, '' AS c_house FROM ev WHERE master_bill NOT IN (SELECT h_master FROM housed)
            ),
            app AS (
              SELECT c.c_master AS a_master, c.c_house AS a_house, e.event_type AS a_type, e.occurred_at AS a_at, e.local_date AS a_date,
                     e.ledger_position AS a_pos, e.port AS a_port, e.mode AS a_mode, e.direction AS a_direction, e.trader_uscc AS a_trader, e.location AS a_location
              FROM cons AS c INNER JOIN ev AS e ON e.master_bill = c.c_master
              WHERE e.house = '' OR e.house = c.c_house
            ),
            ship AS (
              SELECT a_master AS s_master, a_house AS s_house,
                {_d.ArgMinIf("a_port", ["a_pos"], "a_port <> ''", "''")} AS s_port,
                {_d.ArgMinIf("a_mode", ["a_pos"], "a_mode <> 0", "0")} AS s_mode,
                {_d.ArgMinIf("a_direction", ["a_pos"], "a_direction <> 0", "0")} AS s_direction,
                {_d.ArgMinIf("a_trader", ["a_pos"], "a_trader <> ''", "''")} AS s_trader,
                {_d.CountIf(start)} AS start_n,
                {startMs} AS start_ms,
                {_d.CountIf(end)} AS end_n,
                {endMs} AS end_ms,
                {endDate} AS end_date,
                {_d.ArgMaxIf("a_type", byTime, "a_pos >= 0", "0")} AS last_type,
                {_d.ArgMaxIf("a_location", byTime, "a_pos >= 0", "''")} AS last_location
              FROM app
              GROUP BY a_master, a_house
            )
            """;
    }

    /// <summary>
    /// Clock durations of shipments whose end milestone lies on local dates [From, To), grouped,
    /// with count, total, min, max and nearest-rank p50/p90/p95 (<see cref="Percentiles"/>).
    /// </summary>
    public SqlText Kpi(KpiQuery query)
    {
        var p = new Params(_d);
        var (scanFrom, scanTo) = QueryWindows.Kpi(query.From, query.To);
        var clocks = ShipmentClocks(query.Clock, p, scanFrom, scanTo);
        var fromDate = p.Add("from_date", SqlParamType.String, Iso(query.From));
        var toDate = p.Add("to_date", SqlParamType.String, Iso(query.To));
        var filters = new StringBuilder();
        AppendShipmentFilters(filters, p, query.Clock, query.Port, query.Mode, query.Direction);
        var g = query.GroupBy;
        var dims = $"""
            {(g.HasFlag(KpiGrouping.Period) ? _d.DateText(_d.PeriodStart("end_date", query.Period)) : "''")} AS g_period,
                {(g.HasFlag(KpiGrouping.Port) ? "s_port" : "''")} AS g_port,
                {(g.HasFlag(KpiGrouping.Mode) ? "s_mode" : "0")} AS g_mode,
                {(g.HasFlag(KpiGrouping.Direction) ? "s_direction" : "0")} AS g_direction,
                {(g.HasFlag(KpiGrouping.Enterprise) ? "s_trader" : "''")} AS g_enterprise
            """;
        const string groups = "g_period, g_port, g_mode, g_direction, g_enterprise";
        var sql = $"""
            WITH {clocks},
            dur AS (
              SELECT {dims},
                end_ms - start_ms AS ms
              FROM ship
              WHERE start_n > 0 AND end_n > 0 AND end_ms >= start_ms
                AND end_date >= {_d.DateFromText(fromDate)} AND end_date < {_d.DateFromText(toDate)}{filters}
            ),
            agg AS (
              SELECT {groups}, count(*) AS n, CAST(sum(ms) AS BIGINT) AS total, min(ms) AS lo, max(ms) AS hi, {_d.SortedList("ms")} AS sorted
              FROM dur
              GROUP BY {groups}
            )
            SELECT {groups}, n, total, lo, hi,
              sorted[{_d.IntDiv("50 * n + 99", "100")}] AS p50,
              sorted[{_d.IntDiv("90 * n + 99", "100")}] AS p90,
              sorted[{_d.IntDiv("95 * n + 99", "100")}] AS p95
            FROM agg
            ORDER BY {groups}
            LIMIT {query.MaxRows + 1}
            """;
        return p.Text(sql);
    }

    /// <summary>
    /// Shipments whose clock has run longer than the target that applies to them (the most
    /// specific of <see cref="SlaQuery.Targets"/>, as <see cref="SlaTargets.For"/> picks it),
    /// longest first: finished late, or open and already late at AsOf.
    /// </summary>
    public SqlText SlaBreaches(SlaQuery query)
    {
        SlaTargets.CheckUnique(query.Targets);
        var p = new Params(_d);
        var asOfMs = query.AsOf.ToUnixTimeMilliseconds();
        var (scanFrom, scanTo) = QueryWindows.Open(asOfMs, asOfMs);
        var clocks = ShipmentClocks(query.Clock, p, scanFrom, scanTo);
        var asOf = p.Add("as_of_ms", SqlParamType.Int64, asOfMs);
        var filters = new StringBuilder();
        AppendShipmentFilters(filters, p, query.Clock, null, null, null);
        // The first matching WHEN is the most specific target: the same choice as SlaTargets.For.
        var cases = string.Join("\n      ", query.Targets.OrderByDescending(t => t.Specificity).Select(t =>
        {
            var conditions = new List<string>();
            if (t.Port is not null)
            {
                conditions.Add($"s_port = {SqlLiterals.Locode(t.Port)}");
            }
            if (t.Mode is { } mode)
            {
                conditions.Add($"s_mode = {(byte)mode}");
            }
            if (t.Direction is { } direction)
            {
                conditions.Add($"s_direction = {(byte)direction}");
            }
            var when = conditions.Count == 0 ? "1 = 1" : string.Join(" AND ", conditions);
            return $"WHEN {when} THEN {(long)t.Target.TotalMilliseconds}";
        }));
        var sql = $"""
            WITH {clocks},
            cand AS (
              SELECT s_master, s_house, s_port, s_mode, s_direction, s_trader, start_ms, end_n, end_ms, last_type, last_location,
                CASE WHEN end_n > 0 THEN end_ms - start_ms ELSE {asOf} - start_ms END AS elapsed,
                CASE {cases} ELSE -1 END AS target_ms
              FROM ship
              WHERE start_n > 0 AND (end_n = 0 OR end_ms >= start_ms){filters}
            )
            SELECT s_master, s_house, s_port, s_mode, s_direction, s_trader, start_ms, end_n, end_ms, elapsed, target_ms, last_type, last_location
            FROM cand
            WHERE target_ms >= 0 AND elapsed > target_ms
            ORDER BY elapsed DESC, s_master, s_house
            LIMIT {query.MaxRows + 1}
            """;
        return p.Text(sql);
    }

    /// <summary>
    /// Each house under a master (主单分流分拨): port and consignee (first named), first arrival
    /// (the house's or its master's), first transfer into customs control and where to, first
    /// release, last exit and where from.
    /// </summary>
    public SqlText MasterSplit(MasterSplitQuery query)
    {
        var p = new Params(_d);
        var master = p.Add("master", SqlParamType.String, query.MasterBill);
        var atMs = _d.EpochMs("a_at");
        string[] byTime = [atMs, "a_pos"];
        var arrival = $"a_type IN ({Codes(ArrivalTypes)})";
        var transfer = $"a_type = {(byte)TradeEventType.TransferredToCustomsControl}";
        var released = $"a_type = {(byte)TradeEventType.Released}";
        var exit = $"a_type IN ({Codes(HouseOutTypes)})";
        var sql = $"""
            WITH ev AS (
              SELECT {_d.UnnestOrBlank("house_bills")} AS house, event_type, occurred_at, ledger_position, port, location, trader_uscc
              FROM events{_d.Final}
              WHERE master_bill = {master}
            ),
            houses AS (
              SELECT DISTINCT house AS h FROM ev WHERE house <> ''
            ),
            app AS (
              SELECT hs.h AS a_house, e.event_type AS a_type, e.occurred_at AS a_at, e.ledger_position AS a_pos, e.port AS a_port, e.location AS a_location, e.trader_uscc AS a_trader
              FROM houses AS hs CROSS JOIN ev AS e
              WHERE e.house = '' OR e.house = hs.h
            )
            SELECT a_house,
              {_d.ArgMinIf("a_port", ["a_pos"], "a_port <> ''", "''")} AS port,
              {_d.ArgMinIf("a_trader", ["a_pos"], "a_trader <> ''", "''")} AS consignee,
              {_d.CountIf(arrival)} AS arrived_n, {_d.MinIfOrZero(atMs, arrival)} AS arrived_ms,
              {_d.CountIf(transfer)} AS transferred_n, {_d.MinIfOrZero(atMs, transfer)} AS transferred_ms,
              {_d.ArgMinIf("a_location", byTime, transfer, "''")} AS transfer_location,
              {_d.CountIf(released)} AS released_n, {_d.MinIfOrZero(atMs, released)} AS released_ms,
              {_d.CountIf(exit)} AS out_n, {_d.MaxIfOrZero(atMs, exit)} AS out_ms,
              {_d.ArgMaxIf("a_location", byTime, exit, "''")} AS out_location
            FROM app
            GROUP BY a_house
            ORDER BY a_house
            LIMIT {query.MaxRows + 1}
            """;
        return p.Text(sql);
    }

    /// <summary>Distinct declaration numbers filed and master bills manifested, per period of the filing's local date, port, mode, direction.</summary>
    public SqlText Volumes(VolumeQuery query)
    {
        var p = new Params(_d);
        var from = p.Add("from_date", SqlParamType.String, Iso(query.From));
        var to = p.Add("to_date", SqlParamType.String, Iso(query.To));
        var port = query.Port is null ? "" : $" AND port = {p.Add("port", SqlParamType.String, query.Port)}";
        var filed = (byte)TradeEventType.DeclarationFiled;
        var manifest = (byte)TradeEventType.ManifestFiled;
        var sql = $"""
            SELECT {_d.DateText(_d.PeriodStart("local_date", query.Period))} AS g_period, port AS g_port, mode AS g_mode, direction AS g_direction,
              {_d.CountDistinctIf("declaration_number", $"event_type = {filed} AND declaration_number <> ''")} AS declarations,
              {_d.CountDistinctIf("master_bill", $"event_type = {manifest} AND master_bill <> ''")} AS manifests
            FROM events{_d.Final}
            WHERE local_date >= {_d.DateFromText(from)} AND local_date < {_d.DateFromText(to)} AND event_type IN ({filed}, {manifest}) AND port <> ''{port}
            GROUP BY g_period, g_port, g_mode, g_direction
            ORDER BY g_period, g_port, g_mode, g_direction
            LIMIT {query.MaxRows + 1}
            """;
        return p.Text(sql);
    }

    /// <summary>
    /// The parameters of a query over [from, to) that scans a wider window of events (the scan
    /// window rule is the query's own): scan from/to and from/to, as epoch milliseconds.
    /// </summary>
    private static (string ScanFrom, string ScanTo, string From, string To) WindowParameters(
        Params p, DateTimeOffset from, DateTimeOffset to, Func<long, long, (long FromMs, long ToMs)> scanWindow)
    {
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();
        var (scanFromMs, scanToMs) = scanWindow(fromMs, toMs);
        return (
            p.Add("scan_from_ms", SqlParamType.Int64, scanFromMs),
            p.Add("scan_to_ms", SqlParamType.Int64, scanToMs),
            p.Add("from_ms", SqlParamType.Int64, fromMs),
            p.Add("to_ms", SqlParamType.Int64, toMs));
    }

    /// <summary>
    /// Units (containers; the master bill for events naming no container) in port at some moment
    /// of [From, To]: in from their first in-port event, out at their last out-of-port event, an
    /// exit before the entry never counting as presence. Dwell runs to the exit or to To.
    /// </summary>
    public SqlText CargoInPort(CargoInPortQuery query)
    {
        var p = new Params(_d);
        var (sf, st, from, to) = WindowParameters(p, query.From, query.To, QueryWindows.Open);
        var port = query.Port is null ? "" : $" AND s_port = {p.Add("port", SqlParamType.String, query.Port)}";
        var atMs = _d.EpochMs("occurred_at");
        var inPort = $"event_type IN ({Codes(InPortTypes)})";
        var outOfPort = $"event_type IN ({Codes(OutOfPortTypes)})";
        var sql = $"""
            WITH u AS (
              SELECT {_d.UnnestOr("containers", "master_bill")} AS unit, event_type, occurred_at, ledger_position, port, mode, direction, trader_uscc
              FROM events{_d.Final}
              WHERE occurred_at >= {_d.TimestampFromMs(sf)} AND occurred_at < {_d.TimestampFromMs(st)}
            ),
            per AS (
              SELECT unit,
                {_d.ArgMinIf("port", ["ledger_position"], "port <> ''", "''")} AS s_port,
                {_d.ArgMinIf("mode", ["ledger_position"], "mode <> 0", "0")} AS s_mode,
                {_d.ArgMinIf("direction", ["ledger_position"], "direction <> 0", "0")} AS s_direction,
                {_d.ArgMinIf("trader_uscc", ["ledger_position"], "trader_uscc <> ''", "''")} AS s_trader,
                {_d.CountIf(inPort)} AS in_n, {_d.MinIfOrZero(atMs, inPort)} AS in_ms,
                {_d.CountIf(outOfPort)} AS out_n, {_d.MaxIfOrZero(atMs, outOfPort)} AS out_ms
              FROM u
              WHERE unit <> ''
              GROUP BY unit
            ),
            present AS (
              SELECT s_port, s_mode, s_direction, s_trader, (CASE WHEN out_n > 0 THEN out_ms ELSE {to} END) - in_ms AS dwell
              FROM per
              WHERE in_n > 0 AND in_ms <= {to} AND (out_n = 0 OR (out_ms > {from} AND out_ms > in_ms)){port}
            )
            SELECT s_port, s_mode, s_direction, s_trader, count(*) AS units, CAST(sum(dwell) AS BIGINT) AS total_dwell, max(dwell) AS max_dwell
            FROM present
            GROUP BY s_port, s_mode, s_direction, s_trader
            ORDER BY s_port, s_mode, s_direction, s_trader
            LIMIT {query.MaxRows + 1}
            """;
        return p.Text(sql);
    }

    /// <summary>Conveyances (flight number and date, vessel and voyage) arriving in [From, To) at a port, with their first departure from it.</summary>
    public SqlText Turnaround(TurnaroundQuery query)
    {
        var p = new Params(_d);
        var (sf, st, from, to) = WindowParameters(p, query.From, query.To, QueryWindows.Turnaround);
        var port = query.Port is null ? "" : $" AND port = {p.Add("port", SqlParamType.String, query.Port)}";
        var atMs = _d.EpochMs("occurred_at");
        var arrived = $"event_type = {(byte)TradeEventType.Arrived}";
        var departed = $"event_type = {(byte)TradeEventType.Departed}";
        var sql = $"""
            WITH calls AS (
              SELECT port AS c_port, mode AS c_mode, conveyance AS c_conveyance,
                {_d.CountIf(arrived)} AS arrived_n, {_d.MinIfOrZero(atMs, arrived)} AS arrived_ms,
                {_d.CountIf(departed)} AS departed_n, {_d.MinIfOrZero(atMs, departed)} AS departed_ms
              FROM events{_d.Final}
              WHERE conveyance <> '' AND event_type IN ({(byte)TradeEventType.Arrived}, {(byte)TradeEventType.Departed})
                AND occurred_at >= {_d.TimestampFromMs(sf)} AND occurred_at < {_d.TimestampFromMs(st)}{port}
              GROUP BY port, mode, conveyance
            )
            SELECT c_port, c_mode, c_conveyance, arrived_ms, departed_n, departed_ms
            FROM calls
            WHERE arrived_n > 0 AND arrived_ms >= {from} AND arrived_ms < {to}
            ORDER BY arrived_ms, c_port, c_conveyance
            LIMIT {query.MaxRows + 1}
            """;
        return p.Text(sql);
    }

    /// <summary>GateIn and GateOut events naming the plate (optionally at one port), newest first (ties: later on the ledger first).</summary>
    public SqlText VehicleMovements(VehicleMovementQuery query)
    {
        var p = new Params(_d);
        var plate = p.Add("plate", SqlParamType.String, query.Plate);
        var port = query.Port is null ? "" : $" AND port = {p.Add("port", SqlParamType.String, query.Port)}";
        var sql = $"""
            SELECT event_id, height, tx_index, leaf_index, event_type, {_d.EpochMs("occurred_at")} AS occurred_ms, port, location, master_bill, containers, attributes_json
            FROM events{_d.Final}
            WHERE vehicle_registration = {plate} AND event_type IN ({Codes(GateTypes)}){port}
            ORDER BY occurred_ms DESC, ledger_position DESC
            LIMIT {query.MaxRows + 1}
            """;
        return p.Text(sql);
    }

    private void AppendShipmentFilters(StringBuilder filters, Params p, KpiClock clock, string? port, TransportMode? mode, TradeDirection? direction)
    {
        foreach (var m in new[] { clock.Mode, mode }.OfType<TransportMode>().Distinct())
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND s_mode = {(byte)m}");
        }
        foreach (var d in new[] { clock.Direction, direction }.OfType<TradeDirection>().Distinct())
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND s_direction = {(byte)d}");
        }
        if (port is not null)
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND s_port = {p.Add("port", SqlParamType.String, port)}");
        }
    }

    private static string Codes(IEnumerable<TradeEventType> types) => string.Join(", ", types.Select(t => ((byte)t).ToString(CultureInfo.InvariantCulture)));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Collects a statement's parameters and renders their placeholders.</summary>
    private sealed class Params(SqlDialect dialect)
    {
        private readonly List<SqlParam> _items = [];

        public string Add(string name, SqlParamType type, object value)
        {
            _items.Add(new SqlParam(name, type, value));
            return dialect.Param(name, type);
        }

        public SqlText Text(string sql) => new(sql, _items.ToArray());
    }
}
