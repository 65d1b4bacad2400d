using System.Collections.Frozen;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests;

/// <summary>
/// The partner profiles the sample files are written for: a Tianjin terminal's gate system,
/// Tianjin customs, a carrier's manifest system, Beijing Capital's cargo terminal, a carrier's
/// DCSA feed, a JSON-speaking single window and the port's vehicle registry, all ingested by the
/// member "tianjin-port".
/// </summary>
public static class TestPartners
{
    public const string Member = "tianjin-port";

    public static PartnerProfile TerminalGate { get; } = new()
    {
        PartnerId = "tjpct-gate",
        MemberId = Member,
        SourceSystem = "tjpct-gos",
        DefaultPort = "CNTSN",
        DefaultMode = TransportMode.Sea,
        DefaultDirection = TradeDirection.Import,
    };

    public static PartnerProfile Customs { get; } = new()
    {
        PartnerId = "tianjin-customs",
        MemberId = Member,
        SourceSystem = "tjcustoms-h2018",
        DefaultPort = "CNTSN",
        DefaultMode = TransportMode.Sea,
    };

    public static PartnerProfile CarrierManifest { get; } = new()
    {
        PartnerId = "eglv-manifest",
        MemberId = Member,
        SourceSystem = "eglv-cuscar",
        DefaultMode = TransportMode.Sea,
    };

    public static PartnerProfile AirCargoTerminal { get; } = new()
    {
        PartnerId = "bgs-cargo",
        MemberId = Member,
        SourceSystem = "bgs-cargo-xml",
        DefaultMode = TransportMode.Air,
        LocationCodes = new Dictionary<string, string> { ["PEK"] = "CNPEK", ["PVG"] = "CNPVG", ["FRA"] = "DEFRA" }.ToFrozenDictionary(),
    };

    public static PartnerProfile CarrierDcsa { get; } = new()
    {
        PartnerId = "cosco-dcsa",
        MemberId = Member,
        SourceSystem = "cosco-tnt",
        DefaultDirection = TradeDirection.Import,
    };

    public static PartnerProfile SingleWindow { get; } = new()
    {
        PartnerId = "single-window",
        MemberId = Member,
        SourceSystem = "single-window-release",
    };

    public static PartnerProfile PortVehicles { get; } = new()
    {
        PartnerId = "tianjin-port-vehicles",
        MemberId = Member,
        SourceSystem = "tjport-vehicle-registry",
    };

    public static IReadOnlyList<PartnerProfile> All { get; } = [TerminalGate, Customs, CarrierManifest, AirCargoTerminal, CarrierDcsa, SingleWindow, PortVehicles];

    /// <summary>The Kafka timestamp stand-in for parse tests: after every sample, before <see cref="Testing.SampleEvents.Now"/>.</summary>
    public static DateTimeOffset ReceivedAt { get; } = new(2025, 3, 16, 8, 50, 0, TimeSpan.FromHours(8));

    public static ParseContext Context(PartnerProfile partner, Feed feed) => new(partner, feed, ReceivedAt);
}

/// <summary>Reads the sample files copied next to the test assembly.</summary>
public static class Samples
{
    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", relativePath));

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", relativePath));

    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "Samples"), p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>The repository root (where TradeChain.sln is), found upwards from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradeChain.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("TradeChain.sln not found above the test assembly");
    }
}
