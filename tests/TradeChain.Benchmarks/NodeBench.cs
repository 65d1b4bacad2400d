using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using TradeChain.Node.Client;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Tests.Cluster;
using TradeChain.Trade.Batches;

namespace TradeChain.Benchmarks;

/// <summary>
/// <c>node-bench</c>: end-to-end throughput of a consortium of real node processes on loopback
/// (mutual TLS, every batch signature and event checked by every validator, every block fsynced):
/// one submitter per node sends signed batches of its member, keeping a bounded number
/// uncommitted; committed events/s over the window, submit-to-commit latency p50/p99 (commit as
/// seen in node 0's block stream), and CPU of the node processes.
/// Usage: node-bench [--nodes 4] [--seconds 30] [--batch-events 1000] [--suite sm|intl] [--in-flight 4]
/// </summary>
internal static class NodeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var nodes = Option(args, "--nodes", 4);
        var seconds = Option(args, "--seconds", 30);
        var batchEvents = Option(args, "--batch-events", 1000);
        var inFlight = Option(args, "--in-flight", 4);
        var suite = Text(args, "--suite") ?? "sm";
        Console.WriteLine($"node-bench: {nodes} nodes, suite {suite}, {batchEvents}-event batches, {inFlight} uncommitted batches per submitter, {seconds} s");

        await using var cluster = await NodeCluster.StartAsync(nodes, suite);
        // Batches are signed before the clock starts: the benchmark measures the ledger, not the client.
        var perSubmitter = Math.Max(8, seconds * 4);
        var prepared = new EventBatch[nodes][];
        var prepareClock = Stopwatch.StartNew();
        Parallel.For(0, nodes, n => prepared[n] = Enumerable.Range(0, perSubmitter).Select(b => cluster.Batch(n, batchEvents, $"bench-{n}-{b}")).ToArray());
        Console.WriteLine($"prepared {nodes * perSubmitter} batches in {prepareClock.Elapsed.TotalSeconds:N1} s");

        var submittedAt = new ConcurrentDictionary<string, (long At, int Submitter)>();
        var outstanding = new int[nodes];
        var latenciesMs = new ConcurrentBag<double>();
        var committedEvents = 0L;
        using var stop = new CancellationTokenSource();
        var startHeight = (await cluster[0].Client.GetStatusAsync()).Height;
        var follower = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in cluster[0].Client.StreamBlocksAsync(startHeight + 1, stop.Token))
                {
                    var block = Ledger.Block.Decode(message.Block.Span);
                    foreach (var transaction in block.Transactions)
                    {
                        if (submittedAt.TryRemove(transaction.ComputeId(cluster.Suite).ToString(), out var submitted))
                        {
                            Interlocked.Decrement(ref outstanding[submitted.Submitter]);
                            latenciesMs.Add(Stopwatch.GetElapsedTime(submitted.At).TotalMilliseconds);
                            Interlocked.Add(ref committedEvents, transaction.Batch.Leaves.Count);
                        }
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException)
            {
            }
        });

        var cpuBefore = cluster.Nodes.Select(n => n.CpuTime).ToArray();
        var window = Stopwatch.StartNew();
        var busy = 0;
        var submitters = Enumerable.Range(0, nodes).Select(n => Task.Run(async () =>
        {
            var client = cluster[n].Client;
            foreach (var batch in prepared[n])
            {
                while (window.Elapsed.TotalSeconds < seconds && Volatile.Read(ref outstanding[n]) >= inFlight)
                {
                    await Task.Delay(5);
                }
                if (window.Elapsed.TotalSeconds >= seconds)
                {
                    return;
                }
                var id = Node.Mempool.Admission.TransactionFor(batch).ComputeId(cluster.Suite).ToString();
                Interlocked.Increment(ref outstanding[n]);
                submittedAt[id] = (Stopwatch.GetTimestamp(), n);
                while (true)
                {
                    try
                    {
                        var receipt = await client.SubmitBatchAsync(batch);
                        if (receipt.Outcome != SubmitOutcome.Accepted)
                        {
                            throw new InvalidOperationException($"batch refused: {receipt}");
                        }
                        break;
                    }
                    catch (LedgerBusyException e)
                    {
                        Interlocked.Increment(ref busy);
                        await Task.Delay(e.RetryAfter);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(submitters);
        var elapsed = window.Elapsed.TotalSeconds;
        var eventsInWindow = Interlocked.Read(ref committedEvents);
        var cpu = cluster.Nodes.Select((n, i) => (n.CpuTime - cpuBefore[i]).TotalSeconds).Sum();
        // Let what is in flight commit, for the latency distribution only.
        var drain = Stopwatch.StartNew();
        while (!submittedAt.IsEmpty && drain.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
        await stop.CancelAsync();
        await follower;

        var sorted = latenciesMs.Order().ToArray();
        var status = await cluster[0].Client.GetStatusAsync();
        Console.WriteLine();
        Console.WriteLine("| nodes | suite | batch | committed events/s | submit→commit p50 | p99 | node CPU (2 cores) | blocks | busy answers |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {nodes} | {suite} | {batchEvents:N0} events | {eventsInWindow / elapsed:N0} | {Percentile(sorted, 0.50):N0} ms | {Percentile(sorted, 0.99):N0} ms | {cpu / elapsed * 100 / Environment.ProcessorCount:N0}% | {status.Height - startHeight} in {elapsed:N0} s | {busy} |"));
        Console.WriteLine($"({sorted.Length} batches measured; {eventsInWindow:N0} events committed while submitting; blocks include empty ones)");
        if (args.Contains("--logs"))
        {
            Console.WriteLine(cluster.Logs(lines: 200));
        }
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int Option(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
