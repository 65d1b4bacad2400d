using System.CommandLine;
using Grpc.Core;
using TradeChain.Node.Client;

namespace TradeChain.Cli.Commands;

/// <summary><c>tradechain node status --address URL</c>: height, round, step, validators, peers with heights and bandwidth, mempool, last commit.</summary>
internal static class NodeStatusCommand
{
    public static Command Create()
    {
        var addressOption = new Option<string>("--address") { Description = "The node's client endpoint.", DefaultValueFactory = _ => "http://127.0.0.1:7200" };
        var jsonOption = new Option<bool>("--json") { Description = "Print the status message as JSON." };
        var command = new Command("status", "Show a running node's status.") { addressOption, jsonOption };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var address = parseResult.GetRequiredValue(addressOption);
            using var client = new LedgerClient(address);
            Node.Client.Grpc.NodeStatus status;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                status = await client.GetStatusAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or HttpRequestException)
            {
                error.WriteLine($"node status: no answer from {address}: {e.Message}");
                return TradeChainCli.ExitCodes.CheckFailed;
            }
            if (parseResult.GetValue(jsonOption))
            {
                output.WriteLine(Google.Protobuf.JsonFormatter.Default.Format(status));
                return TradeChainCli.ExitCodes.Ok;
            }
            var lastCommit = status.LastCommitUnixMs == 0 ? "none since start" : $"{DateTimeOffset.FromUnixTimeMilliseconds(status.LastCommitUnixMs):u}";
            output.WriteLine($"member {status.MemberId} on chain {status.ChainId} ({status.Suite}), genesis {status.GenesisHash}");
            output.WriteLine($"ledger height {status.Height}, block {status.BlockId}, last commit {lastCommit}");
            output.WriteLine($"consensus height {status.ConsensusHeight} round {status.Round} step {status.Step}; {(status.IsValidator ? "validator" : "observer")}, {(status.Participating ? "participating" : "NOT participating")}");
            output.WriteLine($"mempool {status.MempoolBatches} transactions, {status.MempoolBytes} bytes");
            output.WriteLine($"validators ({status.Validators.Count}):");
            foreach (var v in status.Validators)
            {
                output.WriteLine($"  {v.MemberId,-24} power {v.Power,-4} key {v.PublicKey}");
            }
            output.WriteLine($"peers ({status.Peers.Count}):");
            foreach (var p in status.Peers)
            {
                output.WriteLine($"  {p.MemberId,-24} {(p.Connected ? "connected" : "down     ")} height {p.Height,-8} in {p.BytesIn} B  out {p.BytesOut} B  {p.Address}");
            }
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }
}
