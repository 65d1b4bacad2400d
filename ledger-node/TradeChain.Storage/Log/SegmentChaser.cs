using System.Runtime.CompilerServices;

namespace TradeChain.Storage.Log;

/// <summary>One record found by the chaser: where it is and its verified payload.</summary>
public sealed record ChasedRecord(RecordLocation Location, RecordKind Kind, byte[] Payload);

/// <summary>Where a chase stopped: the clean end of the log, or the first bad record (file, offset, why).</summary>
public sealed record ChaseEnd(LogPosition Position, string File, string? Problem)
{
    public bool IsClean => Problem is null;
}

/// <summary>
/// Walks the log forward from a position, record by record across segments, verifying each
/// (header, CRC), and stops at the clean end or at the first record that fails. Used by recovery
/// (to find the torn tail and replay what the indexes lack) and by the chain verifier.
/// </summary>
public sealed class SegmentChaser(SegmentFiles files)
{
    /// <summary>Reads records from <paramref name="start"/> on; <paramref name="end"/> says where and why it stopped.</summary>
    public IEnumerable<ChasedRecord> Chase(LogPosition start, StrongBox<ChaseEnd> end)
    {
        var segments = files.List();
        var position = start;
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            if (segment < start.Segment)
            {
                continue;
            }
            var file = files.PathOf(segment);
            using var stream = files.OpenForRead(segment);
            var length = stream.Length;
            var offset = segment == start.Segment ? start.Offset : 0;
            if (offset == 0)
            {
                var headerBytes = new byte[SegmentHeader.Size];
                var got = RandomAccess.Read(stream.SafeFileHandle, headerBytes, 0);
                try
                {
                    var header = SegmentHeader.Parse(headerBytes.AsSpan(0, got), file);
                    if (header.SegmentNumber != segment)
                    {
                        end.Value = new ChaseEnd(new LogPosition(segment, 0), file, $"segment header says number {header.SegmentNumber}, the file name says {segment}");
                        yield break;
                    }
                }
                catch (StorageCorruptionException e)
                {
                    end.Value = new ChaseEnd(new LogPosition(segment, 0), file, e.Reason);
                    yield break;
                }
                offset = SegmentHeader.Size;
            }
            if (offset > length)
            {
                end.Value = new ChaseEnd(new LogPosition(segment, offset), file, $"position {offset} is past the end of the {length}-byte segment");
                yield break;
            }
            var headerBuffer = new byte[RecordHeader.Size];
            while (offset < length)
            {
                var problem = TryReadRecord(stream, offset, length, headerBuffer, out var record);
                if (problem is not null)
                {
                    end.Value = new ChaseEnd(new LogPosition(segment, offset), file, problem);
                    yield break;
                }
                var location = new RecordLocation(segment, offset, record!.Value.Header.RecordBytes);
                yield return new ChasedRecord(location, record.Value.Header.Kind, record.Value.Payload);
                offset += location.RecordBytes;
            }
            position = new LogPosition(segment, offset);
        }
        end.Value = new ChaseEnd(position, files.PathOf(position.Segment), null);
    }

    /// <summary>True when a whole, valid record starts at <paramref name="offset"/> of <paramref name="segment"/>.</summary>
    public bool IsValidRecordAt(uint segment, long offset)
    {
        using var stream = files.OpenForRead(segment);
        return offset < stream.Length && TryReadRecord(stream, offset, stream.Length, new byte[RecordHeader.Size], out _) is null;
    }

    private static string? TryReadRecord(FileStream stream, long offset, long length, byte[] headerBuffer, out (RecordHeader Header, byte[] Payload)? record)
    {
        record = null;
        var got = RandomAccess.Read(stream.SafeFileHandle, headerBuffer, offset);
        if (!RecordHeader.TryParse(headerBuffer.AsSpan(0, got), out var header, out var problem))
        {
            return problem;
        }
        if (offset + header.RecordBytes > length)
        {
            return $"record of {header.RecordBytes} bytes runs past the end of the segment ({length - offset} bytes remain)";
        }
        var body = new byte[header.PayloadBytes + header.PaddingBytes];
        if (RandomAccess.Read(stream.SafeFileHandle, body, offset + RecordHeader.Size) != body.Length)
        {
            return "record body could not be read whole";
        }
        if (header.VerifyCrc(body) is { } crcProblem)
        {
            return crcProblem;
        }
        record = (header, header.PaddingBytes == 0 ? body : body[..header.PayloadBytes]);
        return null;
    }
}
