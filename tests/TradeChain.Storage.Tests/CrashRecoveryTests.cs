using TradeChain.Ledger;
using TradeChain.Storage.Log;
using TradeChain.Storage.Tests.Support;
using TradeChain.Testing;
using Xunit;

namespace TradeChain.Storage.Tests;

/// <summary>
/// Crash injection: the last record of the log torn at every byte offset, or corrupted at every
/// byte, then a restart. No committed block may be lost, no corrupt block served, and the store
/// must take the next block afterwards.
/// </summary>
[Trait("Category", "Storage")]
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    // One validator: the attacked record (an empty block with a one-signature certificate) stays small, so every offset is affordable.
    private readonly TestChain _chain = new(validators: 1);
    private readonly IReadOnlyList<Block> _committed;
    private readonly Block _last;
    private readonly string _before;
    private readonly byte[] _segmentAfter;
    private readonly long _lastRecordOffset;
    private readonly string _indexAfter;

    public CrashRecoveryTests()
    {
        // Four committed blocks; then a fifth, small one (an empty block) whose record is the tail under attack.
        _committed = Stores.Build(_chain, count: 3, eventsPerBlock: 2);
        _last = _chain.Next();
        var live = _temp.Sub("live");
        var store = Stores.Open(live);
        store.AppendAllAsync(_committed).GetAwaiter().GetResult();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _before = _temp.Sub("before");
        TempDirectory.Copy(live, _before);
        store = Stores.Open(live);
        store.AppendAsync(_last).GetAwaiter().GetResult();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _indexAfter = Path.Combine(live, "index");
        _segmentAfter = File.ReadAllBytes(SegmentPath(live));
        _lastRecordOffset = new FileInfo(SegmentPath(_before)).Length;
        Assert.True(_segmentAfter.Length - _lastRecordOffset < 1024, "the attacked record should be small");
    }

    [Fact]
    public async Task a_tail_torn_at_any_byte_offset_is_cut_back_to_the_last_whole_block()
    {
        var recordBytes = (int)(_segmentAfter.Length - _lastRecordOffset);
        for (var cut = 0; cut < recordBytes; cut++)
        {
            // The crash hit before the index saw the block: the index is the one from before it.
            var directory = Restore($"torn-{cut}", indexFrom: Path.Combine(_before, "index"), _segmentAfter.AsSpan(0, (int)_lastRecordOffset + cut));
            await using var store = Stores.Open(directory);
            AssertCommittedIntactAndTailGone(store, $"torn at byte {cut} of {recordBytes}");
            Assert.Equal(cut > 0, store.Recovery.Truncated is not null);
            if (cut % 64 == 1)
            {
                // And the chain goes on: the lost block can be appended again.
                await store.AppendAsync(_last, TestContext.Current.CancellationToken);
                Assert.Equal(_last.Encode(), store.ReadBlock(_last.Height)!.Encode());
            }
        }
    }

    [Fact]
    public async Task a_tail_corrupted_at_any_byte_is_never_served_even_when_the_index_had_it()
    {
        var recordBytes = (int)(_segmentAfter.Length - _lastRecordOffset);
        for (var at = 0; at < recordBytes; at++)
        {
            var corrupt = _segmentAfter.ToArray();
            corrupt[_lastRecordOffset + at] ^= 0x5A;
            // Half the cases with the index from after the block (it ran ahead of the now-corrupt log), half from before.
            var index = at % 2 == 0 ? _indexAfter : Path.Combine(_before, "index");
            var directory = Restore($"corrupt-{at}", index, corrupt);
            await using var store = Stores.Open(directory);
            AssertCommittedIntactAndTailGone(store, $"corrupted at byte {at} of {recordBytes}");
            Assert.NotNull(store.Recovery.Truncated);
            if (index == _indexAfter)
            {
                Assert.NotNull(store.Recovery.IndexRebuiltBecause);
            }
        }
    }

    [Fact]
    public async Task a_crash_while_creating_a_segment_drops_the_torn_segment()
    {
        var directory = Restore("new-segment", Path.Combine(_before, "index"), _segmentAfter.AsSpan(0, (int)_lastRecordOffset));
        File.WriteAllBytes(Path.Combine(directory, "segments", "segment-000000002.tcl"), "TCLED"u8.ToArray());
        await using var store = Stores.Open(directory);
        AssertCommittedIntactAndTailGone(store, "torn segment header");
        Assert.False(File.Exists(Path.Combine(directory, "segments", "segment-000000002.tcl")));
    }

    public void Dispose()
    {
        _chain.Dispose();
        _temp.Dispose();
    }

    private void AssertCommittedIntactAndTailGone(LedgerStore store, string scenario)
    {
        Assert.True(store.Tip is { Height: 3 }, $"{scenario}: tip is {store.Tip?.Height}, expected 3; {store.Recovery}");
        foreach (var block in _committed)
        {
            Assert.Equal(block.Encode(), store.ReadBlock(block.Height)!.Encode());
        }
        Assert.Null(store.ReadBlock(_last.Height));
        Assert.Null(store.HeightOf(_last.Id));
    }

    private string Restore(string name, string indexFrom, ReadOnlySpan<byte> segment)
    {
        var directory = Path.Combine(_temp.Path, name);
        TempDirectory.Copy(indexFrom, Path.Combine(directory, "index"));
        Directory.CreateDirectory(Path.Combine(directory, "segments"));
        File.WriteAllBytes(SegmentPath(directory), segment.ToArray());
        return directory;
    }

    private static string SegmentPath(string directory) => new SegmentFiles(Path.Combine(directory, "segments")).PathOf(1);
}
