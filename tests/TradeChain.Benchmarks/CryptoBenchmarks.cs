using BenchmarkDotNet.Attributes;
using TradeChain.Crypto;

namespace TradeChain.Benchmarks;

/// <summary>
/// The per-operation costs that size the ledger: one signature per batch and per vote, one
/// verification per batch per node, hashing over every event byte.
/// </summary>
[MemoryDiagnoser]
public class CryptoBenchmarks
{
    private readonly byte[] _message256 = new byte[256];
    private readonly byte[] _message8k = new byte[8 * 1024];
    private ISigningKey _smKey = null!;
    private ISigningKey _intlKey = null!;
    private Signature _smSignature = null!;
    private Signature _intlSignature = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_message256);
        new Random(43).NextBytes(_message8k);
        _smKey = CryptoSuites.Sm.GenerateSigningKey();
        _intlKey = CryptoSuites.Intl.GenerateSigningKey();
        _smSignature = _smKey.Sign(_message256);
        _intlSignature = _intlKey.Sign(_message256);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _smKey.Dispose();
        _intlKey.Dispose();
    }

    [Benchmark(Description = "SM2 sign (256 B)")]
    public Signature Sm2Sign() => _smKey.Sign(_message256);

    [Benchmark(Description = "SM2 verify (256 B)")]
    public bool Sm2Verify() => CryptoSuites.Sm.Verify(_smKey.PublicKey, _message256, _smSignature);

    [Benchmark(Description = "ECDSA P-256 sign (256 B)")]
    public Signature EcdsaSign() => _intlKey.Sign(_message256);

    [Benchmark(Description = "ECDSA P-256 verify (256 B)")]
    public bool EcdsaVerify() => CryptoSuites.Intl.Verify(_intlKey.PublicKey, _message256, _intlSignature);

    [Benchmark(Description = "SM3 (256 B)")]
    public Digest Sm3Small() => CryptoSuites.Sm.Hash(_message256);

    [Benchmark(Description = "SM3 (8 KiB)")]
    public Digest Sm3Large() => CryptoSuites.Sm.Hash(_message8k);

    [Benchmark(Description = "SHA-256 (256 B)")]
    public Digest Sha256Small() => CryptoSuites.Intl.Hash(_message256);

    [Benchmark(Description = "SHA-256 (8 KiB)")]
    public Digest Sha256Large() => CryptoSuites.Intl.Hash(_message8k);
}
