using System.Text;
using TradeChain.Analytics.Generation;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Kafka;
using TradeChain.Trade.Events;

namespace TradeChain.Demo;

/// <summary>A member of the demo consortium: its node, and whether it runs an ingest worker.</summary>
public sealed record DemoMember(string Id, string Name, string Roles, bool Feeds);

/// <summary>The four demo members, in start order.</summary>
public static class DemoMembers
{
    public const string Customs = "customs";
    public const string Commerce = "commerce-bureau";
    public const string Port = "cntsn-terminal";
    public const string Airport = "cnpek-cargo";

    public static IReadOnlyList<DemoMember> All { get; } =
    [
        new(Customs, "Tianjin and Beijing customs", "customs,tax", Feeds: true),
        new(Commerce, "Commerce bureau", "commerce-bureau,regulator", Feeds: false),
        new(Port, "Tianjin port terminal CNTSN", "port,carrier", Feeds: true),
        new(Airport, "Beijing Capital airport cargo terminal CNPEK", "airport", Feeds: true),
    ];

    /// <summary>Which demo member ingests a generator organisation's feed.</summary>
    public static string ForOrganisation(string organisation) => organisation switch
    {
        ShipmentGenerator.SeaCustoms or ShipmentGenerator.AirCustoms or ShipmentGenerator.TaxBureau => Customs,
        ShipmentGenerator.SeaTerminal or ShipmentGenerator.SeaCarrier => Port,
        ShipmentGenerator.AirTerminal => Airport,
        _ => Customs,
    };

    /// <summary>A member's own feed topics (each member organisation reads its partners' topics).</summary>
    public static FeedTopicOptions Topics(string memberId) => new()
    {
        Manifests = $"{memberId}.manifests",
        CustomsStatus = $"{memberId}.customs-status",
        PortGate = $"{memberId}.port-gate",
        Tax = $"{memberId}.tax",
        Movements = $"{memberId}.movements",
    };

    public static string Topic(string memberId, Feed feed)
    {
        var topics = Topics(memberId);
        return feed switch
        {
            Feed.Manifest => topics.Manifests,
            Feed.CustomsStatus => topics.CustomsStatus,
            Feed.PortGate => topics.PortGate,
            Feed.Tax => topics.Tax,
            _ => topics.Movements,
        };
    }
}

/// <summary>What the simulator runs: shipments, arrival rate (per simulated hour), seed, malformed share.</summary>
public sealed record SimulatorOptions
{
    public int Seed { get; init; } = 1;

    public int Shipments { get; init; } = 200;

    /// <summary>New shipments per simulated hour; spreads arrivals over whole days.</summary>
    public double RatePerHour { get; init; } = 4;

    /// <summary>Share of messages sent malformed (they must land in dead letters).</summary>
    public double MalformedRate { get; init; } = 0.02;
}

/// <summary>One partner message and when (simulated Unix ms) the partner sends it.</summary>
public sealed record SimulatedMessage(
    string MemberId,
    Feed Feed,
    string Topic,
    string Key,
    byte[] Payload,
    string Partner,
    string Format,
    long DueMs,
    string? ExpectedErrorCode)
{
    /// <summary>The event the partner reports (before it is written in the partner's format).</summary>
    public TradeEvent? Source { get; init; }

    public bool Malformed => ExpectedErrorCode is not null;
}

/// <summary>The partner messages of one run and the profiles the members' workers need to read them.</summary>
public sealed record SimulationPlan(IReadOnlyList<SimulatedMessage> Messages, IReadOnlyDictionary<string, IReadOnlyList<PartnerProfileOptions>> PartnersByMember, long StartMs, long EndMs)
{
    /// <summary>A shipper of an export and a consignee of an import in this run (for the enterprise API keys).</summary>
    public string? SampleExporter { get; init; }

    public string? SampleImporter { get; init; }
}

/// <summary>
/// The seeded partner simulator: the analytics test data generator's shipments (sea and air,
/// import and export, inspections, holds, rejections, late and out-of-order messages, resends),
/// moved by whole days so that the last message is due no later than <c>now</c> (every timestamp is
/// in the past when sent; the durations are the generator's real ones). Each event is sent by its
/// partner to the member organisation that ingests it, in the partner's format where the simulator
/// writes one: the port terminal's gate moves as UN/EDIFACT CODECO, customs responses as CUSRES,
/// the air cargo terminal's statuses as Cargo-XML XFSU; the rest (declarations filed, manifests,
/// tax, vessel movements) as canonical JSON. About 2 % of the JSON messages are sent malformed
/// (cut off, or with a field the schema does not know), at least one early in every run. The same
/// seed and day give the same messages, byte for byte.
/// </summary>
public static class PartnerSimulator
{
    private const long MsPerDay = 86_400_000;
    private static readonly DateOnly Anchor = new(2026, 1, 5);

    public static SimulationPlan Plan(SimulatorOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var days = Math.Max(1, (int)Math.Ceiling(options.Shipments / (Math.Max(0.01, options.RatePerHour) * 24)));
        GeneratorOptions Options(DateOnly first) => new() { Seed = options.Seed, Shipments = options.Shipments, FirstDay = first, Days = days };
        // The generator's span does not depend on the first day: generate once to measure it, then
        // shift whole days so the last submission is in the past (times of day stay realistic).
        var probe = new ShipmentGenerator(Options(Anchor)).Generate();
        var shiftDays = (int)Math.Floor((now.ToUnixTimeMilliseconds() - probe[^1].SubmittedAtMs) / (double)MsPerDay);
        var generated = new ShipmentGenerator(Options(Anchor.AddDays(shiftDays))).Generate();

        var random = new Random(options.Seed ^ 0x5eed);
        var partners = new Dictionary<string, Dictionary<string, PartnerProfileOptions>>(StringComparer.Ordinal);
        var messages = new List<SimulatedMessage>(generated.Count);
        var malformedSent = 0;
        foreach (var item in generated)
        {
            var source = item.Event;
            var memberId = DemoMembers.ForOrganisation(source.MemberId);
            var partnerId = $"{source.MemberId}.{source.SourceSystem}";
            if (!partners.TryGetValue(memberId, out var ofMember))
            {
                ofMember = new Dictionary<string, PartnerProfileOptions>(StringComparer.Ordinal);
                partners[memberId] = ofMember;
            }
            ofMember.TryAdd(partnerId, new PartnerProfileOptions { PartnerId = partnerId, SourceSystem = source.SourceSystem, DefaultPort = source.Port, DefaultMode = source.Mode, LocationCodes = new(CargoXmlRenderer.LocationCodes) });
            // The member that ingests the feed signs it; the partner's own system stays the source system.
            var tradeEvent = source with { MemberId = memberId };
            // Each partner's own format where the simulator writes it (the terminal's gate: CODECO), else canonical JSON.
            var codeco = EdifactRenderer.CanRenderCodeco(tradeEvent);
            var cusres = !codeco && EdifactRenderer.CanRenderCusres(tradeEvent);
            var xfsu = !codeco && !cusres && CargoXmlRenderer.CanRenderXfsu(tradeEvent);
            var partnerFormat = codeco || cusres || xfsu;
            var payload = codeco ? EdifactRenderer.Codeco(tradeEvent, messages.Count + 1)
                : cusres ? EdifactRenderer.Cusres(tradeEvent, messages.Count + 1)
                : xfsu ? CargoXmlRenderer.Xfsu(tradeEvent, messages.Count + 1)
                : CanonicalJsonWriter.WriteMessage([tradeEvent]);
            var format = codeco || cusres ? "edifact" : xfsu ? "cargo-xml" : "tradechain-json";
            string? expected = null;
            // At least one malformed message early in every run, then the configured share (of JSON messages).
            if (!partnerFormat && ((malformedSent == 0 && messages.Count >= 3) || random.NextDouble() < options.MalformedRate))
            {
                (payload, expected) = Corrupt(payload, random);
                malformedSent++;
            }
            var key = tradeEvent.References.MasterBill ?? tradeEvent.References.DeclarationNumber ?? tradeEvent.References.FlightNumber ?? tradeEvent.References.VesselImo ?? tradeEvent.SourceReference;
            messages.Add(new SimulatedMessage(memberId, tradeEvent.Feed, DemoMembers.Topic(memberId, tradeEvent.Feed), key, payload, partnerId, format, item.SubmittedAtMs, expected) { Source = tradeEvent });
        }
        return new SimulationPlan(
            messages,
            partners.ToDictionary(p => p.Key, p => (IReadOnlyList<PartnerProfileOptions>)p.Value.Values.OrderBy(o => o.PartnerId, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal),
            generated[0].SubmittedAtMs,
            generated[^1].SubmittedAtMs)
        {
            SampleExporter = Trader(generated, TradeDirection.Export, PartyRole.Shipper),
            SampleImporter = Trader(generated, TradeDirection.Import, PartyRole.Consignee),
        };
    }

    private static string? Trader(IReadOnlyList<GeneratedEvent> events, TradeDirection direction, PartyRole role) =>
        events.Where(e => e.Event.Direction == direction).SelectMany(e => e.Event.Parties).FirstOrDefault(p => p.Role == role && p.Uscc.Length == 18)?.Uscc;

    /// <summary>What partners get wrong: a message cut off in transit, or a field the schema does not know.</summary>
    private static (byte[] Payload, string Code) Corrupt(byte[] payload, Random random)
    {
        if (random.Next(2) == 0)
        {
            return (payload[..(payload.Length / 2)], "json.syntax");
        }
        var text = Encoding.UTF8.GetString(payload);
        var at = text.IndexOf("\"eventType\"", StringComparison.Ordinal);
        return (Encoding.UTF8.GetBytes(text.Insert(at, "\"shipperNotes\":\"urgent\",")), "field.unknown");
    }
}
