using TradeChain.Contract;
using TradeChain.Ledger;
using TradeChain.Storage.Log;
using TradeChain.Storage.Tests.Support;
using TradeChain.Storage.Verification;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using Xunit;

namespace TradeChain.Storage.Tests;

/// <summary>Redaction deletes an event's bytes from the store and keeps the chain verifiable.</summary>
[Trait("Category", "Storage")]
public sealed class RedactionTests
{
    [Fact]
    public async Task a_redacted_event_is_gone_from_disk_its_proof_says_redacted_and_the_chain_still_verifies()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 3, eventsPerBlock: 3).ToList();
        var target = blocks[2].Transactions[0].Batch.Leaves[1];
        var eventId = chain.EventId(target.Event!);
        var secret = target.Event!.SourceReference;
        var shipmentKey = new ShipmentKey(ShipmentKeyKind.MasterBill, "COSU6189047520");

        await using (var store = Stores.Open(temp.Path))
        {
            await store.AppendAllAsync(blocks);
            var stateBefore = store.GetShipment(shipmentKey);
            var result = await store.AppendAsync(chain.Next(chain.Redaction(eventId)), TestContext.Current.CancellationToken);

            var outcome = Assert.Single(result.Redactions);
            Assert.True(outcome.Applied, outcome.Detail);
            var stored = store.ReadBlock(2)!;
            Assert.Equal(blocks[2].Id, stored.Id);
            Assert.Empty(stored.VerifyContents());
            Assert.Equal(DataForm.RedactedBatch, stored.Transactions[0].Form);
            Assert.True(stored.Transactions[0].Batch.Leaves[1].IsRedacted);

            var proof = store.ProveEvent(eventId)!;
            Assert.True(proof.IsRedacted);
            Assert.Empty(proof.Verify(chain.Validators));
            Assert.True(EventProofVerifier.Verify(proof.Event).IsValid);
            // Redaction changes no contract state: the contract already drew its conclusions.
            Assert.Equal(stateBefore, store.GetShipment(shipmentKey));
        }

        var segmentBytes = Directory.GetFiles(Path.Combine(temp.Path, "segments")).SelectMany(File.ReadAllBytes).ToArray();
        Assert.Equal(-1, segmentBytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)));

        var report = new ChainVerifier().Verify(temp.Path);
        Assert.True(report.IsValid, report.Fault?.ToString());
        Assert.Equal(1, report.RedactedEvents);

        // From the blocks alone, the state comes back the same (the redacted leaf keeps its contract fact).
        Directory.Delete(Path.Combine(temp.Path, "index"), recursive: true);
        await using var rebuilt = Stores.Open(temp.Path);
        Assert.Equal(chain.StateRoot, rebuilt.Tip!.StateRoot);
        Assert.True(rebuilt.ProveEvent(eventId)!.IsRedacted);
        Assert.Equal(0, rebuilt.Recovery.RedactionsReapplied);
    }

    [Fact]
    public async Task a_redaction_interrupted_by_a_crash_is_finished_on_open()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 2, eventsPerBlock: 2).ToList();
        var eventId = chain.EventId(blocks[1].Transactions[0].Batch.Leaves[0].Event!);
        await using (var store = Stores.Open(temp.Path))
        {
            await store.AppendAllAsync(blocks);
        }
        // Do the redaction by hand, stopping after the intent and half the rewrite, as a crash would.
        var files = new SegmentFiles(Path.Combine(temp.Path, "segments"));
        using (var index = Index.IndexStore.Open(Path.Combine(temp.Path, "index")))
        using (var reader = new SegmentReader(files))
        {
            var location = index.BlockLocation(1)!.Value;
            var block = Block.Decode(reader.Read(location, RecordKind.Block));
            var transaction = block.Transactions[0];
            var redacted = block.WithTransaction(0, transaction.WithRedactedBatch(transaction.Batch.Redact(0, ContractFact.From(transaction.Batch.Leaves[0].Event!).Encode())));
            var payload = redacted.Encode();
            var record = RecordHeader.BuildRecord(RecordKind.Block, payload, location.RecordBytes - RecordHeader.Size - payload.Length);
            index.PutPendingRedaction(location, record);
            using var stream = files.OpenForWrite(1);
            RandomAccess.Write(stream.SafeFileHandle, record.AsSpan(0, record.Length / 2), location.Offset);
        }

        await using var recovered = Stores.Open(temp.Path);
        Assert.Equal(1, recovered.Recovery.RedactionsFinished);
        Assert.True(recovered.ProveEvent(eventId)!.IsRedacted);
        Assert.Equal(blocks[1].Id, recovered.ReadBlock(1)!.Id);
        Assert.True(new ChainVerifier().Verify(temp.Path).IsValid);
    }
}
