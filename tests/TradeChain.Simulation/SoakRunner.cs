using System.Diagnostics;

namespace TradeChain.Simulation;

/// <summary>Totals over many seeds.</summary>
public sealed record SoakSummary(
    SimOptions Template,
    ulong SeedStart,
    int Seeds,
    int Violations,
    IReadOnlyList<SeedResult> FirstFailures,
    long HeightsDecided,
    long SimulatedMs,
    long Events,
    long MessagesDelivered,
    TimeSpan Elapsed,
    IReadOnlyList<long> HealToFirstCommitMs)
{
    public double SeedsPerSecond => Seeds / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Nearest-rank percentile of the heal-to-first-commit samples, or null without samples.</summary>
    public long? LivenessPercentileMs(double percentile)
    {
        if (HealToFirstCommitMs.Count == 0)
        {
            return null;
        }
        var rank = (int)Math.Ceiling(percentile / 100.0 * HealToFirstCommitMs.Count);
        return HealToFirstCommitMs[Math.Clamp(rank - 1, 0, HealToFirstCommitMs.Count - 1)];
    }

    public IEnumerable<string> Report()
    {
        yield return $"seeds: {Seeds} (from {SeedStart}), validators {Template.Validators}, byzantine {Template.Byzantine}, faults {SimOptions.FormatFaults(Template.Faults)}, heights after heal {Template.HeightsAfterHeal}{(Template.UnsafeIgnoreLocks ? ", UNSAFE ignore locks" : "")}{(Template.UnsafeSendBeforeSync ? ", UNSAFE send before sync" : "")}";
        yield return $"elapsed: {Elapsed.TotalSeconds:F1} s, {SeedsPerSecond:F1} seeds/s";
        yield return $"violations: {Violations}";
        yield return $"commits: {HeightsDecided} heights decided";
        yield return $"simulated time: {SimulatedMs} ms ({SimulatedMs / 3_600_000.0:F1} h; {(Seeds == 0 ? 0 : SimulatedMs / Seeds)} ms per seed)";
        yield return HealToFirstCommitMs.Count == 0
            ? "liveness after heal: no samples"
            : $"liveness after heal (simulated ms from heal to first new commit): p50 {LivenessPercentileMs(50)}, p99 {LivenessPercentileMs(99)}, max {HealToFirstCommitMs[^1]} over {HealToFirstCommitMs.Count} seeds";
        yield return $"events: {Events}, messages delivered: {MessagesDelivered}";
        foreach (var failure in FirstFailures)
        {
            yield return $"seed {failure.Options.Seed}: {failure.Violation}";
            yield return $"  replay: {failure.Options.ReplayCommand()}";
        }
    }
}

/// <summary>Runs a range of seeds in parallel; each seed is independent and deterministic, so parallelism does not change any result.</summary>
public static class SoakRunner
{
    /// <summary>Failing seeds reported in full; the rest are only counted.</summary>
    public const int MaxReportedFailures = 10;

    public static SoakSummary Run(SimOptions template, ulong seedStart, int seeds, int parallelism, bool stopOnFirstViolation = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentOutOfRangeException.ThrowIfNegative(seeds);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var heights = new long[seeds];
        var simulatedMs = new long[seeds];
        var events = new long[seeds];
        var delivered = new long[seeds];
        var liveness = new long?[seeds];
        var ran = new bool[seeds];
        var failures = new List<SeedResult>();
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, (i, state) =>
        {
            var result = Simulation.Run(template with { Seed = seedStart + (ulong)i, Trace = false });
            heights[i] = result.HeightsDecided;
            simulatedMs[i] = result.SimulatedMs;
            events[i] = result.Stats.Events;
            delivered[i] = result.Stats.MessagesDelivered;
            liveness[i] = result.HealToFirstCommitMs;
            ran[i] = true;
            if (!result.Passed)
            {
                lock (failures)
                {
                    failures.Add(result);
                }
                if (stopOnFirstViolation)
                {
                    state.Stop();
                }
            }
        });
        stopwatch.Stop();
        var samples = liveness.Where((l, i) => ran[i] && l is not null).Select(l => l!.Value).Order().ToArray();
        var ordered = failures.OrderBy(f => f.Options.Seed).ToArray();
        return new SoakSummary(
            template,
            seedStart,
            ran.Count(r => r),
            ordered.Length,
            ordered.Take(MaxReportedFailures).ToArray(),
            heights.Sum(),
            simulatedMs.Sum(),
            events.Sum(),
            delivered.Sum(),
            stopwatch.Elapsed,
            samples);
    }
}
