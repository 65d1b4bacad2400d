namespace TradeChain.Consensus;

/// <summary>
/// Where a host keeps <see cref="PersistedConsensusState"/>. The node's file or RocksDB store
/// implements it (write-ahead, atomic replace); <see cref="InMemoryConsensusStateStore"/>
/// models it for the simulator, including the loss of writes that were not flushed.
/// </summary>
public interface IConsensusStateStore
{
    /// <summary>The last state that was flushed, or null for a node that never wrote one.</summary>
    PersistedConsensusState? LoadDurable();

    /// <summary>Replaces the stored state; may stay in a buffer until <see cref="Flush"/>.</summary>
    void Write(PersistedConsensusState state);

    /// <summary>Makes every earlier <see cref="Write"/> durable; on return a crash cannot lose it. Messages of the same Ready go out only after this.</summary>
    void Flush();
}

/// <summary>
/// An in-memory store that behaves like a file with a page cache: <see cref="Write"/> lands in
/// the "cache", <see cref="Flush"/> makes it durable, <see cref="Crash"/> throws away whatever
/// was not flushed. Stores the encoded bytes, so every write and reload also exercises the codec.
/// </summary>
public sealed class InMemoryConsensusStateStore(string chainId) : IConsensusStateStore
{
    private readonly string _chainId = chainId ?? throw new ArgumentNullException(nameof(chainId));
    private byte[]? _durable;
    private byte[]? _buffered;

    /// <summary>Writes made durable so far.</summary>
    public int FlushCount { get; private set; }

    public bool HasUnflushedWrite => _buffered is not null;

    public PersistedConsensusState? LoadDurable() => _durable is null ? null : PersistedConsensusState.Decode(_durable, _chainId);

    public void Write(PersistedConsensusState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _buffered = state.Encode(_chainId);
    }

    public void Flush()
    {
        if (_buffered is not null)
        {
            _durable = _buffered;
            _buffered = null;
            FlushCount++;
        }
    }

    /// <summary>The process died: the unflushed write is gone.</summary>
    public void Crash() => _buffered = null;
}
