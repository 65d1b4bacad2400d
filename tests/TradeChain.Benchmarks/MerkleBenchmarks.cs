using BenchmarkDotNet.Attributes;
using TradeChain.Crypto;
using TradeChain.Primitives.Merkle;

namespace TradeChain.Benchmarks;

/// <summary>A 1,000-event batch: building its tree (root), proving one event, verifying that proof.</summary>
[MemoryDiagnoser]
public class MerkleBenchmarks
{
    private const int EventCount = 1_000;

    /// <summary>A canonical trade event encodes to a few hundred bytes; 300 is typical.</summary>
    private const int EventBytes = 300;

    private ReadOnlyMemory<byte>[] _leaves = [];
    private MerkleTree _tree = null!;
    private MerkleProof _proof = null!;
    private Digest _leafHash = null!;

    [Params(SuiteId.Sm, SuiteId.Intl)]
    public SuiteId Suite { get; set; }

    private ICryptoSuite CryptoSuite => CryptoSuites.Get(Suite);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _leaves = Enumerable.Range(0, EventCount).Select(_ =>
        {
            var leaf = new byte[EventBytes];
            random.NextBytes(leaf);
            return (ReadOnlyMemory<byte>)leaf;
        }).ToArray();
        _tree = MerkleTree.FromLeafData(CryptoSuite, _leaves);
        _proof = _tree.Prove(EventCount / 3);
        _leafHash = MerkleTree.LeafHash(CryptoSuite, _leaves[EventCount / 3].Span);
    }

    [Benchmark(Description = "root of 1,000 events")]
    public Digest Root() => MerkleTree.FromLeafData(CryptoSuite, _leaves).Root;

    [Benchmark(Description = "prove 1 of 1,000")]
    public MerkleProof Prove() => _tree.Prove(EventCount / 3);

    [Benchmark(Description = "verify proof (1,000 leaves)")]
    public bool Verify() => MerkleTree.Verify(CryptoSuite, _leafHash, _proof, _tree.Root);
}
