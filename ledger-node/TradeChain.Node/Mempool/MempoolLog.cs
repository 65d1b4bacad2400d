using System.Buffers.Binary;
using TradeChain.Storage.Checksums;

namespace TradeChain.Node.Mempool;

/// <summary>
/// The mempool's write-ahead log: every accepted transaction is appended and fsynced before its
/// submitter hears "accepted", so a crash loses nothing that was acknowledged. Record:
/// length u32 ‖ CRC-32C u32 of the payload ‖ payload (canonical transaction bytes), big-endian.
/// Replay stops at the first torn or corrupt record (a crash mid-append) and cuts it off.
/// Not thread-safe: the mempool serialises appends.
/// </summary>
public sealed class MempoolLog : IDisposable
{
    private const int RecordHeaderBytes = 8;

    /// <summary>A record is one transaction; the largest is a 4 MiB batch plus its envelope.</summary>
    public const int MaxRecordBytes = Trade.Batches.EventBatch.MaxEncodedBytes + 64 * 1024;

    private readonly string _path;
    private FileStream _file;

    private MempoolLog(string path, FileStream file)
    {
        _path = path;
        _file = file;
    }

    public long SizeBytes => _file.Length;

    /// <summary>Opens (creating) the log and returns the payloads of its whole records, in order.</summary>
    public static MempoolLog Open(string path, out IReadOnlyList<byte[]> records)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var list = new List<byte[]>();
        var header = new byte[RecordHeaderBytes];
        long good = 0;
        file.Position = 0;
        while (true)
        {
            if (file.ReadAtLeast(header, RecordHeaderBytes, throwOnEndOfStream: false) < RecordHeaderBytes)
            {
                break;
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            if (length == 0 || length > MaxRecordBytes)
            {
                break;
            }
            var payload = new byte[length];
            if (file.ReadAtLeast(payload, (int)length, throwOnEndOfStream: false) < length || Crc32C.Compute(payload) != crc)
            {
                break;
            }
            list.Add(payload);
            good = file.Position;
        }
        if (good != file.Length)
        {
            // A torn tail from a crash mid-append: its submitter was never told "accepted".
            file.SetLength(good);
            file.Flush(flushToDisk: true);
        }
        file.Position = good;
        records = list;
        return new MempoolLog(path, file);
    }

    /// <summary>Appends one record and fsyncs; on return the record survives a crash.</summary>
    public void Append(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload.Length > MaxRecordBytes)
        {
            throw new ArgumentException($"a mempool record is 1..{MaxRecordBytes} bytes, got {payload.Length}", nameof(payload));
        }
        Span<byte> header = stackalloc byte[RecordHeaderBytes];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], Crc32C.Compute(payload));
        _file.Write(header);
        _file.Write(payload);
        _file.Flush(flushToDisk: true);
    }

    /// <summary>Replaces the log with exactly these records (the still-pending ones), atomically: write aside, fsync, rename.</summary>
    public void Rewrite(IEnumerable<byte[]> payloads)
    {
        var temporary = _path + ".rewrite";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Span<byte> header = stackalloc byte[RecordHeaderBytes];
            foreach (var payload in payloads)
            {
                BinaryPrimitives.WriteUInt32BigEndian(header, (uint)payload.Length);
                BinaryPrimitives.WriteUInt32BigEndian(header[4..], Crc32C.Compute(payload));
                file.Write(header);
                file.Write(payload);
            }
            file.Flush(flushToDisk: true);
        }
        _file.Dispose();
        File.Move(temporary, _path, overwrite: true);
        _file = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        _file.Position = _file.Length;
    }

    public void Dispose() => _file.Dispose();
}
