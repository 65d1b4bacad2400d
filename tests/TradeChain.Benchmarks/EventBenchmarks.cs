using BenchmarkDotNet.Attributes;
using TradeChain.Crypto;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Benchmarks;

/// <summary>
/// The per-event and per-batch work on the ingest and ledger paths: encoding, validating,
/// signing a 1,000-event batch and verifying it as a node does (one signature, one tree).
/// </summary>
[MemoryDiagnoser]
public class EventBenchmarks
{
    private const int BatchEvents = 1_000;

    private readonly TradeEventValidator _validator = new();
    private TradeEvent _event = null!;
    private byte[] _encoded = [];
    private IReadOnlyList<TradeEvent> _events = [];
    private ISigningKey _key = null!;
    private byte[] _encodedBatch = [];

    [Params(SuiteId.Sm, SuiteId.Intl)]
    public SuiteId Suite { get; set; }

    private ICryptoSuite CryptoSuite => CryptoSuites.Get(Suite);

    [GlobalSetup]
    public void Setup()
    {
        _event = SampleEvents.SeaImport();
        _encoded = TradeEventCodec.Encode(_event);
        _events = SampleEvents.SeaImportSeries(BatchEvents);
        _key = CryptoSuite.GenerateSigningKey();
        _encodedBatch = SignBatch().Encode();
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark(Description = "encode event")]
    public byte[] Encode() => TradeEventCodec.Encode(_event);

    [Benchmark(Description = "decode event")]
    public TradeEvent Decode() => TradeEventCodec.Decode(_encoded);

    [Benchmark(Description = "validate event")]
    public int Validate() => _validator.Validate(_event, SampleEvents.Now).Count;

    [Benchmark(Description = "event id")]
    public Digest EventId() => _event.ComputeEventId(CryptoSuite);

    [Benchmark(Description = "sign batch of 1,000")]
    public EventBatch SignBatch() =>
        EventBatch.Sign(CryptoSuite, _key, _events[0].MemberId, _events[0].Feed, 1, 1_742_086_800_000, _events);

    [Benchmark(Description = "decode + verify batch of 1,000")]
    public int DecodeAndVerifyBatch() => EventBatch.Decode(_encodedBatch).Verify().Count;
}
