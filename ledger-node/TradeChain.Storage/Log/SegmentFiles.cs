using System.Globalization;
using System.Runtime.InteropServices;

namespace TradeChain.Storage.Log;

/// <summary>
/// The segment directory: file names ("segment-000000001.tcl", numbered from 1, consecutive),
/// listing, creation with a durable directory entry, and read handles.
/// </summary>
public sealed partial class SegmentFiles
{
    private const string Prefix = "segment-";
    private const string Extension = ".tcl";

    public SegmentFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public string PathOf(uint segment) => Path.Combine(Directory, $"{Prefix}{segment.ToString("D9", CultureInfo.InvariantCulture)}{Extension}");

    /// <summary>Segment numbers present, ascending; throws when a number is missing in between (a deleted segment loses blocks).</summary>
    public IReadOnlyList<uint> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }
        var numbers = new List<uint>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, $"{Prefix}*{Extension}"))
        {
            var stem = Path.GetFileNameWithoutExtension(path)[Prefix.Length..];
            if (stem.Length == 9 && uint.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
            {
                numbers.Add(number);
            }
        }
        numbers.Sort();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] != i + 1)
            {
                throw new StorageCorruptionException(PathOf((uint)(i + 1)), 0, $"segment {i + 1} is missing; segments {string.Join(", ", numbers)} are present");
            }
        }
        return numbers;
    }

    /// <summary>Creates segment <paramref name="segment"/> with its header written and synced, and the directory entry synced.</summary>
    public FileStream Create(uint segment)
    {
        var path = PathOf(segment);
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 0,
        });
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        new SegmentHeader(segment).Format(header);
        RandomAccess.Write(stream.SafeFileHandle, header, 0);
        stream.Flush(flushToDisk: true);
        SyncDirectory();
        return stream;
    }

    /// <summary>Opens an existing segment for appending and in-place rewrites (redaction).</summary>
    public FileStream OpenForWrite(uint segment) => new(PathOf(segment), new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.ReadWrite,
        Share = FileShare.Read | FileShare.Delete,
        BufferSize = 0,
    });

    public FileStream OpenForRead(uint segment) => new(PathOf(segment), new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
    });

    /// <summary>
    /// fsync on the directory, so a new or deleted segment's entry survives power loss; a file's own
    /// fsync does not cover its name. No-op where the platform has no directory fsync.
    /// </summary>
    public void SyncDirectory()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        var fd = Open(Directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {Directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {Directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
