using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Configuration;
using TradeChain.Node.Consensus;
using TradeChain.Node.Transport;

namespace TradeChain.Node.Peers;

/// <summary>
/// The node-to-node service on the peer endpoint: inbound consensus message streams, tip queries
/// and block sync. The caller is the member its TLS certificate is bound to; only with plaintext
/// (local development) is the claimed member id header believed.
/// </summary>
public sealed class PeerService(ConsensusDriver driver, Mempool.TransactionGossip gossip, LedgerState ledger, PeerNetwork peers, NodeOptions options, ILogger<PeerService> logger) : Peer.PeerBase
{
    /// <summary>The header a peer names itself in; authoritative only without TLS.</summary>
    public const string MemberHeader = "tradechain-member";

    public override async Task<PushSummary> Push(IAsyncStreamReader<PeerMessage> requestStream, ServerCallContext context)
    {
        var member = Identify(context);
        var chainId = ledger.Genesis.ChainId;
        ulong count = 0;
        var malformed = 0;
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            count++;
            peers.NoteTip(member, message.SenderTip, message.CalculateSize());
            if (message.Kind == PeerMessageKind.Transaction)
            {
                gossip.Receive(message.Payload.Span, member);
                continue;
            }
            try
            {
                driver.Post(ConsensusDriver.FromWire(message, chainId), member);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // Logged once per stream: a broken or hostile peer must not flood the log.
                if (malformed++ == 0)
                {
                    logger.LogWarning("peer {Peer} sent a malformed {Kind} message: {Reason}", member, message.Kind, e.Message);
                }
            }
        }
        return new PushSummary { Messages = count };
    }

    public override Task<TipReply> GetTip(GetTipRequest request, ServerCallContext context)
    {
        Identify(context);
        var tip = ledger.Tip;
        return Task.FromResult(new TipReply { Height = tip.Height, BlockId = tip.BlockId.ToString() });
    }

    public override async Task SyncBlocks(SyncBlocksRequest request, IServerStreamWriter<BlockMessage> responseStream, ServerCallContext context)
    {
        Identify(context);
        var count = Math.Clamp(request.MaxBlocks, 1u, (uint)ConsensusDriver.SyncBatchBlocks);
        for (var height = request.FromHeight; height < request.FromHeight + count; height++)
        {
            if (ledger.Store.ReadBlock(height) is not { } block)
            {
                break;
            }
            await responseStream.WriteAsync(new BlockMessage
            {
                Height = block.Height,
                BlockId = block.Id.ToString(),
                Block = Google.Protobuf.ByteString.CopyFrom(block.Encode()),
            }, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private string Identify(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (http.Connection.LocalPort != PeerPort())
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the peer service is served on the peer endpoint only"));
        }
        if (options.Transport.PlaintextForLocalDevelopment)
        {
            var claimed = context.RequestHeaders.GetValue(MemberHeader);
            return claimed is not null && ledger.Membership.KeyOf(claimed) is not null
                ? claimed
                : throw new RpcException(new Status(StatusCode.PermissionDenied, $"'{claimed}' is not a member"));
        }
        var certificate = http.Connection.ClientCertificate
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "peers must present a member-bound TLS certificate"));
        return TransportIdentity.VerifyBinding(certificate, id => ledger.Membership.KeyOf(id), out var problem)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, problem ?? "certificate refused"));
    }

    private int PeerPort() => System.Net.IPEndPoint.Parse(options.Listen.Peer).Port;
}
