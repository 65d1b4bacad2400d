using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Projection;
using TradeChain.Api.Access;
using TradeChain.Api.Audit;
using TradeChain.Api.Auth;
using TradeChain.Api.Hosting;
using TradeChain.Api.Ledger;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Tests.Cluster;
using TradeChain.Testing;
using TradeChain.Trade.Batches;

namespace TradeChain.Api.Node.Tests;

/// <summary>
/// The API over a real ledger node: a one-member consortium as a <c>tradechain node run</c>
/// process, the API's <see cref="GrpcLedgerGateway"/> over its client endpoint, the projector
/// following it over gRPC. A batch committed by the node is read back through the explorer and
/// the proof endpoint, and the node board asks the node and a dead endpoint. On shutdown the API
/// anchors its audit head with the member key; the node admits and commits it, and a restarted
/// API's verification finds it on the ledger.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ExplorerOnNodeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_committed_batch_reads_back_through_the_explorer_and_its_proof_verifies()
    {
        await using var cluster = await NodeCluster.StartAsync(1);
        var node = cluster[0];
        var batch = cluster.Batch(0, 12, "api-explorer");
        var receipt = await node.Client.SubmitBatchAsync(batch, Cancel);
        Assert.True(receipt.Outcome == SubmitOutcome.Accepted, receipt.ToString());
        var commit = await node.Client.WaitForCommitAsync(receipt.TransactionId, NodeCluster.CommitWait, Cancel);
        Assert.True(commit.Committed, cluster.Logs());

        using var temp = new TempDirectory();
        await using var analytics = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = temp.Sub("analytics"), MemoryLimitMiB = 256 });
        await new BlockProjector(new LedgerClientBlockSource(node.Client), analytics, new ProjectorOptions(), new ProjectionMetrics(), TimeProvider.System, NullLogger.Instance).CatchUpAsync(Cancel);

        var data = temp.Sub("api");
        var principals = PrincipalStore.Open(Path.Combine(data, "principals.json"), TimeProvider.System);
        principals.Upsert(new Principal { Id = "regulator", Role = Role.Regulator, Organisation = "Regulator" });
        var key = principals.Issue("regulator").PlainText;
        var dead = $"http://127.0.0.1:{FreePort()}";
        using var memberKey = node.LoadMemberKey(cluster.Suite);
        var components = new ApiComponents(analytics, new GrpcLedgerGateway(node.Client), null, new SymmetricKeyOpener(cluster.Suite, null),
            AuditAnchoring: new AuditAnchoring(memberKey, new LedgerClientAnchorSubmitter(node.Client)));
        var settings = new Dictionary<string, string?>
        {
            ["Api:DataDirectory"] = data,
            ["Api:MemberNodes:0"] = node.ClientAddress,
            ["Api:MemberNodes:1"] = dead,
            ["Api:NodeBoardTimeoutMs"] = "3000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Api:AuditAnchorIntervalMinutes"] = "1440",
        };
        var app = ApiHost.Build(["--urls", "http://127.0.0.1:0"], components, builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync(Cancel);
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            client.DefaultRequestHeaders.Add(TradeChainAuthenticationHandler.ApiKeyHeader, key);

            var transaction = await GetAsync(client, $"/api/v1/explorer/transactions/{receipt.TransactionId}");
            Assert.Equal(commit.Height, transaction.GetProperty("height").GetUInt64());
            Assert.Equal([node.MemberId], transaction.GetProperty("signers").EnumerateArray().Select(s => s.GetString()));
            var eventIds = batch.Events.Select(e => e.ComputeEventId(cluster.Suite).ToString()).ToArray();
            Assert.Equal(eventIds, transaction.GetProperty("data").GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));

            var block = await GetAsync(client, $"/api/v1/explorer/blocks/{commit.Height}");
            Assert.Equal(commit.BlockId, block.GetProperty("blockId").GetString());
            Assert.Contains(receipt.TransactionId, block.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("transactionId").GetString()));
            Assert.Equal([node.MemberId], block.GetProperty("certificate").GetProperty("signers").EnumerateArray().Select(s => s.GetProperty("memberId").GetString()));
            var newest = (await GetAsync(client, "/api/v1/explorer/blocks?limit=1")).GetProperty("items")[0];
            Assert.True(newest.GetProperty("height").GetUInt64() >= commit.Height);

            var view = await GetAsync(client, $"/api/v1/explorer/events/{eventIds[5]}");
            Assert.Equal((commit.Height, 5L), (view.GetProperty("height").GetUInt64(), view.GetProperty("leafIndex").GetInt64()));
            Assert.Equal("Released", view.GetProperty("event").GetProperty("eventType").GetString());
            var proofText = await client.GetStringAsync(view.GetProperty("proofLink").GetString(), Cancel);
            var proof = EventProofJson.Read(proofText);
            Assert.True(EventProofVerifier.Verify(proof).IsValid);
            Assert.Equal(batch.Events[5], LedgerEvents.FromProof(eventIds[5], proofText).Event);

            var board = await GetAsync(client, "/api/v1/node/board");
            var nodes = board.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
            Assert.Equal(node.MemberId, nodes[node.ClientAddress].GetProperty("status").GetProperty("memberId").GetString());
            Assert.True(nodes[node.ClientAddress].GetProperty("status").GetProperty("height").GetUInt64() >= commit.Height);
            Assert.False(nodes[dead].GetProperty("reachable").GetBoolean());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        var anchored = new AuditAnchorJournal(Path.Combine(data, "audit.log.anchor")).Newest();
        Assert.NotNull(anchored);
        var anchorCommit = await node.Client.WaitForCommitAsync(anchored.TransactionId, NodeCluster.CommitWait, Cancel);
        Assert.True(anchorCommit.Committed, cluster.Logs());
        var restarted = ApiHost.Build(["--urls", "http://127.0.0.1:0"], components with { AuditAnchoring = null }, builder => builder.Configuration.AddInMemoryCollection(settings));
        await restarted.StartAsync(Cancel);
        try
        {
            var address = restarted.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            client.DefaultRequestHeaders.Add(TradeChainAuthenticationHandler.ApiKeyHeader, key);
            var anchor = (await GetAsync(client, "/api/v1/audit/verify")).GetProperty("anchor");
            Assert.True(anchor.GetProperty("matches").GetBoolean(), anchor.ToString());
            Assert.Equal((anchored.Records, anchorCommit.Height), (anchor.GetProperty("records").GetInt64(), anchor.GetProperty("height").GetUInt64()));
        }
        finally
        {
            await restarted.StopAsync(CancellationToken.None);
            await restarted.DisposeAsync();
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
