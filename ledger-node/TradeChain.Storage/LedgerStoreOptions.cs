using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TradeChain.Storage;

/// <summary>How a <see cref="LedgerStore"/> is laid out and tuned. <see cref="Validate"/> explains what is wrong before anything opens.</summary>
public sealed record LedgerStoreOptions
{
    /// <summary>Smallest segment: a header and a few small blocks; tests use it to exercise rolling.</summary>
    public const long MinSegmentSizeBytes = 4 * 1024;

    /// <summary>Offsets and sizes are 64-bit, but a segment above 1 GiB makes truncation and copying of a tail slow for nothing.</summary>
    public const long MaxSegmentSizeBytes = 1024L * 1024 * 1024;

    /// <summary>The store's directory; segments go in "segments/", indexes and state in "index/".</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// A segment is closed once the next record would pass this size (a larger block gets a segment
    /// of its own). 256 MiB: few files for a large chain, a bounded tail for recovery to scan.
    /// </summary>
    public long SegmentSizeBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Most records written under one fsync. Bounds the latency the first append of a group waits
    /// for the others; 256 blocks of a few KiB is one sequential write of about a megabyte.
    /// </summary>
    public int MaxGroupCommitRecords { get; init; } = 256;

    /// <summary>Appends queued but not yet written; appenders wait beyond it (back-pressure, bounded memory).</summary>
    public int MaxPendingAppends { get; init; } = 1024;

    /// <summary>
    /// Checks each appended block's commit certificate against the validator set of its height
    /// (derived from the chain). On by default; off only for tools that load blocks they already
    /// verified (recovery's replay never re-checks: the blocks were checked when appended).
    /// </summary>
    public bool VerifyCertificates { get; init; } = true;

    /// <summary>Start-up repairs and faults are logged here.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    public string SegmentsDirectory => Path.Combine(DataDirectory, "segments");

    public string IndexDirectory => Path.Combine(DataDirectory, "index");

    /// <summary>Null when the options are usable, else every problem in plain language.</summary>
    public string? Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add("a data directory is required");
        }
        if (SegmentSizeBytes is < MinSegmentSizeBytes or > MaxSegmentSizeBytes)
        {
            problems.Add($"segment size must be {MinSegmentSizeBytes}..{MaxSegmentSizeBytes} bytes, got {SegmentSizeBytes}");
        }
        if (MaxGroupCommitRecords < 1)
        {
            problems.Add("a group commit holds at least one record");
        }
        if (MaxPendingAppends < MaxGroupCommitRecords)
        {
            problems.Add($"pending appends ({MaxPendingAppends}) must be at least one group ({MaxGroupCommitRecords}), or groups can never fill");
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
