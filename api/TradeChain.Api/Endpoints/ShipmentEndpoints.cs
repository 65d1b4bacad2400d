using TradeChain.Api.Auth;
using TradeChain.Api.Paging;
using TradeChain.Api.Queries;

namespace TradeChain.Api.Endpoints;

/// <summary>Exporters' and authorities' shipment look-ups: status and timeline, events, per-event proofs.</summary>
public static class ShipmentEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/shipments/{reference}", async (string reference, string? kind, HttpContext context, ShipmentQueries queries) =>
            TypedResults.Ok(await queries.SummaryAsync(TradeChainAuthenticationHandler.ScopeOf(context), reference, Parse.Kind(kind), context.RequestAborted)))
            .WithSummary("Status and milestone timeline of a master or house bill, container or declaration number");

        v1.MapGet("/shipments/{reference}/events", async (string reference, string? kind, string? cursor, int? limit, HttpContext context, ShipmentQueries queries) =>
            TypedResults.Ok(await queries.EventsAsync(TradeChainAuthenticationHandler.ScopeOf(context), reference, Parse.Kind(kind), cursor, PageLimits.Check(limit), context.RequestAborted)))
            .WithSummary("The shipment's events in the order they happened, redacted for the caller's role; cursor-paged");

        v1.MapGet("/shipments/{reference}/events/{eventId}/proof", async (string reference, string eventId, HttpContext context, ShipmentQueries queries) =>
        {
            var found = await queries.ProofAsync(TradeChainAuthenticationHandler.ScopeOf(context), reference, eventId, context.RequestAborted);
            return TypedResults.Text(found.ProofJson, "application/json");
        }).WithSummary("The event's proof file (tradechain.event-proof/1), checked offline by `tradechain verify-event`");
    }
}
