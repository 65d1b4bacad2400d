using System.Text;
using TradeChain.Analytics.Export;
using TradeChain.Analytics.Queries;
using TradeChain.Api.Auth;
using TradeChain.Api.Problems;
using TradeChain.Api.Queries;

namespace TradeChain.Api.Endpoints;

/// <summary>The commerce bureau's KPI and volume queries, as JSON or as exports (CSV, Arrow IPC stream, Parquet).</summary>
public static class AggregateEndpoints
{
    public static readonly IReadOnlyList<string> Formats = ["json", "csv", "arrow", "parquet"];

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/kpis", async (string? clock, string? from, string? to, string? groupBy, string? period, string? port, string? mode, string? direction, int? maxRows, string? format, HttpContext context, AggregateQueries queries) =>
        {
            var query = new KpiQuery(Parse.Clock(clock), Parse.Date("from", from), Parse.Date("to", to), Parse.GroupBy(groupBy),
                Parse.Enum<Period>("period", period) ?? Period.Month, Parse.Port(port), Parse.Enum<Trade.Events.TransportMode>("mode", mode),
                Parse.Enum<Trade.Events.TradeDirection>("direction", direction), maxRows ?? Analytics.Store.AnalyticsLimits.MaxResultRows);
            var result = await queries.KpiAsync(TradeChainAuthenticationHandler.ScopeOf(context), query, context.RequestAborted);
            return await Respond(context, format, result, ResultTables.Kpi(result));
        }).WithSummary("Clearance-time KPIs (count, mean, percentiles in ms) per clock with filters and grouping; format json, csv, arrow or parquet");

        v1.MapGet("/volumes", async (string? from, string? to, string? period, string? port, int? maxRows, string? format, HttpContext context, AggregateQueries queries) =>
        {
            var query = new VolumeQuery(Parse.Date("from", from), Parse.Date("to", to), Parse.Enum<Period>("period", period) ?? Period.Month, Parse.Port(port),
                maxRows ?? Analytics.Store.AnalyticsLimits.MaxResultRows);
            var result = await queries.VolumesAsync(TradeChainAuthenticationHandler.ScopeOf(context), query, context.RequestAborted);
            return await Respond(context, format, result, ResultTables.Volumes(result));
        }).WithSummary("Declarations and manifests filed per period, port, mode and direction; format json, csv, arrow or parquet");
    }

    internal static async Task<IResult> Respond<T>(HttpContext context, string? format, QueryResult<T> result, ResultTable table)
    {
        var response = context.Response;
        response.Headers["X-Truncated"] = result.Truncated ? "true" : "false";
        switch (format ?? "json")
        {
            case "json":
                return TypedResults.Ok(result);
            case "csv":
                response.ContentType = "text/csv; charset=utf-8";
                response.Headers.ContentDisposition = $"attachment; filename=\"{table.Name}.csv\"";
                await using (var writer = new StreamWriter(response.Body, new UTF8Encoding(false), leaveOpen: true))
                {
                    await ResultExport.WriteCsvAsync(table, writer, context.RequestAborted);
                }
                return TypedResults.Empty;
            case "arrow":
                response.ContentType = "application/vnd.apache.arrow.stream";
                response.Headers.ContentDisposition = $"attachment; filename=\"{table.Name}.arrows\"";
                await ResultExport.WriteArrowIpcAsync(table, response.Body, context.RequestAborted);
                return TypedResults.Empty;
            case "parquet":
                // The Parquet writer needs a file (DuckDB COPY); a temp file lives only for this response.
                var path = Path.Combine(Path.GetTempPath(), $"tradechain-export-{Guid.NewGuid():N}.parquet");
                try
                {
                    ResultExport.WriteParquet(table, path);
                    response.ContentType = "application/vnd.apache.parquet";
                    response.Headers.ContentDisposition = $"attachment; filename=\"{table.Name}.parquet\"";
                    await response.SendFileAsync(path, context.RequestAborted);
                }
                finally
                {
                    File.Delete(path);
                }
                return TypedResults.Empty;
            default:
                throw ApiProblemException.Invalid($"format '{format}' is not one of {string.Join(", ", Formats)}");
        }
    }
}
