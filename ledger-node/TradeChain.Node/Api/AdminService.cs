using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Configuration;
using TradeChain.Node.Consensus;
using TradeChain.Node.Peers;

namespace TradeChain.Node.Api;

/// <summary>Operator commands; each call must carry the node's admin token ("authorization: Bearer TOKEN").</summary>
public sealed class AdminService(LedgerState ledger, Mempool.Mempool mempool, ConsensusDriver driver, PeerNetwork peers, NodeOptions options) : Admin.AdminBase
{
    public override async Task<NodeStatus> SetParticipation(SetParticipationRequest request, ServerCallContext context)
    {
        RequireToken(context);
        var snapshot = await driver.SetParticipationAsync(request.Participate, context.CancellationToken).ConfigureAwait(false);
        return LedgerService.Status(ledger, mempool, snapshot, peers, options);
    }

    private void RequireToken(ServerCallContext context)
    {
        var presented = context.RequestHeaders.GetValue("authorization") ?? "";
        var expected = "Bearer " + options.Node.AdminToken;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "admin calls need 'authorization: Bearer <node.adminToken>'"));
        }
    }
}
