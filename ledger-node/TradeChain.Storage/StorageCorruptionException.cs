namespace TradeChain.Storage;

/// <summary>
/// Stored bytes that fail their checksum or do not parse: says which file, at which byte offset,
/// and why. A corrupt record is reported, never returned.
/// </summary>
public sealed class StorageCorruptionException(string file, long offset, string reason)
    : IOException($"corrupt ledger storage in {file} at byte {offset}: {reason}")
{
    public string File { get; } = file;

    public long Offset { get; } = offset;

    public string Reason { get; } = reason;
}
