using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Api.Hosting;
using TradeChain.Api.Ledger;
using TradeChain.Node.Client;
using TradeChain.Testing;

namespace TradeChain.Api.Tests;

/// <summary>
/// The node board over real endpoints: the fixture's ledger as the own node, a port nobody
/// listens on (refused at once) and a socket that accepts but never speaks gRPC (answers never).
/// </summary>
[Trait("Category", "Api")]
public sealed class NodeBoardTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task without_configured_members_the_board_shows_the_own_node()
    {
        using var regulator = fixture.As("regulator");
        var board = await Json.ReadAsync(await regulator.GetAsync("/api/v1/node/board", Cancel));
        var node = board.GetProperty("nodes").EnumerateArray().Single();
        Assert.Equal((NodeBoard.OwnNode, true), (node.GetProperty("node").GetString(), node.GetProperty("reachable").GetBoolean()));
        Assert.Equal(fixture.Ledger.Tip!.Height, node.GetProperty("status").GetProperty("height").GetUInt64());
        Assert.Equal(fixture.Chain.Validators.Validators.Select(v => v.MemberId), node.GetProperty("status").GetProperty("validatorIds").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal((1, 0), (board.GetProperty("reachable").GetInt32(), board.GetProperty("unreachable").GetInt32()));
    }

    [Fact]
    public async Task dead_and_silent_nodes_are_marked_unreachable_with_the_reason_within_one_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentAddress = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var deadAddress = $"http://127.0.0.1:{ClosedPort()}";
        using var silentClient = new LedgerClient(silentAddress);
        using var deadClient = new LedgerClient(deadAddress);
        var timeout = TimeSpan.FromMilliseconds(600);
        using var board = new NodeBoard(
            [(NodeBoard.OwnNode, new LedgerStoreGateway(fixture.Ledger, TestChain.MemberId)), (silentAddress, new GrpcLedgerGateway(silentClient)), (deadAddress, new GrpcLedgerGateway(deadClient))],
            timeout, TimeProvider.System, NullLogger.Instance);

        var started = Stopwatch.GetTimestamp();
        var view = await board.ReadAsync(Cancel);
        var elapsed = Stopwatch.GetElapsedTime(started);

        // Asked concurrently: two failing nodes cost one timeout, not two.
        Assert.True(elapsed < timeout * 1.9, $"the board took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal((1, 2), (view.Reachable, view.Unreachable));
        var bySource = view.Nodes.ToDictionary(n => n.Node);
        Assert.Equal(fixture.Ledger.Tip!.Height, bySource[NodeBoard.OwnNode].Status!.Height);
        Assert.Equal("no answer within 600 ms", bySource[silentAddress].Reason);
        Assert.Null(bySource[silentAddress].Status);
        Assert.False(bySource[deadAddress].Reachable);
        Assert.False(string.IsNullOrWhiteSpace(bySource[deadAddress].Reason));
    }

    [Fact]
    public async Task configured_member_nodes_replace_the_own_node_on_the_board()
    {
        var dead = $"http://127.0.0.1:{ClosedPort()}";
        using var board = NodeBoard.Create(new ApiOptions { MemberNodes = [dead], NodeBoardTimeoutMs = 500 }, new LedgerStoreGateway(fixture.Ledger, TestChain.MemberId), TimeProvider.System, NullLogger<NodeBoard>.Instance);
        var view = await board.ReadAsync(Cancel);
        var node = Assert.Single(view.Nodes);
        Assert.False(node.Reachable);
        Assert.Equal(dead, node.Node);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:7201", 2000, "not an http(s) client endpoint")]
    [InlineData("http://127.0.0.1:7201", 50, "NodeBoardTimeoutMs")]
    public void member_node_settings_are_checked_at_start(string node, int timeoutMs, string problem)
    {
        var options = new ApiOptions { MemberNodes = [node], NodeBoardTimeoutMs = timeoutMs };
        Assert.Contains(options.Validate(), p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Contains(new ApiOptions { MemberNodes = Enumerable.Repeat("http://127.0.0.1:7201", ApiOptions.MaxMemberNodes + 1).ToList() }.Validate(), p => p.Contains("at most", StringComparison.Ordinal));
        Assert.Empty(new ApiOptions { MemberNodes = ["http://127.0.0.1:7201"] }.Validate());
    }

    /// <summary>A loopback port that was just free: connecting to it is refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
