using TradeChain.Ledger;
using TradeChain.Storage.Log;
using TradeChain.Storage.Tests.Support;
using TradeChain.Storage.Verification;
using TradeChain.Testing;
using Xunit;

namespace TradeChain.Storage.Tests;

/// <summary>The chain verifier finds the first fault and says precisely where and what it is.</summary>
[Trait("Category", "Storage")]
public sealed class ChainVerifierTests
{
    [Fact]
    public async Task a_good_chain_verifies_in_full()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        await using (var store = Stores.Open(temp.Path, LedgerStoreOptions.MinSegmentSizeBytes))
        {
            await store.AppendAllAsync(Stores.Build(chain, count: 6, eventsPerBlock: 4));
        }
        var report = new ChainVerifier().Verify(temp.Path);
        Assert.True(report.IsValid, report.Fault?.ToString());
        Assert.Equal(7, report.BlocksVerified);
        Assert.Equal(24, report.EventsVerified);
        Assert.Equal(6UL, report.TipHeight);
    }

    [Fact]
    public async Task a_flipped_bit_in_a_middle_block_is_reported_with_file_and_offset_and_never_read()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        RecordLocation location;
        await using (var store = Stores.Open(temp.Path))
        {
            await store.AppendAllAsync(Stores.Build(chain, count: 4, eventsPerBlock: 2));
        }
        using (var index = Index.IndexStore.Open(Path.Combine(temp.Path, "index")))
        {
            location = index.BlockLocation(2)!.Value;
        }
        var file = new SegmentFiles(Path.Combine(temp.Path, "segments")).PathOf(location.Segment);
        var bytes = File.ReadAllBytes(file);
        bytes[location.Offset + 100] ^= 0x10;
        File.WriteAllBytes(file, bytes);

        var fault = new ChainVerifier().Verify(temp.Path).Fault!;
        Assert.Equal(("record", file, location.Offset), (fault.Check, fault.File, fault.Offset));
        Assert.Equal(2UL, fault.Height);

        await using var reopened = Stores.Open(temp.Path);
        var error = Assert.Throws<StorageCorruptionException>(() => reopened.ReadBlock(2));
        Assert.Equal((file, location.Offset), (error.File, error.Offset));
        Assert.NotNull(reopened.ReadBlock(3));
    }

    [Fact]
    public async Task a_block_rewritten_with_a_valid_checksum_but_altered_contents_fails_its_merkle_root()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 3, eventsPerBlock: 2);
        await using (var store = Stores.Open(temp.Path))
        {
            await store.AppendAllAsync(blocks);
        }
        // An attacker edits a timestamp and fixes up the CRC (but cannot fix the signed roots).
        var original = blocks[2].Transactions[0];
        var forged = new Transaction(original.Type, original.Signers, original.TimestampMs + 1, original.Sender, original.Recipient, original.Data, original.Memo, original.Form);
        var payload = blocks[2].WithTransaction(0, forged).Encode();
        using (var index = Index.IndexStore.Open(Path.Combine(temp.Path, "index")))
        {
            var location = index.BlockLocation(2)!.Value;
            var slack = location.RecordBytes - RecordHeader.Size - payload.Length;
            new SegmentPatcher(new SegmentFiles(Path.Combine(temp.Path, "segments"))).Rewrite(location, RecordHeader.BuildRecord(RecordKind.Block, payload, slack));
        }

        var fault = new ChainVerifier().Verify(temp.Path).Fault!;
        Assert.Equal(2UL, fault.Height);
        Assert.Equal("contents", fault.Check);
        Assert.Contains("transactions Merkle root", fault.Detail);
    }

    [Fact]
    public async Task a_certificate_without_a_quorum_is_a_certificate_fault()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var blocks = Stores.Build(chain, count: 2, eventsPerBlock: 1);
        // Stored without certificate checks, as a careless tool might.
        var weak = new Block(blocks[2].Header, blocks[2].Transactions, chain.Certify(blocks[2].Header, 3));
        await using (var store = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = temp.Path, VerifyCertificates = false }))
        {
            await store.AppendAllAsync([blocks[0], blocks[1], weak]);
        }
        var fault = new ChainVerifier().Verify(temp.Path).Fault!;
        Assert.Equal((2UL, "certificate"), (fault.Height!.Value, fault.Check));
        Assert.Contains("more than 2/3", fault.Detail);
    }
}
