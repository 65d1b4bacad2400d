using TradeChain.Crypto;
using TradeChain.Ingest.Submission;
using TradeChain.Node.Client;
using TradeChain.Node.Client.Grpc;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;
using NodeReceipt = TradeChain.Node.Client.Grpc.SubmitReceipt;

namespace TradeChain.Ingest.Tests.NodeSubmission;

/// <summary>The node-backed submitter: the node's receipt mapped per event, and an unreachable node as transient.</summary>
[Trait("Category", "Ingest")]
public sealed class LedgerClientBatchSubmitterTests
{
    private static EventBatch Batch(out Digest[] ids)
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var events = SampleEvents.SeaImportSeries(3);
        ids = events.Select(e => e.ComputeEventId(CryptoSuites.Sm)).ToArray();
        return EventBatch.Sign(CryptoSuites.Sm, key, events[0].MemberId, events[0].Feed, 1, SampleEvents.Now.ToUnixTimeMilliseconds(), events);
    }

    [Fact]
    public void Accepted_transaction_marks_listed_events_duplicate_and_the_rest_accepted()
    {
        var batch = Batch(out var ids);
        var node = new NodeReceipt { Outcome = SubmitOutcome.Accepted };
        node.DuplicateEvents.Add(new DuplicateEvent { EventId = ids[1].ToString(), Where = "committed" });

        var receipt = LedgerClientBatchSubmitter.ToReceipt(batch, node);

        Assert.Equal(BatchStatus.Accepted, receipt.Status);
        Assert.Equal(ids, receipt.Events.Select(e => e.EventId));
        Assert.Equal([EventStatus.Accepted, EventStatus.Duplicate, EventStatus.Accepted], receipt.Events.Select(e => e.Status));
    }

    [Fact]
    public void Duplicate_transaction_marks_every_event_duplicate()
    {
        var batch = Batch(out var ids);

        var receipt = LedgerClientBatchSubmitter.ToReceipt(batch, new NodeReceipt { Outcome = SubmitOutcome.Duplicate, CommittedHeight = 7 });

        Assert.Equal(BatchStatus.Accepted, receipt.Status);
        Assert.Equal(ids, receipt.Events.Select(e => e.EventId));
        Assert.All(receipt.Events, e => Assert.Equal(EventStatus.Duplicate, e.Status));
    }

    [Fact]
    public void Rejected_transaction_refuses_the_whole_batch_with_the_nodes_code()
    {
        var batch = Batch(out _);

        var receipt = LedgerClientBatchSubmitter.ToReceipt(batch, new NodeReceipt { Outcome = SubmitOutcome.Rejected, Rejection = RejectionCode.UnknownMember, Reason = "member 'x' is not in the network" });

        Assert.Equal(BatchStatus.Rejected, receipt.Status);
        Assert.Empty(receipt.Events);
        Assert.Equal("ledger.unknownmember", receipt.Code);
        Assert.Equal("member 'x' is not in the network", receipt.Reason);
    }

    [Fact]
    public async Task Unreachable_node_is_unavailable_so_the_worker_backs_off()
    {
        var batch = Batch(out _);
        // A port nothing listens on: the connection is refused at once.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new LedgerClient($"http://127.0.0.1:{port}");

        var e = await Assert.ThrowsAsync<BatchSubmitterUnavailableException>(() => new LedgerClientBatchSubmitter(client).SubmitAsync(batch, TestContext.Current.CancellationToken));

        Assert.Contains("did not answer", e.Message, StringComparison.Ordinal);
    }
}
