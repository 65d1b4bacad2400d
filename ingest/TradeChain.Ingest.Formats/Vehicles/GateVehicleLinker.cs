using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Vehicles;

/// <summary>
/// Ties a gate event to the truck that moved the box: a GateIn or GateOut naming a plate gets the
/// registration that was valid at the gate time — its record id and carrier as attributes, the
/// carrier as a party — or <c>vehicle.registered = false</c>, which the trade contract can flag as
/// an anomaly (an unregistered truck at the gate is a fact worth recording, not a reason to refuse it).
/// </summary>
public static class GateVehicleLinker
{
    public const string RegisteredAttribute = "vehicle.registered";
    public const string RegistrationIdAttribute = "vehicle.registration_id";
    public const string CarrierUsccAttribute = "vehicle.carrier_uscc";

    public static TradeEvent Link(TradeEvent tradeEvent, VehicleRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(tradeEvent);
        ArgumentNullException.ThrowIfNull(registry);
        if (tradeEvent.EventType is not (TradeEventType.GateIn or TradeEventType.GateOut) || tradeEvent.References.VehicleRegistration is not { } plate)
        {
            return tradeEvent;
        }
        var normalised = VehiclePlates.Normalize(plate);
        var registration = registry.ValidAt(normalised, tradeEvent.OccurredAt);
        var attributes = tradeEvent.Attributes.With(RegisteredAttribute, EventAttribute.Of(registration is not null));
        var parties = tradeEvent.Parties;
        if (registration is not null)
        {
            attributes = attributes
                .With(RegistrationIdAttribute, EventAttribute.Of(registration.RegistrationId))
                .With(CarrierUsccAttribute, EventAttribute.Of(registration.CarrierUscc));
            if (!parties.Any(p => p.Role == PartyRole.Carrier && p.Uscc == registration.CarrierUscc))
            {
                parties = new EquatableList<Party>([.. parties, new Party(PartyRole.Carrier, registration.CarrierUscc)]);
            }
        }
        return tradeEvent with
        {
            References = tradeEvent.References with { VehicleRegistration = normalised },
            Attributes = attributes,
            Parties = parties,
        };
    }
}
