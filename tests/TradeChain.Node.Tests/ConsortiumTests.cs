using TradeChain.Crypto;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Tests.Cluster;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Node.Tests;

/// <summary>
/// The consortium as separate <c>tradechain node run</c> processes on loopback with mutual TLS:
/// what the issue asks to be shown. Each test starts its own cluster and kills every process it
/// started when it ends, passed or failed.
/// </summary>
[Trait("Category", "Node")]
[Collection(MultiProcess.Name)]
public sealed class ConsortiumTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task batches_submitted_to_different_nodes_commit_everywhere_with_identical_blocks_and_the_proof_verifies_offline()
    {
        await using var cluster = await NodeCluster.StartAsync(4, suite: "sm");
        var batches = Enumerable.Range(0, 3).Select(i => cluster.Batch(i, 20, $"consortium-{i}")).ToArray();
        var receipts = new SubmitReceipt[batches.Length];
        for (var i = 0; i < batches.Length; i++)
        {
            receipts[i] = await cluster[i].Client.SubmitBatchAsync(batches[i], Ct);
            Assert.True(receipts[i].Outcome == SubmitOutcome.Accepted, receipts[i].ToString());
        }
        ulong top = 0;
        for (var i = 0; i < batches.Length; i++)
        {
            var commit = await cluster[i].Client.WaitForCommitAsync(receipts[i].TransactionId, NodeCluster.CommitWait, Ct);
            Assert.True(commit.Committed, $"batch {i} was not committed\n{cluster.Logs()}");
            top = Math.Max(top, commit.Height);
        }
        await cluster.WaitForHeightAsync(top, cluster.Nodes);
        await AssertIdenticalChainsAsync(cluster, cluster.Nodes, top);

        // The same batch again, to another node: a duplicate, with the height that holds it.
        var again = await cluster[3].Client.SubmitBatchAsync(batches[0], Ct);
        Assert.Equal(SubmitOutcome.Duplicate, again.Outcome);
        Assert.True(again.CommittedHeight > 0, again.ToString());

        // A batch whose signature was tampered with is refused as such.
        var bad = Forge(cluster.Batch(1, 3, "forged-signature"));
        var badReceipt = await cluster[1].Client.SubmitBatchAsync(bad, Ct);
        Assert.Equal((SubmitOutcome.Rejected, RejectionCode.BadSignature), (badReceipt.Outcome, badReceipt.Rejection));
        Assert.Contains("does not verify", badReceipt.Reason);

        // A member nobody admitted.
        using var strangerKey = cluster.Suite.GenerateSigningKey();
        var stranger = EventBatch.Sign(cluster.Suite, strangerKey, "stranger", Feed.PortGate, 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            [TestChain.Event("stranger-1") with { MemberId = "stranger" }]);
        var strangerReceipt = await cluster[2].Client.SubmitBatchAsync(stranger, Ct);
        Assert.Equal((SubmitOutcome.Rejected, RejectionCode.UnknownMember), (strangerReceipt.Outcome, strangerReceipt.Rejection));
        Assert.Contains("'stranger' is not a member", strangerReceipt.Reason);

        // A member's batch signed with someone else's key.
        using (var otherKey = cluster[2].LoadMemberKey(cluster.Suite))
        {
            var impostor = EventBatch.Sign(cluster.Suite, otherKey, cluster[0].MemberId, Feed.PortGate, 99, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                [TestChain.Event("impostor-1") with { MemberId = cluster[0].MemberId }]);
            var impostorReceipt = await cluster[0].Client.SubmitBatchAsync(impostor, Ct);
            Assert.Equal(RejectionCode.KeyNotCurrent, impostorReceipt.Rejection);
        }

        // A proof fetched from a node verifies offline, pinned to the genesis and the member's key.
        var eventId = batches[0].Events[5].ComputeEventId(cluster.Suite).ToString();
        var proofPath = Path.Combine(cluster[0].Directory, "proof.json");
        File.WriteAllText(proofPath, await cluster[1].Client.GetEventProofJsonAsync(eventId, Ct));
        var verified = Run("verify-event", proofPath, "--genesis", cluster.GenesisPath, "--member-key", Path.Combine(cluster[0].Directory, "keys", "member.pub.pem"));
        Assert.True(verified.Code == 0, verified.Output + verified.Error);
        Assert.Contains("ok    ledger-block", verified.Output);
        Assert.Contains("ok    validator-set", verified.Output);
        Assert.Contains("VALID", verified.Output);

        // The blocks stream from height 0 in order.
        using var streaming = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(streaming.Token, Ct);
        var streamed = new List<BlockMessage>();
        await foreach (var block in cluster[2].Client.StreamBlocksAsync(0, linked.Token))
        {
            streamed.Add(block);
            if (block.Height >= top)
            {
                break;
            }
        }
        Assert.Equal(Enumerable.Range(0, (int)top + 1).Select(h => (ulong)h), streamed.Select(b => b.Height));
    }

    [Fact]
    public async Task a_killed_validator_is_not_needed_and_after_restart_it_catches_up_and_commits_what_it_had_accepted()
    {
        await using var cluster = await NodeCluster.StartAsync(4);
        var lagging = cluster[3];

        // Accepted by node 3 while it does not propose (durable in its log, and forwarded to its peers), then kill -9.
        await lagging.Client.SetParticipationAsync(false, Ct);
        var kept = cluster.Batch(3, 10, "kept-through-crash");
        var keptReceipt = await lagging.Client.SubmitBatchAsync(kept, Ct);
        Assert.Equal(SubmitOutcome.Accepted, keptReceipt.Outcome);
        lagging.Kill();

        // The other three (2f + 1) keep committing, under load.
        var start = (await cluster[0].TryHeightAsync())!.Value;
        for (var i = 0; i < 6; i++)
        {
            var receipt = await cluster[i % 3].Client.SubmitBatchAsync(cluster.Batch(i % 3, 50, $"while-down-{i}"), Ct);
            Assert.Equal(SubmitOutcome.Accepted, receipt.Outcome);
        }
        await cluster.WaitForHeightAsync(start + 5, cluster.Nodes.Take(3));

        // Restarted, it fetches the blocks it missed (certificates verified) and signs again.
        lagging.Start();
        var target = (await cluster[0].TryHeightAsync())!.Value;
        await cluster.WaitForHeightAsync(target, [lagging]);
        var commit = await lagging.Client.WaitForCommitAsync(keptReceipt.TransactionId, NodeCluster.CommitWait, Ct);
        Assert.True(commit.Committed, $"the batch node 3 accepted before its crash was lost\n{cluster.Logs()}");
        var status = await lagging.Client.GetStatusAsync(Ct);
        Assert.True(status.Participating && status.IsValidator, status.ToString());
        await cluster.WaitForHeightAsync(commit.Height + 1, cluster.Nodes);
        await AssertIdenticalChainsAsync(cluster, cluster.Nodes, commit.Height);
    }

    [Fact]
    public async Task with_two_of_four_down_nothing_commits_and_one_restart_resumes_without_divergence()
    {
        await using var cluster = await NodeCluster.StartAsync(4);
        await cluster.WaitForHeightAsync(2, cluster.Nodes);
        cluster[2].Kill();
        cluster[3].Kill();
        await Task.Delay(1500, Ct);
        var stalled = (await cluster[0].TryHeightAsync())!.Value;
        var receipt = await cluster[0].Client.SubmitBatchAsync(cluster.Batch(0, 5, "no-quorum"), Ct);
        Assert.Equal(SubmitOutcome.Accepted, receipt.Outcome);
        var waited = await cluster[0].Client.WaitForCommitAsync(receipt.TransactionId, TimeSpan.FromSeconds(6), Ct);
        Assert.False(waited.Committed, "two of four validators committed a block");
        Assert.True((await cluster[1].TryHeightAsync())!.Value <= stalled + 1, "heights moved without a quorum");

        cluster[2].Start();
        var commit = await cluster[0].Client.WaitForCommitAsync(receipt.TransactionId, NodeCluster.CommitWait, Ct);
        Assert.True(commit.Committed, $"commits did not resume with three of four\n{cluster.Logs()}");
        await cluster.WaitForHeightAsync(commit.Height, cluster.Nodes.Take(3));
        await AssertIdenticalChainsAsync(cluster, cluster.Nodes.Take(3).ToArray(), commit.Height);
    }

    [Fact]
    public async Task a_fifth_member_joins_by_governance_becomes_a_validator_and_a_validator_is_removed_while_blocks_keep_coming()
    {
        await using var cluster = await NodeCluster.StartAsync(4);
        var joiner = cluster.AddNode();
        var joinerAddress = (string)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(joiner.ConfigPath))!["member"]!["address"]!;
        var proposal = Path.Combine(joiner.Directory, "add-member.json");
        Run("gov", "propose", "--genesis", cluster.GenesisPath, "--action", "add-member", "--member", joiner.MemberId, "--name", "Member 4", "--roles", "airport",
            "--key", Path.Combine(joiner.Directory, "keys", "member.pub.pem"), "--address", joinerAddress, "--memo", "new airport cargo terminal", "--out", proposal).Ok();
        // Under the genesis rule (more than 1/2 of 4 members) one or two approvals are refused.
        Sign(cluster, proposal, 0);
        var tooFew = Run("gov", "submit", proposal, "--address", cluster[0].ClientAddress, "--wait-seconds", "0");
        Assert.Equal(1, tooFew.Code);
        Assert.Contains("1 of 4 members approved", tooFew.Output);
        Sign(cluster, proposal, 1);
        Sign(cluster, proposal, 2);
        Run("gov", "submit", proposal, "--address", cluster[0].ClientAddress, "--wait-seconds", "60").Ok();

        // The new member's node follows the chain by block sync, then gets a seat.
        joiner.Start();
        await cluster.WaitForHeightAsync((await cluster[0].TryHeightAsync())!.Value, [joiner]);
        var seat = Path.Combine(joiner.Directory, "add-validator.json");
        Run("gov", "propose", "--genesis", cluster.GenesisPath, "--action", "add-validator", "--member", joiner.MemberId, "--power", "1", "--out", seat).Ok();
        foreach (var approver in new[] { 1, 2, 3 })
        {
            Sign(cluster, seat, approver);
        }
        Run("gov", "submit", seat, "--address", cluster[1].ClientAddress, "--wait-seconds", "60").Ok();
        await WaitAsync(async () => (await joiner.Client.GetStatusAsync(Ct)).IsValidator, cluster, "the fifth member never became a validator");

        // With five validators a quorum is four: with one original validator down, the joiner's votes are needed.
        cluster[0].Kill();
        var before = (await cluster[1].TryHeightAsync())!.Value;
        await cluster.WaitForHeightAsync(before + 3, cluster.Nodes.Skip(1));

        // And a seat is taken away again; the remaining four still commit.
        var unseat = Path.Combine(joiner.Directory, "remove-validator.json");
        Run("gov", "propose", "--genesis", cluster.GenesisPath, "--action", "remove-validator", "--member", cluster[0].MemberId, "--memo", "node retired", "--out", unseat).Ok();
        foreach (var approver in new[] { 1, 2, 4 })
        {
            Sign(cluster, unseat, approver);
        }
        Run("gov", "submit", unseat, "--address", cluster[2].ClientAddress, "--wait-seconds", "60").Ok();
        await WaitAsync(async () => (await cluster[1].Client.GetStatusAsync(Ct)).Validators.Count == 4, cluster, "the seat was not removed");
        var after = (await cluster[1].TryHeightAsync())!.Value;
        await cluster.WaitForHeightAsync(after + 2, cluster.Nodes.Skip(1));
        await AssertIdenticalChainsAsync(cluster, cluster.Nodes.Skip(1).ToArray(), after + 2);

        // Offline, the ledger verifies on its own: every certificate against the set its height had, through both changes.
        Assert.True(cluster[1].Stop(), $"node did not shut down gracefully\n{cluster.Logs()}");
        var verified = Run("verify-chain", "--data", Path.Combine(cluster[1].Directory, "data", "ledger"));
        Assert.True(verified.Code == 0, verified.Output + verified.Error);
        Assert.Contains("VALID: chain of", verified.Output);
    }

    private static async Task AssertIdenticalChainsAsync(NodeCluster cluster, IReadOnlyList<NodeProcess> nodes, ulong height)
    {
        for (ulong h = 0; h <= height; h++)
        {
            var ids = new List<string>();
            foreach (var node in nodes)
            {
                ids.Add((await node.Client.GetBlockAsync(h, Ct)).BlockId);
            }
            Assert.True(ids.Distinct().Count() == 1, $"height {h}: block ids differ across nodes: {string.Join(", ", nodes.Zip(ids).Select(p => $"{p.First.MemberId}={p.Second}"))}\n{cluster.Logs()}");
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, NodeCluster cluster, string failure)
    {
        var deadline = DateTime.UtcNow + NodeCluster.CommitWait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{failure} within {NodeCluster.CommitWait.TotalSeconds} s\n{cluster.Logs()}");
            }
            await Task.Delay(250, Ct);
        }
    }

    private static void Sign(NodeCluster cluster, string proposal, int member) =>
        Run("gov", "sign", proposal, "--member", cluster[member].MemberId, "--key", Path.Combine(cluster[member].Directory, "keys", "member.key.pem"), "--suite", AlgorithmNames.Of(cluster.Suite.Id)).Ok();

    /// <summary>The batch with one bit of its signature flipped: still a well-formed batch, no longer a valid signature.</summary>
    private static byte[] Forge(EventBatch batch)
    {
        var bytes = batch.Encode();
        var der = batch.Signature.Der.ToArray();
        var at = IndexOf(bytes, der);
        Assert.True(at >= 0);
        bytes[at + der.Length - 1] ^= 0x01;
        return bytes;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => needle.Length == 0 ? -1 : haystack.AsSpan().IndexOf(needle);

    private static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.TradeChainCli.Run(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    private sealed record CliResult(int Code, string Output, string Error)
    {
        public void Ok() => Assert.True(Code == 0, $"exit {Code}: {Output}{Error}");
    }
}

/// <summary>Multi-process clusters run one at a time: two 4-node clusters on two cores would starve each other's timeouts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiProcess
{
    public const string Name = "multi-process consortium";
}
