using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Storage;
using TradeChain.Storage.Log;

namespace TradeChain.Benchmarks;

/// <summary>
/// The store's hot paths on a real disk: appending a record with its fsync (alone, and 32 at
/// once sharing one group commit), and random reads of blocks and event proofs from a store of
/// 200 blocks × 100 events. Release only.
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private const int Blocks = 200;
    private const int EventsPerBlock = 100;

    private string _directory = "";
    private SegmentWriter _writer = null!;
    private LedgerStore _store = null!;
    private StorageBenchChain _chain = null!;
    private byte[] _payload = [];
    private Random _random = new(1);

    [Params(4 * 1024, 64 * 1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "tradechain-bench-" + Guid.NewGuid().ToString("N"));
        var files = new SegmentFiles(Path.Combine(_directory, "log"));
        Directory.CreateDirectory(files.Directory);
        files.Create(1).Dispose();
        _writer = new SegmentWriter(files, new LogPosition(1, SegmentHeader.Size), 256L * 1024 * 1024, 256, 1024, _ => { }, NullLogger.Instance);
        _payload = new byte[PayloadBytes];
        new Random(2).NextBytes(_payload);

        _chain = new StorageBenchChain();
        _store = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = Path.Combine(_directory, "store") });
        _store.AppendAsync(_chain.Genesis()).GetAwaiter().GetResult();
        for (var i = 0; i < Blocks; i++)
        {
            _store.AppendAsync(_chain.Next(_store, EventsPerBlock)).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _chain.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "append 1 record + fsync")]
    public Task<RecordLocation> AppendOne() => _writer.AppendAsync(RecordKind.Block, _payload, null);

    [Benchmark(Description = "append 32 concurrent records (group commit)", OperationsPerInvoke = 32)]
    public Task AppendGroup() => Task.WhenAll(Enumerable.Range(0, 32).Select(_ => _writer.AppendAsync(RecordKind.Block, _payload, null)));

    [Benchmark(Description = "read random block (100 events)")]
    public Block? ReadBlock() => _store.ReadBlock((ulong)_random.Next(1, Blocks + 1));

    [Benchmark(Description = "prove random event")]
    public LedgerEventProof? ProveEvent() => _store.ProveEvent(_chain.EventId(_random.NextInt64(_chain.EventsMade)));
}
