namespace TradeChain.Storage.Log;

/// <summary>
/// Cuts the log back to a position: truncates that segment and deletes every later one, synced,
/// so a torn tail never comes back after the next crash.
/// </summary>
public sealed class SegmentTruncator(SegmentFiles files)
{
    /// <summary>Returns the bytes removed.</summary>
    public long TruncateTo(LogPosition position)
    {
        if (position.Offset < SegmentHeader.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "a segment keeps at least its header");
        }
        long removed = 0;
        foreach (var segment in files.List().Where(s => s > position.Segment).OrderDescending())
        {
            var path = files.PathOf(segment);
            removed += new FileInfo(path).Length;
            File.Delete(path);
        }
        using (var stream = files.OpenForWrite(position.Segment))
        {
            if (stream.Length < position.Offset)
            {
                throw new InvalidOperationException($"cannot truncate segment {position.Segment} of {stream.Length} bytes to {position.Offset}");
            }
            removed += stream.Length - position.Offset;
            stream.SetLength(position.Offset);
            stream.Flush(flushToDisk: true);
        }
        files.SyncDirectory();
        return removed;
    }
}
