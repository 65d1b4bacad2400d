using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using TradeChain.Ingest.Formats.CargoXml;
using TradeChain.Ingest.Formats.Dcsa;
using TradeChain.Ingest.Formats.Edifact;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Benchmarks;

/// <summary>
/// Parse throughput per partner format on the published samples (docs/samples): one realistic
/// message per operation; events/s = events per message ÷ mean time. "+ validate" adds the
/// validator, the rest of the per-event CPU work before batching.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private static readonly PartnerProfile Partner = new()
    {
        PartnerId = "bench",
        MemberId = "tianjin-port",
        SourceSystem = "bench",
        DefaultPort = "CNTSN",
        DefaultMode = TransportMode.Sea,
        DefaultDirection = TradeDirection.Import,
        LocationCodes = new Dictionary<string, string> { ["PEK"] = "CNPEK", ["PVG"] = "CNPVG", ["FRA"] = "DEFRA" }.ToFrozenDictionary(),
    };

    /// <summary>Case name (format and events per message, short enough to print whole) → sample file and parser.</summary>
    private static readonly Dictionary<string, (string File, IFeedParser Parser)> Cases = new()
    {
        ["CODECO 3 ev"] = ("edifact/codeco-gate-in-out.edi", new EdifactParser()),
        ["CUSRES 3 ev"] = ("edifact/cusres-release-reject-inspect.edi", new EdifactParser()),
        ["CUSCAR 2 ev"] = ("edifact/cuscar-sea-import-manifest.edi", new EdifactParser()),
        ["XFSU 3 ev"] = ("cargo-xml/xfsu-import-arrival.xml", new CargoXmlParser()),
        ["XFWB 1 ev"] = ("cargo-xml/xfwb-master-waybill.xml", new CargoXmlParser()),
        ["DCSA 4 ev"] = ("dcsa/tnt-events.json", new DcsaEventParser()),
        ["JSON 2 ev"] = ("tradechain-json/customs-release-and-tax.json", new CanonicalJsonParser()),
    };

    private readonly TradeEventValidator _validator = new();
    private readonly DateTimeOffset _now = new(2025, 3, 16, 9, 0, 0, TimeSpan.FromHours(8));
    private byte[] _payload = [];
    private IFeedParser _parser = null!;
    private ParseContext _context = null!;

    [ParamsSource(nameof(SampleNames))]
    public string Sample { get; set; } = string.Empty;

    public static IEnumerable<string> SampleNames => Cases.Keys;

    [GlobalSetup]
    public void Setup()
    {
        var (file, parser) = Cases[Sample];
        _payload = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "docs", "samples", file));
        _parser = parser;
        _context = new ParseContext(Partner, Feed.PortGate, _now);
        var result = _parser.Parse(_payload, _context);
        if (result.Rejected.Count > 0 || !Sample.Contains($" {result.Events.Count} ev", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{file} should parse to the events its case name says: {result.Events.Count} events, {result.Rejected.FirstOrDefault()?.Reason}");
        }
    }

    [Benchmark(Description = "parse")]
    public int Parse() => _parser.Parse(_payload, _context).Events.Count;

    [Benchmark(Description = "parse + validate")]
    public int ParseAndValidate()
    {
        var valid = 0;
        foreach (var tradeEvent in _parser.Parse(_payload, _context).Events)
        {
            valid += _validator.Validate(tradeEvent, _now).Count == 0 ? 1 : 0;
        }
        return valid;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradeChain.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("TradeChain.sln not found above the benchmark assembly");
    }
}
