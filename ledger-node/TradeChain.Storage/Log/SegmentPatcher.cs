namespace TradeChain.Storage.Log;

/// <summary>
/// Rewrites one whole record in place, same size, and syncs it: the only write the log allows
/// behind its end, used by redaction. The caller logs its intent durably first, so a crash half
/// way through the rewrite is finished by recovery instead of leaving a corrupt record.
/// </summary>
public sealed class SegmentPatcher(SegmentFiles files)
{
    public void Rewrite(RecordLocation location, ReadOnlySpan<byte> record)
    {
        if (record.Length != location.RecordBytes)
        {
            throw new ArgumentException($"a rewrite keeps the record's {location.RecordBytes} bytes, got {record.Length}", nameof(record));
        }
        if (!RecordHeader.TryParse(record, out var header, out var problem) || header.VerifyCrc(record[RecordHeader.Size..]) is { } crcProblem)
        {
            throw new ArgumentException($"refusing to write an invalid record: {problem ?? "CRC does not match"}", nameof(record));
        }
        using var stream = files.OpenForWrite(location.Segment);
        if (location.Offset + location.RecordBytes > stream.Length)
        {
            throw new InvalidOperationException($"record {location} lies past the end of its {stream.Length}-byte segment");
        }
        RandomAccess.Write(stream.SafeFileHandle, record, location.Offset);
        stream.Flush(flushToDisk: true);
    }
}
