using TradeChain.Consensus;

namespace TradeChain.Node.Consensus;

/// <summary>
/// The durable home of <see cref="PersistedConsensusState"/>: one file replaced atomically
/// (write a temporary file, fsync it, rename over the old one, fsync the directory), so a crash
/// leaves either the old state or the new one, never a mix. <see cref="Write"/> only buffers;
/// <see cref="Flush"/> does the durable replace, and the driver sends a Ready's messages only
/// after it returns.
/// </summary>
public sealed class FileConsensusStateStore(string path, string chainId) : IConsensusStateStore
{
    private readonly string _path = path ?? throw new ArgumentNullException(nameof(path));
    private readonly string _chainId = chainId ?? throw new ArgumentNullException(nameof(chainId));
    private byte[]? _buffered;

    public PersistedConsensusState? LoadDurable()
    {
        if (!File.Exists(_path))
        {
            return null;
        }
        try
        {
            return PersistedConsensusState.Decode(File.ReadAllBytes(_path), _chainId);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException)
        {
            // Never guess: a validator that restarts without its signing record could double sign.
            throw new InvalidDataException($"consensus state {_path} is unreadable ({e.Message}); restore it from a backup or, if this node never signed at the current height, delete it", e);
        }
    }

    public void Write(PersistedConsensusState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _buffered = state.Encode(_chainId);
    }

    public void Flush()
    {
        if (_buffered is null)
        {
            return;
        }
        var temporary = _path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(_buffered);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
        // The rename itself must be durable too: fsync the directory.
        new Storage.Log.SegmentFiles(Path.GetDirectoryName(Path.GetFullPath(_path))!).SyncDirectory();
        _buffered = null;
    }
}
