using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>
/// An event being read from a partner message: mappers fill in what the message says, then
/// <see cref="Build"/> applies the partner profile's defaults and reports every required value
/// still missing. Lists drop repeats (a container listed twice under one bill is one container).
/// </summary>
public sealed class EventDraft
{
    private readonly List<string> _houseBills = [];
    private readonly List<string> _containers = [];
    private readonly List<Party> _parties = [];
    private readonly SortedDictionary<string, EventAttribute> _attributes = new(StringComparer.Ordinal);

    public string? SourceReference { get; set; }

    public TradeEventType? EventType { get; set; }

    public TransportMode? Mode { get; set; }

    public TradeDirection? Direction { get; set; }

    public string? Port { get; set; }

    public string? Location { get; set; }

    public DateTimeOffset? OccurredAt { get; set; }

    public DateTimeOffset? RecordedAt { get; set; }

    public string? MasterBill { get; set; }

    public string? DeclarationNumber { get; set; }

    public string? BookingNumber { get; set; }

    public string? VehicleRegistration { get; set; }

    public string? FlightNumber { get; set; }

    public DateOnly? FlightDate { get; set; }

    public string? VesselImo { get; set; }

    public string? VesselName { get; set; }

    public string? VoyageNumber { get; set; }

    public SensitiveDetails? Sensitive { get; set; }

    public void AddHouseBill(string? bill) => AddDistinct(_houseBills, bill);

    public void AddContainer(string? container) => AddDistinct(_containers, container);

    public void AddParty(Party party)
    {
        if (!_parties.Any(p => p.Role == party.Role && p.Uscc == party.Uscc))
        {
            _parties.Add(party);
        }
    }

    /// <summary>Sets an attribute unless the value is absent; a later value replaces an earlier one.</summary>
    public void Attribute(string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _attributes[key] = EventAttribute.Of(value);
        }
    }

    public void Attribute(string key, long? value)
    {
        if (value is not null)
        {
            _attributes[key] = EventAttribute.Of(value.Value);
        }
    }

    public void Attribute(string key, decimal? value)
    {
        if (value is not null)
        {
            _attributes[key] = EventAttribute.Of(value.Value);
        }
    }

    public void Attribute(string key, bool? value)
    {
        if (value is not null)
        {
            _attributes[key] = EventAttribute.Of(value.Value);
        }
    }

    public void Attribute(string key, DateTimeOffset? value)
    {
        if (value is not null)
        {
            _attributes[key] = EventAttribute.Of(value.Value);
        }
    }

    /// <summary>
    /// The event, with the profile's defaults where the message was silent; null (and an error per
    /// missing value, positioned at <paramref name="where"/>) when a required value is still missing.
    /// </summary>
    public TradeEvent? Build(ParseContext context, ItemErrors errors, string where)
    {
        var partner = context.Partner;
        var mode = Mode ?? partner.DefaultMode;
        var direction = Direction ?? partner.DefaultDirection;
        var port = Port ?? partner.DefaultPort;
        Require(SourceReference, "a reference that identifies the event");
        Require(EventType, "an event or status code that maps to a trade event type");
        Require(mode, "the transport mode, in the message or as the partner profile's default mode");
        Require(direction, "import or export, in the message or as the partner profile's default direction");
        Require(port, "a place with a UN/LOCODE, in the message or as the partner profile's default port");
        Require(OccurredAt, "the time the event happened");
        if (errors.Any || SourceReference is null || EventType is null || mode is null || direction is null || port is null || OccurredAt is null)
        {
            return null;
        }
        return new TradeEvent
        {
            MemberId = partner.MemberId,
            SourceSystem = partner.SourceSystem,
            SourceReference = SourceReference,
            Feed = context.Feed,
            Mode = mode.Value,
            Direction = direction.Value,
            Port = port,
            Location = Location,
            EventType = EventType.Value,
            OccurredAt = OccurredAt.Value,
            RecordedAt = RecordedAt ?? context.ReceivedAt,
            References = new References
            {
                MasterBill = MasterBill,
                HouseBills = new EquatableList<string>(_houseBills),
                Containers = new EquatableList<string>(_containers),
                DeclarationNumber = DeclarationNumber,
                BookingNumber = BookingNumber,
                VehicleRegistration = VehicleRegistration,
                FlightNumber = FlightNumber,
                FlightDate = FlightDate,
                VesselImo = VesselImo,
                VesselName = VesselName,
                VoyageNumber = VoyageNumber,
            },
            Parties = new EquatableList<Party>(_parties),
            Attributes = _attributes.Count == 0 ? EventAttributes.Empty : new EventAttributes(_attributes),
            Sensitive = Sensitive is null ? null : SensitivePart.FromPlaintext(Sensitive),
        };

        void Require<T>(T? value, string expected)
        {
            if (value is null)
            {
                errors.Add(ParseCodes.FieldMissing, where, expected, "nothing");
            }
        }
    }

    private static void AddDistinct(List<string> list, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !list.Contains(value, StringComparer.Ordinal))
        {
            list.Add(value);
        }
    }
}
