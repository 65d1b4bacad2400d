using BenchmarkDotNet.Running;
using TradeChain.Benchmarks;

// Release only: dotnet run -c Release --project tests/TradeChain.Benchmarks -- --filter '*'
// End-to-end storage run (1,000,000 events, p50/p99, recovery): ... -- storage-bench
if (args.Length > 0 && args[0] == "storage-bench")
{
    return await StorageBench.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
