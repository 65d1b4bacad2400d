using TradeChain.Analytics.Queries;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Access;

/// <summary>
/// An event's sensitive details as one principal may see them. <see cref="State"/>: "absent"
/// (the event has none), "withheld" (the role may not see them), "sealed" (allowed, but this API
/// holds no key that opens them), "plaintext" (shown).
/// </summary>
public sealed record SensitiveView(string State, decimal? DeclaredValue = null, string? Currency = null, string? ConsigneeName = null, string? ConsigneeAddress = null, string? ConsigneeContact = null)
{
    public static SensitiveView Absent { get; } = new("absent");

    public static SensitiveView Withheld { get; } = new("withheld");

    public static SensitiveView SealedNoKey { get; } = new("sealed");

    public static SensitiveView Shown(SensitiveDetails d) => new("plaintext", d.DeclaredValue, d.Currency, d.ConsigneeName, d.ConsigneeAddress, d.ConsigneeContact);
}

public sealed record PartyView(string Role, string Uscc);

/// <summary>One event of a shipment as a principal sees it: ledger location (to fetch its proof), the public fields, and what the scope allows of the rest.</summary>
public sealed record EventView(
    string EventId,
    ulong Height,
    int TransactionIndex,
    int LeafIndex,
    string EventType,
    DateTimeOffset OccurredAt,
    string? Mode,
    string Direction,
    string Port,
    string Location,
    string MemberId,
    string MasterBill,
    IReadOnlyList<string> HouseBills,
    IReadOnlyList<string> Containers,
    string DeclarationNumber,
    bool Redacted,
    IReadOnlyList<PartyView>? Parties,
    SensitiveView Sensitive);

/// <summary>One step of the milestone timeline: the status and anomaly flags after an event.</summary>
public sealed record TimelineView(string EventId, string EventType, DateTimeOffset OccurredAt, string? Status, string Flags);

/// <summary>Opens sealed sensitive details with a key this API holds; null when it cannot.</summary>
public interface ISensitiveOpener
{
    SensitiveDetails? TryOpen(string eventId, SealedData sealedData);
}

/// <summary>
/// Opens details sealed with the members' shared symmetric key (SM4-GCM or AES-GCM per the suite)
/// with the event id's text as associated data, binding the ciphertext to its event. No key
/// configured: nothing opens and allowed roles see "sealed".
/// </summary>
public sealed class SymmetricKeyOpener(ICryptoSuite suite, byte[]? key) : ISensitiveOpener
{
    public SensitiveDetails? TryOpen(string eventId, SealedData sealedData)
    {
        if (key is null || sealedData.Algorithm != suite.CipherAlgorithm)
        {
            return null;
        }
        try
        {
            return TradeEventCodec.DecodeSensitiveDetails(suite.Open(key, sealedData, System.Text.Encoding.UTF8.GetBytes(eventId)));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>Field redaction: from the analytics row and the ledger's event to what one scope may see. Pure.</summary>
public static class EventRedaction
{
    public static EventView View(AccessScope scope, TraceEvent row, TradeEvent? ledgerEvent, ISensitiveOpener opener) => new(
        row.EventId,
        row.Height,
        row.TransactionIndex,
        row.LeafIndex,
        row.EventType.ToString(),
        row.OccurredAt,
        row.Mode?.ToString(),
        row.Direction.ToString(),
        row.Port,
        row.Location,
        row.MemberId,
        row.MasterBill,
        row.HouseBills,
        row.Containers,
        row.DeclarationNumber,
        row.Redacted,
        scope.SeesParties && ledgerEvent is not null ? ledgerEvent.Parties.Select(p => new PartyView(p.Role.ToString(), p.Uscc)).ToArray() : null,
        Sensitive(scope, row.EventId, ledgerEvent?.Sensitive, opener));

    public static SensitiveView Sensitive(AccessScope scope, string eventId, SensitivePart? part, ISensitiveOpener opener) => part switch
    {
        null => SensitiveView.Absent,
        _ when !scope.SeesSensitive => SensitiveView.Withheld,
        { Plaintext: { } plain } => SensitiveView.Shown(plain),
        { Sealed: { } sealedData } => opener.TryOpen(eventId, sealedData) is { } opened ? SensitiveView.Shown(opened) : SensitiveView.SealedNoKey,
        _ => SensitiveView.Withheld,
    };

    public static TimelineView Timeline(TimelineEntry entry) =>
        new(entry.EventId, entry.EventType.ToString(), entry.OccurredAt, entry.Status?.ToString(), entry.Flags.ToString());

    public static string? StatusOf(ShipmentState? state) => state?.Status?.ToString();
}
