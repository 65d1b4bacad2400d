using System.Text;
using System.Text.RegularExpressions;
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

/// <summary>What the simulator runs: shipments, arrival rate (per simulated hour), seed, clocks, malformed share.</summary>
public sealed record SimulatorOptions
{
    public int Seed { get; init; } = 1;

    public int Shipments { get; init; } = 200;

    /// <summary>New shipments per simulated hour (a Poisson stream).</summary>
    public double RatePerHour { get; init; } = 4;

    /// <summary>Share of messages sent malformed, in each format (they must land in dead letters; the partner then sends them corrected).</summary>
    public double MalformedRate { get; init; } = 0.01;

    public ClearanceTimings Timings { get; init; } = new();
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

    /// <summary>The shipments and their drawn border clocks.</summary>
    public IReadOnlyList<PlannedShipment> Shipments { get; init; } = [];

    /// <summary>Malformed messages in the plan by the error code each must be dead-lettered with.</summary>
    public IReadOnlyDictionary<string, int> MalformedByKind => Messages.Where(m => m.Malformed).GroupBy(m => m.ExpectedErrorCode!, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <summary>
/// The seeded partner simulator: <see cref="TradePlanner"/>'s shipments (sea and air, import and
/// export, clocks from <see cref="ClearanceTimings"/>, inspections, holds, returned declarations,
/// late and out-of-order messages, resends), placed on whole local days so that the last message is
/// due no later than <c>now</c>. Each event is sent by its partner to the member that ingests it, in
/// the partner's format: customs forwards cargo reports as CUSCAR and answers as CUSRES, the port
/// terminal reports gate moves as CODECO, the air cargo terminal its waybills as XFWB and statuses
/// as XFSU, and the rest (declarations filed, bookings, yard and berth events, tax) goes as
/// canonical JSON. A share of messages (<see cref="SimulatorOptions.MalformedRate"/>, at least one
/// early in every run) is sent malformed the way partners get it wrong in that format, and the
/// correct message follows later. Pure: the same options and day give the same messages, byte
/// for byte.
/// </summary>
public static partial class PartnerSimulator
{
    public const string Edifact = "edifact";
    public const string CargoXml = "cargo-xml";
    public const string Json = "tradechain-json";

    /// <summary>Error codes of the malformed kinds, as the ingest pipeline reports them.</summary>
    public const string EdifactSegmentCount = "edifact.count_mismatch";
    public const string XmlBroken = "xml.syntax";
    public const string JsonFieldMissing = "field.missing";
    public const string ContainerCheckDigit = "container.check_digit";

    private const long MsPerDay = 86_400_000;
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Anchor = new(2026, 1, 5, 0, 0, 0, China);

    public static SimulationPlan Plan(SimulatorOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MalformedRate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MalformedRate, 1);
        // The plan's span does not depend on its start: plan once to measure it, then start on the
        // local midnight that puts the last message in the past (times of day stay realistic).
        var probe = Build(options, Anchor.ToUnixTimeMilliseconds());
        var spanMs = probe.EndMs - Anchor.ToUnixTimeMilliseconds();
        var local = now.ToOffset(China).AddMilliseconds(-spanMs);
        var start = new DateTimeOffset(local.Date, China).ToUnixTimeMilliseconds();
        return Build(options, start);
    }

    private static SimulationPlan Build(SimulatorOptions options, long startMs)
    {
        var planner = new TradePlanner(options.Seed, options.Timings);
        var planned = planner.Plan(options.Shipments, options.RatePerHour, startMs);
        var random = new Random(options.Seed ^ 0x5eed);
        var partners = new Dictionary<string, Dictionary<string, PartnerProfileOptions>>(StringComparer.Ordinal);
        // A resent event goes out byte for byte as the first time (same document number, same event id).
        var rendered = new Dictionary<string, (byte[] Payload, string Format)>(StringComparer.Ordinal);
        var messages = new List<SimulatedMessage>(planned.Count + 16);
        var malformedCount = 0;
        foreach (var item in planned)
        {
            var tradeEvent = item.Event;
            var memberId = tradeEvent.MemberId;
            if (!partners.TryGetValue(memberId, out var ofMember))
            {
                ofMember = new Dictionary<string, PartnerProfileOptions>(StringComparer.Ordinal);
                partners[memberId] = ofMember;
            }
            ofMember.TryAdd(item.PartnerId, Profile(item.PartnerId, tradeEvent));
            if (!rendered.TryGetValue(tradeEvent.SourceReference, out var message))
            {
                message = Render(tradeEvent, messages.Count + 1);
                rendered[tradeEvent.SourceReference] = message;
            }
            var key = tradeEvent.References.MasterBill ?? tradeEvent.References.DeclarationNumber ?? tradeEvent.References.FlightNumber ?? tradeEvent.References.VesselImo ?? tradeEvent.SourceReference;
            var topic = DemoMembers.Topic(memberId, tradeEvent.Feed);
            if ((malformedCount == 0 && messages.Count >= 3) || random.NextDouble() < options.MalformedRate)
            {
                malformedCount++;
                var (broken, code) = Corrupt(message.Payload, message.Format, tradeEvent, random);
                messages.Add(new SimulatedMessage(memberId, tradeEvent.Feed, topic, key, broken, item.PartnerId, message.Format, item.DueMs, code) { Source = tradeEvent });
                // The partner's system sees the refusal and sends the message again, corrected, within hours.
                messages.Add(new SimulatedMessage(memberId, tradeEvent.Feed, topic, key, message.Payload, item.PartnerId, message.Format, item.DueMs + random.NextInt64(900_000, 4 * 3_600_000), null) { Source = tradeEvent });
                continue;
            }
            messages.Add(new SimulatedMessage(memberId, tradeEvent.Feed, topic, key, message.Payload, item.PartnerId, message.Format, item.DueMs, null) { Source = tradeEvent });
        }
        var ordered = messages.Select((m, i) => (m, i)).OrderBy(x => x.m.DueMs).ThenBy(x => x.i).Select(x => x.m).ToArray();
        var events = planned.Select(p => p.Event).ToArray();
        return new SimulationPlan(
            ordered,
            partners.ToDictionary(p => p.Key, p => (IReadOnlyList<PartnerProfileOptions>)p.Value.Values.OrderBy(o => o.PartnerId, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal),
            startMs,
            ordered[^1].DueMs)
        {
            SampleExporter = Trader(events, TradeDirection.Export, PartyRole.Shipper),
            SampleImporter = Trader(events, TradeDirection.Import, PartyRole.Consignee),
            Shipments = planner.Shipments.ToArray(),
        };
    }

    /// <summary>The event in its partner's own format where the simulator writes one, else canonical JSON.</summary>
    private static (byte[] Payload, string Format) Render(TradeEvent e, int serial) =>
        EdifactRenderer.CanRenderCodeco(e) ? (EdifactRenderer.Codeco(e, serial), Edifact)
        : EdifactRenderer.CanRenderCusres(e) ? (EdifactRenderer.Cusres(e, serial), Edifact)
        : EdifactRenderer.CanRenderCuscar(e) ? (EdifactRenderer.Cuscar(e, serial), Edifact)
        : CargoXmlRenderer.CanRenderXfsu(e) ? (CargoXmlRenderer.Xfsu(e, serial), CargoXml)
        : CargoXmlRenderer.CanRenderXfwb(e) ? (CargoXmlRenderer.Xfwb(e, serial), CargoXml)
        : (CanonicalJsonWriter.WriteMessage([e]), Json);

    private static PartnerProfileOptions Profile(string partnerId, TradeEvent first) => new()
    {
        PartnerId = partnerId,
        SourceSystem = DemoPartners.SourceSystem(partnerId),
        DefaultPort = first.Port,
        DefaultMode = first.Mode,
        LocationCodes = new(CargoXmlRenderer.LocationCodes),
        StatusCodes = partnerId == DemoPartners.AirWaybills ? [new StatusCodeOption { Code = CargoXmlRenderer.XfwbManifestCode, EventType = TradeEventType.ManifestFiled }] : [],
    };

    private static string? Trader(IEnumerable<TradeEvent> events, TradeDirection direction, PartyRole role) =>
        events.Where(e => e.Direction == direction).SelectMany(e => e.Parties).FirstOrDefault(p => p.Role == role && p.Uscc.Length == 18)?.Uscc;

    /// <summary>
    /// What partners get wrong, by format: an EDIFACT message whose UNT segment count is off (a
    /// segment lost or added by hand), a gate report with a mistyped container check digit, XML cut
    /// off in transit, JSON without a required field.
    /// </summary>
    private static (byte[] Payload, string Code) Corrupt(byte[] payload, string format, TradeEvent e, Random random)
    {
        switch (format)
        {
            case Edifact when e.Feed == Feed.PortGate && random.Next(2) == 0:
                var container = e.References.Containers[0];
                var wrong = ((container[^1] - '0' + 1 + random.Next(8)) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace(container, container[..^1] + wrong, StringComparison.Ordinal)), ContainerCheckDigit);
            case Edifact:
                var text = Encoding.Latin1.GetString(payload);
                var unt = UntCount().Match(text);
                var count = int.Parse(unt.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                return (Encoding.Latin1.GetBytes(text.Remove(unt.Groups[1].Index, unt.Groups[1].Length).Insert(unt.Groups[1].Index, (count + 1 + random.Next(3)).ToString(System.Globalization.CultureInfo.InvariantCulture))), EdifactSegmentCount);
            case CargoXml:
                return (payload[..(payload.Length / 2)], XmlBroken);
            default:
                var json = Encoding.UTF8.GetString(payload);
                return (Encoding.UTF8.GetBytes(OccurredAtField().Replace(json, "", 1)), JsonFieldMissing);
        }
    }

    [GeneratedRegex(@"UNT\+(\d+)\+")]
    private static partial Regex UntCount();

    [GeneratedRegex("\"occurredAt\":\"[^\"]*\",")]
    private static partial Regex OccurredAtField();
}
