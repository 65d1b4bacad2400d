using BenchmarkDotNet.Running;
using TradeChain.Benchmarks;

// Release only: dotnet run -c Release --project tests/TradeChain.Benchmarks -- --filter '*'
// End-to-end storage run (1,000,000 events, p50/p99, recovery): ... -- storage-bench
if (args.Length > 0 && args[0] == "storage-bench")
{
    return await StorageBench.RunAsync(args[1..]);
}
// End-to-end consortium: 4 node processes on loopback, committed events/s, submit-to-commit p50/p99, CPU.
// ... -- node-bench --nodes 4 --seconds 30 --batch-events 1000 --suite sm
if (args.Length > 0 && args[0] == "node-bench")
{
    return await NodeBench.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "analytics-bench")
{
    return await AnalyticsBench.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(StorageBench).Assembly).Run(args);
return 0;
