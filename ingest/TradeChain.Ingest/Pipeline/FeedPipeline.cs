using System.Collections.Frozen;
using TradeChain.Ingest.Formats.CargoXml;
using TradeChain.Ingest.Formats.Dcsa;
using TradeChain.Ingest.Formats.Edifact;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Pipeline;

/// <summary>What one message became: events ready for a batch, and everything refused with its reason.</summary>
public sealed record MessageOutcome(IReadOnlyList<TradeEvent> Events, IReadOnlyList<Rejection> Rejections, int RegistrationsApplied)
{
    public static MessageOutcome Rejected(Rejection rejection) => new([], [rejection], 0);
}

/// <summary>
/// From a partner message to validated events, with no I/O: find the partner's profile and the
/// format's parser, parse, link gate events to registered trucks, validate. Registrations update
/// the vehicle registry instead of producing events. The same object serves the Kafka worker, the
/// HTTPS push and <c>ingest check</c>. Single-threaded (it owns the vehicle registry).
/// </summary>
public sealed class FeedPipeline
{
    private readonly FrozenDictionary<string, PartnerProfile> _partners;
    private readonly FrozenDictionary<FeedFormat, IFeedParser> _parsers;
    private readonly VehicleRegistrationParser _registrationParser = new();
    private readonly TradeEventValidator _validator;
    private readonly FormatLimits _limits;

    public FeedPipeline(IEnumerable<PartnerProfile> partners, VehicleRegistry registry, FormatLimits? limits = null, TradeEventLimits? eventLimits = null)
    {
        ArgumentNullException.ThrowIfNull(partners);
        ArgumentNullException.ThrowIfNull(registry);
        _partners = partners.ToFrozenDictionary(p => p.PartnerId, StringComparer.Ordinal);
        Registry = registry;
        _limits = limits ?? FormatLimits.Default;
        _validator = new TradeEventValidator(eventLimits);
        IFeedParser[] parsers = [new CanonicalJsonParser(), new EdifactParser(), new CargoXmlParser(), new DcsaEventParser()];
        _parsers = parsers.ToFrozenDictionary(p => p.Format);
    }

    public VehicleRegistry Registry { get; }

    /// <summary>Parses and validates <paramref name="message"/> as arriving on <paramref name="feed"/>; <paramref name="now"/> bounds future timestamps.</summary>
    public MessageOutcome Process(IncomingMessage message, Feed feed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.Partner))
        {
            return MessageOutcome.Rejected(new(IngestCodes.PartnerMissing, $"the message has no '{IngestHeaders.Partner}' header naming the partner", ParseResult.WholeMessage));
        }
        if (!_partners.TryGetValue(message.Partner, out var partner))
        {
            return MessageOutcome.Rejected(new(IngestCodes.PartnerUnknown, $"partner {ParseError.Quote(message.Partner)} has no profile in this worker's configuration", ParseResult.WholeMessage));
        }
        if (string.IsNullOrEmpty(message.Format))
        {
            return MessageOutcome.Rejected(new(IngestCodes.FormatMissing, $"the message has no '{IngestHeaders.Format}' header; expected one of {string.Join(", ", FeedFormats.Names)}", ParseResult.WholeMessage));
        }
        if (FeedFormats.TryParse(message.Format) is not { } format)
        {
            return MessageOutcome.Rejected(new(IngestCodes.FormatUnknown, $"format {ParseError.Quote(message.Format)} is not one of {string.Join(", ", FeedFormats.Names)}", ParseResult.WholeMessage));
        }
        var payload = message.Payload ?? [];
        try
        {
            return format == FeedFormat.VehicleRegistration
                ? ApplyRegistrations(payload, partner)
                : ParseEvents(_parsers[format], payload, new ParseContext(partner, feed, message.Timestamp) { Limits = _limits }, now);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Parsers are built never to throw on input (property-tested); should one still do,
            // the message is dead-lettered rather than retried forever at the head of its partition.
            return MessageOutcome.Rejected(new(IngestCodes.ParserFailure, $"the {FeedFormats.Name(format)} parser failed ({e.GetType().Name}: {e.Message}); this is a TradeChain defect, please report it with the message", ParseResult.WholeMessage));
        }
    }

    private MessageOutcome ParseEvents(IFeedParser parser, byte[] payload, ParseContext context, DateTimeOffset now)
    {
        var parsed = parser.Parse(payload, context);
        var rejections = parsed.Rejected.Select(Rejection.FromParse).ToList();
        var events = new List<TradeEvent>(parsed.Events.Count);
        foreach (var parsedEvent in parsed.Events)
        {
            var tradeEvent = GateVehicleLinker.Link(parsedEvent, Registry);
            var errors = _validator.Validate(tradeEvent, now);
            if (errors.Count == 0)
            {
                events.Add(tradeEvent);
            }
            else
            {
                rejections.Add(Rejection.FromValidation(tradeEvent.SourceReference, errors));
            }
        }
        return new MessageOutcome(events, rejections, 0);
    }

    private MessageOutcome ApplyRegistrations(byte[] payload, PartnerProfile partner)
    {
        var parsed = _registrationParser.Parse(payload, partner, _limits);
        var rejections = parsed.Rejected.Select(Rejection.FromParse).ToList();
        var applied = 0;
        foreach (var registration in parsed.Registrations)
        {
            if (Registry.Apply(registration) == RegistryUpdate.RejectedFull)
            {
                rejections.Add(new(IngestCodes.RegistryFull, $"the vehicle registry holds its maximum of {Registry.MaxVehicles} vehicles; plate {registration.Plate} was not added", registration.RegistrationId));
            }
            else
            {
                applied++;
            }
        }
        return new MessageOutcome([], rejections, applied);
    }
}
