using System.Diagnostics;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Generation;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Queries;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Benchmarks;

/// <summary>
/// <c>analytics-bench</c>: generated trade (sea and air, import and export, half a year) cut into
/// 1,000-event blocks, projected into a fresh DuckDB store (events/s, commit-to-queryable lag),
/// then query latencies p50/p99: trace by a random reference, KPIs over a month and a half-year,
/// volumes, cargo in port, SLA breaches, master splits. Prints a Markdown table for
/// docs/benchmarks.md. Usage: analytics-bench [--events N] [--dir DIR]
/// </summary>
internal static class AnalyticsBench
{
    /// <summary>Runs per query: 50 gives a p99 that is the worst but one, enough on a 2-core machine where a KPI run takes seconds.</summary>
    private const int QueryRuns = 50;

    /// <summary>Trace lookups: cheap, so enough for a stable p99.</summary>
    private const int TraceRuns = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = Option(args, "--events", 1_000_000);
        var directory = OptionText(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "tradechain-analytics-bench-" + Guid.NewGuid().ToString("N"));
        void Report(string line) => Console.WriteLine(line);

        // The generator's mix averages about 10.8 events per shipment.
        var options = new GeneratorOptions { Seed = 42, Shipments = (int)(events / 10.8), FirstDay = new DateOnly(2026, 1, 1), Days = 180 };
        var clock = Stopwatch.StartNew();
        var generated = new ShipmentGenerator(options).Generate();
        var blocks = BuildBlocks(generated, eventsPerBlock: 1_000);
        Console.WriteLine($"generated {generated.Count:N0} events in {blocks.Count:N0} blocks in {clock.Elapsed.TotalSeconds:N1} s");
        try
        {
            await using var store = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = directory });
            using var metrics = new ProjectionMetrics();
            var lags = new List<double>();
            using var listener = new System.Diagnostics.Metrics.MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument == metrics.Lag)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, _, _) => lags.Add(value));
            listener.Start();
            // Block timestamps are "now" as each block is handed over, so lag is the projector's own delay.
            var source = new TimedSource(blocks);
            clock.Restart();
            var progress = await new BlockProjector(source, store, new ProjectorOptions(), metrics, TimeProvider.System).CatchUpAsync();
            clock.Stop();
            var bytes = new FileInfo(store.DatabasePath).Length;
            Report($"| project into DuckDB (Arrow batches ≤ 50,000 events, one transaction each) | {progress.EventsWritten / clock.Elapsed.TotalSeconds:N0} events/s | {progress.EventsWritten:N0} events ({progress.EventsSkipped:N0} duplicates skipped), {blocks.Count:N0} blocks in {clock.Elapsed.TotalSeconds:N1} s; {bytes / 1e6:N0} MB file |");
            Report($"| lag, block handed over → queryable | p50 {Percentile(lags, 50):N0} ms, p99 {Percentile(lags, 99):N0} ms | per block; a write holds up to 50 blocks of 1,000 events |");

            var random = new Random(7);
            var references = generated.Select(g => g.Event.References).SelectMany(r => new[] { r.MasterBill, r.DeclarationNumber }.Concat(r.HouseBills).Concat(r.Containers))
                .OfType<string>().Where(r => r.Length > 0).Distinct().ToArray();
            var traces = await MeasureAsync(TraceRuns, () => store.TraceAsync(new TraceQuery(references[random.Next(references.Length)])));
            Report($"| trace by a random reference (master, house, container, declaration) | p50 {Percentile(traces, 50):N1} ms, p99 {Percentile(traces, 99):N1} ms | {TraceRuns} traces over {references.Length:N0} references |");

            var first = options.FirstDay;
            var month = new KpiQuery(KpiClocks.CustomsClearance, first.AddMonths(2), first.AddMonths(3), KpiGrouping.Port | KpiGrouping.Mode | KpiGrouping.Direction | KpiGrouping.Period, Period.Day);
            var kpiMonth = await MeasureAsync(QueryRuns, () => store.KpiAsync(month));
            Report($"| KPI customs clearance, one month by day, port, mode, direction | p50 {Percentile(kpiMonth, 50):N0} ms, p99 {Percentile(kpiMonth, 99):N0} ms | {QueryRuns} runs; reads the month plus the 90-day clock span |");
            var halfYear = new KpiQuery(KpiClocks.OverallImport, first, first.AddDays(options.Days + 30), KpiGrouping.Port | KpiGrouping.Mode | KpiGrouping.Period | KpiGrouping.Enterprise, Period.Month);
            var kpiYear = await MeasureAsync(QueryRuns, () => store.KpiAsync(halfYear));
            Report($"| KPI overall import clearance, half a year by month, port, mode, enterprise | p50 {Percentile(kpiYear, 50):N0} ms, p99 {Percentile(kpiYear, 99):N0} ms | {QueryRuns} runs over all {progress.EventsWritten:N0} events |");
            var volumes = await MeasureAsync(QueryRuns, () => store.VolumesAsync(new VolumeQuery(first, first.AddDays(options.Days), Period.Week)));
            Report($"| volumes, half a year by week and port | p50 {Percentile(volumes, 50):N0} ms, p99 {Percentile(volumes, 99):N0} ms | {QueryRuns} runs |");
            var at = new DateTimeOffset(first.AddDays(90).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));
            var cargo = await MeasureAsync(QueryRuns, () => store.CargoInPortAsync(new CargoInPortQuery(at, at)));
            Report($"| cargo in port now, per port, mode and enterprise | p50 {Percentile(cargo, 50):N0} ms, p99 {Percentile(cargo, 99):N0} ms | {QueryRuns} runs |");
            var sla = await MeasureAsync(QueryRuns, () => store.SlaBreachesAsync(new SlaQuery(KpiClocks.CustomsClearance, [new SlaTarget(null, null, null, TimeSpan.FromHours(24))], at)));
            Report($"| SLA breaches as of now, customs clearance over 24 h | p50 {Percentile(sla, 50):N0} ms, p99 {Percentile(sla, 99):N0} ms | {QueryRuns} runs |");
            var masters = generated.Where(g => g.Event.Mode == TransportMode.Air && g.Event.References.HouseBills.Count > 1).Select(g => g.Event.References.MasterBill!).Distinct().ToArray();
            var splits = await MeasureAsync(QueryRuns, () => store.MasterSplitAsync(new MasterSplitQuery(masters[random.Next(masters.Length)])));
            Report($"| master bill split (主单分流分拨) of a random air master | p50 {Percentile(splits, 50):N0} ms, p99 {Percentile(splits, 99):N0} ms | {QueryRuns} runs |");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        return 0;
    }

    /// <summary>
    /// Blocks of generated events without consensus or contract execution (the projector reads
    /// what a committed block holds and checks nothing): signed batches per member and feed,
    /// transactions root, empty state root, no certificate.
    /// </summary>
    private static List<Block> BuildBlocks(IReadOnlyList<GeneratedEvent> generated, int eventsPerBlock)
    {
        var suite = CryptoSuites.Intl;
        var keys = new Dictionary<string, ISigningKey>();
        var blocks = new List<Block>();
        Digest? previous = null;
        ulong sequence = 0;
        foreach (var chunk in generated.Select(g => g.Event).Chunk(eventsPerBlock))
        {
            var transactions = new List<Transaction>();
            foreach (var group in chunk.GroupBy(e => (e.MemberId, e.Feed)))
            {
                if (!keys.TryGetValue(group.Key.MemberId, out var key))
                {
                    key = keys[group.Key.MemberId] = suite.GenerateSigningKey();
                }
                // A resubmission is its own batch (a batch never holds an id twice).
                foreach (var batch in group.GroupBy(e => e.SourceReference).SelectMany(g => g.Select((e, i) => (e, i))).GroupBy(x => x.i, x => x.e))
                {
                    transactions.Add(Transaction.ForBatch(EventBatch.Sign(suite, key, group.Key.MemberId, group.Key.Feed, ++sequence, 1_767_225_600_000, batch.ToArray()), 1_767_225_600_000));
                }
            }
            var header = new BlockHeader(BlockHeader.CurrentProtocolVersion, suite.Id, "analytics-bench", (ulong)blocks.Count, previous,
                Block.ComputeTransactionsRoot(suite, transactions), BlockExecutor.EmptyStateRoot(suite), 1_767_225_600_000 + blocks.Count, "bench");
            var block = new Block(header, transactions, null);
            previous = block.Id;
            blocks.Add(block);
        }
        foreach (var key in keys.Values)
        {
            key.Dispose();
        }
        return blocks;
    }

    /// <summary>Hands blocks over stamped with the current time, as a node streams them the moment they commit.</summary>
    private sealed class TimedSource(IReadOnlyList<Block> blocks) : ICommittedBlockSource
    {
        public ValueTask<ulong?> GetTipHeightAsync(CancellationToken cancellationToken) => ValueTask.FromResult<ulong?>((ulong)(blocks.Count - 1));

        public async IAsyncEnumerable<Block> ReadBlocksAsync(ulong fromHeight, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var height = (int)fromHeight; height < blocks.Count; height++)
            {
                var b = blocks[height];
                var header = b.Header with { TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
                yield return new Block(header, b.Transactions, null);
                await Task.Yield();
            }
        }
    }

    private static async Task<List<double>> MeasureAsync<T>(int runs, Func<Task<T>> query)
    {
        await query();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await query();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return times;
    }

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Max(0, Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
