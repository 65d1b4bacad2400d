using System.Collections.Concurrent;

namespace TradeChain.Storage.Log;

/// <summary>
/// Reads records by location and checks them: header plausibility, CRC-32C over header, payload
/// and padding. A record that fails is reported as a <see cref="StorageCorruptionException"/>
/// naming the file and offset; its bytes are never returned. Thread-safe; keeps one read handle
/// per segment.
/// </summary>
public sealed class SegmentReader : IDisposable
{
    private readonly SegmentFiles _files;
    private readonly ConcurrentDictionary<uint, FileStream> _handles = new();

    public SegmentReader(SegmentFiles files)
    {
        _files = files;
    }

    public byte[] Read(RecordLocation location, RecordKind expectedKind)
    {
        var file = _files.PathOf(location.Segment);
        var stream = _handles.GetOrAdd(location.Segment, static (segment, files) => files.OpenForRead(segment), _files);
        var record = new byte[location.RecordBytes];
        var read = RandomAccess.Read(stream.SafeFileHandle, record, location.Offset);
        if (read != record.Length)
        {
            throw new StorageCorruptionException(file, location.Offset, $"record of {record.Length} bytes is cut off after {read} bytes");
        }
        if (!RecordHeader.TryParse(record, out var header, out var problem))
        {
            throw new StorageCorruptionException(file, location.Offset, problem!);
        }
        if (header.RecordBytes != location.RecordBytes)
        {
            throw new StorageCorruptionException(file, location.Offset, $"record header says {header.RecordBytes} bytes, the index says {location.RecordBytes}");
        }
        if (header.Kind != expectedKind)
        {
            throw new StorageCorruptionException(file, location.Offset, $"record is a {header.Kind}, expected a {expectedKind}");
        }
        if (header.VerifyCrc(record.AsSpan(RecordHeader.Size)) is { } crcProblem)
        {
            throw new StorageCorruptionException(file, location.Offset, crcProblem);
        }
        return record.AsSpan(RecordHeader.Size, header.PayloadBytes).ToArray();
    }

    /// <summary>Drops cached handles, e.g. after a truncation replaced a file's tail.</summary>
    public void Reset()
    {
        foreach (var segment in _handles.Keys)
        {
            if (_handles.TryRemove(segment, out var stream))
            {
                stream.Dispose();
            }
        }
    }

    public void Dispose() => Reset();
}
