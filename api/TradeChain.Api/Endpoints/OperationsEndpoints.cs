using System.Globalization;
using TradeChain.Analytics.Export;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Store;
using TradeChain.Api.Auth;
using TradeChain.Api.Problems;
using TradeChain.Api.Queries;

namespace TradeChain.Api.Endpoints;

/// <summary>Operational analytics (cargo in port, SLA breaches, turnaround, master-bill split) in the /kpis export formats, and the vehicle lookup.</summary>
public static class OperationsEndpoints
{
    /// <summary>A 90-day SLA is longer than the longest clock measured (<see cref="AnalyticsLimits.MaxClockSpanDays"/>).</summary>
    public const int MaxTargetHours = AnalyticsLimits.MaxClockSpanDays * 24;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/cargo-in-port", async (string? at, string? from, string? to, string? port, int? maxRows, string? format, HttpContext context, OperationsQueries queries, TimeProvider time) =>
        {
            if (from is null != to is null || (at is not null && from is not null))
            {
                throw ApiProblemException.Invalid("give either at (a moment, default now) or both from and to (a window), not a mix");
            }
            var moment = Time("at", at) ?? time.GetUtcNow();
            var (windowFrom, windowTo) = from is null ? (moment, moment) : (Required("from", from), Required("to", to));
            var query = new CargoInPortQuery(windowFrom, windowTo, Parse.Port(port), maxRows ?? AnalyticsLimits.MaxResultRows);
            var result = await queries.CargoInPortAsync(TradeChainAuthenticationHandler.ScopeOf(context), query, context.RequestAborted);
            return await AggregateEndpoints.Respond(context, format, result, ResultTables.CargoInPort(result));
        }).WithSummary("Cargo units in port at a moment (at, default now) or during [from, to], per port, mode, direction and enterprise, with dwell; format json, csv, arrow or parquet");

        v1.MapGet("/sla-breaches", async (string? clock, double? targetHours, string? asOf, int? maxRows, string? format, HttpContext context, OperationsQueries queries, TimeProvider time) =>
        {
            if (targetHours is not ({ } hours and > 0 and <= MaxTargetHours))
            {
                throw ApiProblemException.Invalid($"targetHours is required: the SLA target in hours, over 0 and at most {MaxTargetHours}");
            }
            var query = new SlaQuery(Parse.Clock(clock), [new SlaTarget(null, null, null, TimeSpan.FromHours(hours))], Time("asOf", asOf) ?? time.GetUtcNow(), maxRows ?? AnalyticsLimits.MaxResultRows);
            var result = await queries.SlaBreachesAsync(TradeChainAuthenticationHandler.ScopeOf(context), query, context.RequestAborted);
            return await AggregateEndpoints.Respond(context, format, new QueryResult<SlaBreachView>(result.Rows.Select(SlaBreachView.Of).ToArray(), result.Truncated), ResultTables.SlaBreaches(result));
        }).WithSummary("Shipments whose clock ran past the target as of a time (default now), longest first, each with its shipment reference and link for drill-down; format json, csv, arrow or parquet");

        v1.MapGet("/turnaround", async (string? from, string? to, string? port, int? maxRows, string? format, HttpContext context, OperationsQueries queries) =>
        {
            var query = new TurnaroundQuery(Required("from", from), Required("to", to), Parse.Port(port), maxRows ?? AnalyticsLimits.MaxResultRows);
            var result = await queries.TurnaroundAsync(TradeChainAuthenticationHandler.ScopeOf(context), query, context.RequestAborted);
            return await AggregateEndpoints.Respond(context, format, result, ResultTables.Turnaround(result));
        }).WithSummary("Vessel calls and flights arriving in [from, to) with their departure and turnaround; format json, csv, arrow or parquet");

        v1.MapGet("/shipments/{master}/houses", async (string master, int? maxRows, string? format, HttpContext context, OperationsQueries queries) =>
        {
            var result = await queries.HousesAsync(TradeChainAuthenticationHandler.ScopeOf(context), master, maxRows ?? AnalyticsLimits.MaxResultRows, context.RequestAborted);
            return await AggregateEndpoints.Respond(context, format, result, ResultTables.MasterSplit(result));
        }).WithSummary("Master-bill split (主单分流分拨): each house under the master with its consignee, arrival, transfer, release, exit and destination; format json, csv, arrow or parquet");

        v1.MapGet("/vehicles/{plate}", async (string plate, string? port, int? limit, HttpContext context, VehicleQueries queries) =>
            TypedResults.Ok(await queries.LookUpAsync(TradeChainAuthenticationHandler.ScopeOf(context), plate, Parse.Port(port), limit ?? VehicleMovementQuery.DefaultMaxRows, context.RequestAborted)))
            .WithSummary("A truck by licence plate: its registration and its recent gate-in/gate-out movements, newest first (a port sees its own port's)");
    }

    /// <summary>An ISO 8601 time ("2026-03-01T08:00:00+08:00"; a bare date is midnight UTC); null when absent, a 400 naming the parameter when malformed.</summary>
    private static DateTimeOffset? Time(string name, string? value) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
        : throw ApiProblemException.Invalid($"{name} '{value}' is not an ISO 8601 time such as 2026-03-01T08:00:00+08:00");

    private static DateTimeOffset Required(string name, string? value) =>
        Time(name, value) ?? throw ApiProblemException.Invalid($"{name} is required: an ISO 8601 time or date");
}
