using TradeChain.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Storage.Log;
using TradeChain.Storage.Tests.Support;
using Xunit;

namespace TradeChain.Storage.Tests.Log;

/// <summary>The segment writer: group commit, rolling, and what the chaser reads back.</summary>
[Trait("Category", "Storage")]
public sealed class SegmentWriterTests
{
    [Fact]
    public async Task concurrent_appends_share_fsyncs_and_all_come_back_in_order()
    {
        using var temp = new TempDirectory();
        var files = new SegmentFiles(temp.Path);
        files.Create(1).Dispose();
        var durableOrder = new List<int>();
        await using var writer = new SegmentWriter(files, new LogPosition(1, SegmentHeader.Size), 1024 * 1024, 64, 1024,
            records => durableOrder.AddRange(records.Select(r => (int)r.State!)), NullLogger.Instance);

        const int appends = 400;
        var tasks = Enumerable.Range(0, appends).Select(i => writer.AppendAsync(RecordKind.Block, BitConverter.GetBytes(i), i)).ToArray();
        var locations = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(0, appends), durableOrder);
        Assert.True(writer.SyncCount < appends, $"{writer.SyncCount} fsyncs for {appends} concurrent appends: group commit did not group");
        Assert.Equal(locations.OrderBy(l => l.Offset), locations);
        var end = new System.Runtime.CompilerServices.StrongBox<ChaseEnd>();
        var read = new SegmentChaser(files).Chase(new LogPosition(1, 0), end).Select(r => BitConverter.ToInt32(r.Payload)).ToArray();
        Assert.Equal(Enumerable.Range(0, appends), read);
        Assert.True(end.Value!.IsClean);
    }

    [Fact]
    public async Task when_appending_past_the_segment_size_the_writer_rolls_to_the_next_segment()
    {
        using var temp = new TempDirectory();
        var files = new SegmentFiles(temp.Path);
        files.Create(1).Dispose();
        await using (var writer = new SegmentWriter(files, new LogPosition(1, SegmentHeader.Size), 4096, 8, 64, _ => { }, NullLogger.Instance))
        {
            for (var i = 0; i < 20; i++)
            {
                await writer.AppendAsync(RecordKind.Block, new byte[1000], null, TestContext.Current.CancellationToken);
            }
        }
        var segments = files.List();
        Assert.True(segments.Count >= 5, $"expected 20 records of ~1 KiB over 4 KiB segments, got {segments.Count} segments");
        foreach (var segment in segments.SkipLast(1))
        {
            Assert.True(new FileInfo(files.PathOf(segment)).Length <= 4096);
        }
        var end = new System.Runtime.CompilerServices.StrongBox<ChaseEnd>();
        Assert.Equal(20, new SegmentChaser(files).Chase(new LogPosition(1, 0), end).Count());
    }

    [Fact]
    public async Task a_record_that_fails_its_checksum_is_reported_with_file_and_offset_never_returned()
    {
        using var temp = new TempDirectory();
        var files = new SegmentFiles(temp.Path);
        files.Create(1).Dispose();
        RecordLocation location;
        await using (var writer = new SegmentWriter(files, new LogPosition(1, SegmentHeader.Size), 1 << 20, 8, 64, _ => { }, NullLogger.Instance))
        {
            location = await writer.AppendAsync(RecordKind.Block, "the payload"u8.ToArray(), null, TestContext.Current.CancellationToken);
        }
        var bytes = File.ReadAllBytes(files.PathOf(1));
        bytes[location.Offset + RecordHeader.Size + 3] ^= 0x01;
        File.WriteAllBytes(files.PathOf(1), bytes);

        using var reader = new SegmentReader(files);
        var error = Assert.Throws<StorageCorruptionException>(() => reader.Read(location, RecordKind.Block));
        Assert.Equal(files.PathOf(1), error.File);
        Assert.Equal(location.Offset, error.Offset);
        Assert.Contains("CRC-32C", error.Reason);
    }
}
