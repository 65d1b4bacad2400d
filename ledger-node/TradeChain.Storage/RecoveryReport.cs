using TradeChain.Storage.Log;

namespace TradeChain.Storage;

/// <summary>A torn or corrupt tail that recovery cut off: where, how much, and why.</summary>
public sealed record TruncatedTail(string File, long Offset, long BytesRemoved, string Reason);

/// <summary>What opening the store found and repaired. <see cref="IsClean"/> when nothing needed repair.</summary>
public sealed record RecoveryReport(
    ulong? TipHeight,
    int BlocksReplayed,
    TruncatedTail? Truncated,
    string? IndexRebuiltBecause,
    int RedactionsFinished,
    int RedactionsReapplied,
    LogPosition LogEnd,
    TimeSpan Duration)
{
    public bool IsClean => BlocksReplayed == 0 && Truncated is null && IndexRebuiltBecause is null && RedactionsFinished == 0 && RedactionsReapplied == 0;

    public override string ToString()
    {
        var parts = new List<string> { $"tip {(TipHeight is { } h ? h.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}", $"log end {LogEnd}", $"{Duration.TotalMilliseconds:F0} ms" };
        if (IndexRebuiltBecause is not null)
        {
            parts.Add($"indexes rebuilt ({IndexRebuiltBecause})");
        }
        if (BlocksReplayed > 0)
        {
            parts.Add($"{BlocksReplayed} block(s) replayed into indexes");
        }
        if (Truncated is not null)
        {
            parts.Add($"truncated {Truncated.BytesRemoved} byte(s) at {Truncated.File}:{Truncated.Offset} ({Truncated.Reason})");
        }
        if (RedactionsFinished > 0)
        {
            parts.Add($"{RedactionsFinished} interrupted redaction(s) finished");
        }
        if (RedactionsReapplied > 0)
        {
            parts.Add($"{RedactionsReapplied} redaction(s) re-applied");
        }
        return string.Join("; ", parts);
    }
}
