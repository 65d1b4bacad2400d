using TradeChain.Api.Access;
using TradeChain.Api.Auth;
using TradeChain.Api.Ledger;
using TradeChain.Api.Paging;
using TradeChain.Api.Queries;

namespace TradeChain.Api.Endpoints;

/// <summary>The ledger explorer (blocks, transactions, events by their CBD-Forum-001-2017 names) and the consortium's node board.</summary>
public static class ExplorerEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var explorer = v1.MapGroup("/explorer");
        explorer.MapGet("/blocks", async (string? cursor, int? limit, HttpContext context, ExplorerQueries queries) =>
            TypedResults.Ok(await queries.BlocksAsync(TradeChainAuthenticationHandler.ScopeOf(context), cursor, PageLimits.Check(limit), context.RequestAborted)))
            .WithSummary($"Committed blocks, newest first: header fields with their data identifiers, transaction and event counts; cursor-paged, at most {ExplorerQueries.MaxBlocksPerPage} a page");

        explorer.MapGet("/blocks/{height}", async (ulong height, HttpContext context, ExplorerQueries queries) =>
            TypedResults.Ok(await queries.BlockAsync(height, context.RequestAborted)))
            .WithSummary("One block: header, commit certificate with its signers, and its transactions");

        explorer.MapGet("/transactions/{transactionId}", async (string transactionId, HttpContext context, ExplorerQueries queries) =>
            TypedResults.Ok(await queries.TransactionAsync(transactionId, context.RequestAborted)))
            .WithSummary("One transaction: type, signers, sender, recipient, memo, and for an event batch the signed batch header and its event ids");

        explorer.MapGet("/events/{eventId}", async (string eventId, HttpContext context, ExplorerQueries queries) =>
            TypedResults.Ok(await queries.EventAsync(TradeChainAuthenticationHandler.ScopeOf(context), eventId, context.RequestAborted)))
            .WithSummary("One event: its block, transaction and leaf, and (as /shipments shows it to the caller) its content and proof link");

        v1.MapGet("/node/board", async (HttpContext context, NodeBoard board) =>
        {
            var scope = TradeChainAuthenticationHandler.ScopeOf(context);
            if (!scope.CanReadNodeBoard)
            {
                throw scope.Denied("the node board");
            }
            return TypedResults.Ok(await board.ReadAsync(context.RequestAborted));
        }).WithSummary("Every member node's status, asked concurrently with a per-node timeout; unreachable nodes are listed with the reason");
    }
}
