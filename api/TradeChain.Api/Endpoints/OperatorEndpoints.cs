using TradeChain.Api.Auth;
using TradeChain.Api.Ledger;

namespace TradeChain.Api.Endpoints;

/// <summary>Operators' and regulators' view of the member's ledger node.</summary>
public static class OperatorEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/node/status", async (HttpContext context, ILedgerGateway ledger) =>
        {
            var scope = TradeChainAuthenticationHandler.ScopeOf(context);
            if (!scope.CanReadNodeStatus)
            {
                throw scope.Denied("node status");
            }
            return TypedResults.Ok(await ledger.GetStatusAsync(context.RequestAborted));
        }).WithSummary("The member's node: height, consensus round and step, validators, peers, mempool");
    }
}
