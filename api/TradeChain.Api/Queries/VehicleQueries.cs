using System.Text.Json;
using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Store;
using TradeChain.Api.Access;
using TradeChain.Api.Feeds;
using TradeChain.Api.Ledger;
using TradeChain.Api.Problems;
using TradeChain.Ingest.Formats.Vehicles;

namespace TradeChain.Api.Queries;

/// <summary>
/// A vehicle's registration as the API knows it. <see cref="Source"/> says from where:
/// "registry" — the current record of the registrations pushed to this API (the vehicle-registration
/// feed), with permits and validity; "gate-event" — what ingest linked to the newest gate movement
/// that found a valid registration (its id and carrier, as of <see cref="RecordedAt"/>).
/// </summary>
public sealed record VehicleRegistrationView(
    string Source,
    string RegistrationId,
    string CarrierUscc,
    string? CarrierName = null,
    string? PlateColor = null,
    string? VehicleType = null,
    IReadOnlyList<VehiclePermit>? Permits = null,
    DateTimeOffset? ValidFrom = null,
    DateTimeOffset? ValidUntil = null,
    DateTimeOffset? EffectiveAt = null,
    string? Status = null,
    string? IssuedBy = null,
    bool? ValidNow = null,
    DateTimeOffset? RecordedAt = null);

/// <summary>One gate movement: what the truck moved where, and what the gate found of its registration then.</summary>
public sealed record VehicleMovementView(
    string EventId,
    string EventType,
    DateTimeOffset OccurredAt,
    string Port,
    string Location,
    string MasterBill,
    IReadOnlyList<string> Containers,
    bool? Registered,
    string? RegistrationId,
    string? CarrierUscc,
    string ExplorerLink);

public sealed record VehicleView(string Plate, VehicleRegistrationView? Registration, IReadOnlyList<VehicleMovementView> Movements, bool Truncated);

/// <summary>
/// The vehicle lookup: a truck's registration and its recent gate movements (newest first,
/// bounded), for the roles that check trucks; a port sees only movements at its own port.
/// </summary>
public sealed class VehicleQueries(IAnalyticsStore store, TimeProvider time, FeedPushService? feeds = null)
{
    public async Task<VehicleView> LookUpAsync(AccessScope scope, string plate, string? port, int maxMovements, CancellationToken cancellationToken)
    {
        var atPort = scope.NarrowVehiclePort(port);
        var normalised = VehiclePlates.Normalize(plate);
        var result = await AggregateQueries.Run(() => store.VehicleMovementsAsync(new VehicleMovementQuery(normalised, atPort, maxMovements), cancellationToken)).ConfigureAwait(false);
        var movements = result.Rows.Select(Movement).ToArray();
        var registration = feeds?.CurrentRegistration(normalised) is { } current ? Registered(current) : FromGate(movements);
        if (registration is null && movements.Length == 0)
        {
            throw ApiProblemException.NotFound($"no registration and no gate movement of vehicle '{normalised}' is visible to you");
        }
        return new VehicleView(normalised, registration, movements, result.Truncated);
    }

    private VehicleRegistrationView Registered(VehicleRegistration r) => new(
        "registry", r.RegistrationId, r.CarrierUscc, r.CarrierName, r.PlateColor, r.VehicleType, r.Permits, r.ValidFrom, r.ValidUntil, r.EffectiveAt,
        r.Status.ToString(), r.IssuedBy, r.IsValidAt(time.GetUtcNow()));

    private static VehicleRegistrationView? FromGate(IReadOnlyList<VehicleMovementView> newestFirst) =>
        newestFirst.FirstOrDefault(m => m.Registered == true && m.RegistrationId is not null) is { } m
            ? new VehicleRegistrationView("gate-event", m.RegistrationId!, m.CarrierUscc ?? "", RecordedAt: m.OccurredAt)
            : null;

    private static VehicleMovementView Movement(VehicleMovementRow r)
    {
        using var attributes = JsonDocument.Parse(r.AttributesJson);
        var root = attributes.RootElement;
        bool? registered = root.TryGetProperty(GateVehicleLinker.RegisteredAttribute, out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False ? flag.GetBoolean() : null;
        return new VehicleMovementView(r.EventId, r.EventType.ToString(), r.OccurredAt, r.Port, r.Location, r.MasterBill, r.Containers, registered,
            Text(root, GateVehicleLinker.RegistrationIdAttribute), Text(root, GateVehicleLinker.CarrierUsccAttribute), ExplorerViews.EventLink(r.EventId));
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
