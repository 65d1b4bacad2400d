using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Trade.Events;

/// <summary>
/// One normalised fact from a partner feed, as it is kept on the ledger. Immutable, with value
/// equality that looks inside lists and maps and compares timestamps by instant and offset, so
/// that two events are equal exactly when their canonical encodings are. Construction does not
/// validate: a parser can build whatever a partner sent and <c>TradeEventValidator</c> says
/// everything that is wrong with it.
/// </summary>
public sealed record TradeEvent
{
    /// <summary>The consortium member whose node submits the event (and whose key signs its batch).</summary>
    public required string MemberId { get; init; }

    /// <summary>The member's system that produced the event, e.g. "cargo-terminal-wms".</summary>
    public required string SourceSystem { get; init; }

    /// <summary>The source system's own id for the event; with the two above, it fixes the event id.</summary>
    public required string SourceReference { get; init; }

    public required Feed Feed { get; init; }

    public required TransportMode Mode { get; init; }

    public required TradeDirection Direction { get; init; }

    /// <summary>UN/LOCODE of the port or airport, e.g. "CNTSN", "CNPEK".</summary>
    public required string Port { get; init; }

    /// <summary>Terminal, gate or warehouse within the port, as the partner names it.</summary>
    public string? Location { get; init; }

    public required TradeEventType EventType { get; init; }

    /// <summary>When it happened, with the local UTC offset where it happened; millisecond precision.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the source system recorded it; millisecond precision.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    public References References { get; init; } = References.None;

    public EquatableList<Party> Parties { get; init; } = EquatableList<Party>.Empty;

    public EventAttributes Attributes { get; init; } = EventAttributes.Empty;

    public SensitivePart? Sensitive { get; init; }

    /// <summary>This event's id; see <see cref="ComputeEventId(ICryptoSuite, string, string, string)"/>.</summary>
    public Digest ComputeEventId(ICryptoSuite suite) => ComputeEventId(suite, MemberId, SourceSystem, SourceReference);

    /// <summary>
    /// The deterministic event id: H(member_id ‖ source_system ‖ source_reference), hashed over
    /// the canonical encoding (type tag, then each part length-prefixed) so that no two triples
    /// concatenate alike ("ab"+"c" vs "a"+"bc"). A resubmitted event gets the same id and is
    /// stored once.
    /// </summary>
    public static Digest ComputeEventId(ICryptoSuite suite, string memberId, string sourceSystem, string sourceReference)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(sourceSystem);
        ArgumentNullException.ThrowIfNull(sourceReference);
        var writer = new CanonicalWriter(64);
        writer.WriteHeader(TypeTag.EventIdInput, TradeEventCodec.EventIdInputVersion);
        writer.WriteString(memberId);
        writer.WriteString(sourceSystem);
        writer.WriteString(sourceReference);
        return suite.Hash(writer.WrittenSpan);
    }

    public bool Equals(TradeEvent? other) =>
        other is not null
        && MemberId == other.MemberId
        && SourceSystem == other.SourceSystem
        && SourceReference == other.SourceReference
        && Feed == other.Feed
        && Mode == other.Mode
        && Direction == other.Direction
        && Port == other.Port
        && Location == other.Location
        && EventType == other.EventType
        && OccurredAt.EqualsExact(other.OccurredAt)
        && RecordedAt.EqualsExact(other.RecordedAt)
        && Equals(References, other.References)
        && Equals(Parties, other.Parties)
        && Equals(Attributes, other.Attributes)
        && Equals(Sensitive, other.Sensitive);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MemberId);
        hash.Add(SourceSystem);
        hash.Add(SourceReference);
        hash.Add(Feed);
        hash.Add(Mode);
        hash.Add(Direction);
        hash.Add(Port);
        hash.Add(Location);
        hash.Add(EventType);
        hash.Add(OccurredAt.UtcTicks);
        hash.Add(OccurredAt.Offset);
        hash.Add(RecordedAt.UtcTicks);
        hash.Add(RecordedAt.Offset);
        hash.Add(References);
        hash.Add(Parties);
        hash.Add(Attributes);
        hash.Add(Sensitive);
        return hash.ToHashCode();
    }
}
