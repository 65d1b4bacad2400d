namespace TradeChain.Ingest.Submission;

/// <summary>
/// Exponential backoff for retrying an unavailable node: <see cref="InitialDelayMs"/>, doubling
/// each attempt up to <see cref="MaxDelayMs"/>. Pure. The worker never gives up on a batch (the
/// events must reach the ledger or stay uncommitted in Kafka); the cap keeps it probing often
/// enough to resume quickly once the node is back.
/// </summary>
public sealed record Backoff(long InitialDelayMs, long MaxDelayMs)
{
    /// <summary>100 ms absorbs a node restart's blip; 30 s caps the probe rate of a long outage at two a minute.</summary>
    public static Backoff Default { get; } = new(100, 30_000);

    /// <summary>The wait before retry number <paramref name="attempt"/> (1 = first retry).</summary>
    public long DelayMs(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        return Math.Min(MaxDelayMs, InitialDelayMs << exponent);
    }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (InitialDelayMs < 1)
        {
            problems.Add($"retry initial delay must be at least 1 ms, is {InitialDelayMs} ms");
        }
        if (MaxDelayMs < InitialDelayMs)
        {
            problems.Add($"retry max delay ({MaxDelayMs} ms) must be at least the initial delay ({InitialDelayMs} ms)");
        }
        return problems;
    }
}
