using BenchmarkDotNet.Running;

// Release only: dotnet run -c Release --project tests/TradeChain.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
