using System.Diagnostics;
using System.Globalization;
using System.Text;
using TradeChain.Storage;

namespace TradeChain.Benchmarks;

/// <summary>
/// <c>storage-bench</c>: an end-to-end run on one store holding a million events — append
/// throughput with fsync, random block and proof read latency (p50/p99), and recovery time (clean
/// reopen, torn tail, index rebuilt from the blocks alone). Writes a "Storage" section into
/// docs/benchmarks.md. Usage: storage-bench [--events N] [--events-per-block M] [--dir DIR] [--out FILE]
/// </summary>
internal static class StorageBench
{
    /// <summary>Random reads per measurement: enough for a stable p99 (≥ 20 samples beyond it).</summary>
    private const int ReadSamples = 2_000;

    /// <summary>Appends kept in flight, so consecutive blocks share fsyncs as consensus commits pipeline.</summary>
    private const int AppendWindow = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = Option(args, "--events", 1_000_000);
        var eventsPerBlock = Option(args, "--events-per-block", 1_000);
        var directory = OptionText(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "tradechain-storage-bench-" + Guid.NewGuid().ToString("N"));
        var output = OptionText(args, "--out") ?? FindDocs();
        var blocks = events / eventsPerBlock;
        var lines = new List<string>();
        void Report(string line)
        {
            Console.WriteLine(line);
            lines.Add(line);
        }

        using var chain = new StorageBenchChain();
        var options = new LedgerStoreOptions { DataDirectory = directory };
        try
        {
            // 1. Append: pipelined blocks, then single blocks one at a time (each waits for its own fsync).
            var clock = Stopwatch.StartNew();
            await using (var store = LedgerStore.Open(options))
            {
                await store.AppendAsync(chain.Genesis());
                var inFlight = new Queue<Task<AppendResult>>();
                for (var b = 0; b < blocks; b++)
                {
                    inFlight.Enqueue(store.AppendAsync(chain.Next(store, eventsPerBlock)));
                    if (inFlight.Count >= AppendWindow)
                    {
                        await inFlight.Dequeue();
                    }
                }
                while (inFlight.Count > 0)
                {
                    await inFlight.Dequeue();
                }
                clock.Stop();
                var logBytes = Directory.GetFiles(options.SegmentsDirectory).Sum(f => new FileInfo(f).Length);
                Report($"| append, {eventsPerBlock:N0}-event blocks, {AppendWindow} in flight | {blocks / clock.Elapsed.TotalSeconds:N0} blocks/s, {logBytes / clock.Elapsed.TotalSeconds / 1e6:N1} MB/s, {events / clock.Elapsed.TotalSeconds:N0} events/s | {blocks:N0} blocks, {logBytes / 1e6:N0} MB log in {clock.Elapsed.TotalSeconds:N1} s (block building and signing included) |");

                var single = new List<double>();
                for (var i = 0; i < 100; i++)
                {
                    var block = chain.Next(store, 10);
                    var started = Stopwatch.GetTimestamp();
                    await store.AppendAsync(block);
                    single.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                Report($"| append one 10-event block and wait for its fsync | p50 {Percentile(single, 50):N2} ms, p99 {Percentile(single, 99):N2} ms | {1000 / single.Average():N0} blocks/s one at a time |");

                // 2. Random reads over the whole store.
                var random = new Random(7);
                var tip = store.Tip!.Height;
                var blockReads = Measure(() => store.ReadBlock((ulong)random.NextInt64(1, blocks + 1)));
                Report($"| read a random {eventsPerBlock:N0}-event block (CRC-32C, block decode; events decode lazily) | p50 {Percentile(blockReads, 50):N2} ms, p99 {Percentile(blockReads, 99):N2} ms | {ReadSamples:N0} reads over {tip:N0} blocks |");
                var proofReads = Measure(() => store.ProveEvent(chain.EventId(random.NextInt64(events))));
                Report($"| prove a random event (index, block read, both Merkle paths) | p50 {Percentile(proofReads, 50):N2} ms, p99 {Percentile(proofReads, 99):N2} ms | {ReadSamples:N0} proofs over {chain.EventsMade:N0} events |");
            }

            // 3. Recovery.
            var reopen = Time(() => LedgerStore.Open(options));
            Report($"| recovery: clean reopen, {chain.EventsMade:N0} events | {reopen.Elapsed.TotalMilliseconds:N0} ms | checkpoint checked, nothing to replay |");

            var last = Directory.GetFiles(options.SegmentsDirectory).Order().Last();
            await using (var stream = new FileStream(last, FileMode.Append))
            {
                stream.Write(new byte[4096].Select((_, i) => (byte)(i * 31)).ToArray());
            }
            var torn = Time(() => LedgerStore.Open(options));
            Report($"| recovery: torn 4 KiB tail | {torn.Elapsed.TotalMilliseconds:N0} ms | cut {torn.Report.Truncated?.BytesRemoved:N0} bytes: {torn.Report.Truncated?.Reason} |");

            Directory.Delete(options.IndexDirectory, recursive: true);
            var rebuild = Time(() => LedgerStore.Open(options));
            Report($"| recovery: index deleted, rebuilt from blocks | {rebuild.Elapsed.TotalSeconds:N1} s | {rebuild.Report.BlocksReplayed:N0} blocks, {chain.EventsMade:N0} events replayed ({chain.EventsMade / rebuild.Elapsed.TotalSeconds:N0} events/s) |");
        }
        finally
        {
            if (OptionText(args, "--dir") is null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        WriteSection(output, events, eventsPerBlock, lines);
        Console.WriteLine($"results written to {output}");
        return 0;
    }

    private static List<double> Measure(Action read)
    {
        var samples = new List<double>(ReadSamples);
        for (var i = 0; i < ReadSamples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            read();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return samples;
    }

    private static (TimeSpan Elapsed, RecoveryReport Report) Time(Func<LedgerStore> open)
    {
        var started = Stopwatch.GetTimestamp();
        var store = open();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var report = store.Recovery;
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (elapsed, report);
    }

    private static double Percentile(List<double> samples, int percentile)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }

    private static void WriteSection(string path, int events, int eventsPerBlock, List<string> rows)
    {
        var section = new StringBuilder()
            .AppendLine("## Storage")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project tests/TradeChain.Benchmarks -- storage-bench` on the 2-core development machine, {DateTime.UtcNow:yyyy-MM-dd}: one store, {events:N0} events in {eventsPerBlock:N0}-event blocks (one signed batch each, intl suite, one validator), default 256 MiB segments, every acknowledged append fsynced. Latencies are wall-clock per operation.")
            .AppendLine()
            .AppendLine("| measure | result | notes |")
            .AppendLine("|---|---|---|");
        foreach (var row in rows)
        {
            section.AppendLine(row);
        }
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var start = existing.IndexOf("## Storage", StringComparison.Ordinal);
        if (start >= 0)
        {
            var next = existing.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            existing = existing[..start] + (next >= 0 ? existing[(next + 1)..] : "");
        }
        File.WriteAllText(path, existing.TrimEnd() + "\n\n" + section);
    }

    private static string FindDocs()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradeChain.sln")))
            {
                return Path.Combine(directory.FullName, "docs", "benchmarks.md");
            }
        }
        return Path.Combine(Environment.CurrentDirectory, "benchmarks.md");
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
