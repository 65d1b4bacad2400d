using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests.Formats;

[Trait("Category", "Ingest")]
public sealed class VehicleRegistryTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static VehicleRegistration Registration(string id, string plate, int effectiveDay, string carrier = "91120116MA06KL2P3G", RegistrationStatus status = RegistrationStatus.Active) => new()
    {
        RegistrationId = id,
        Plate = plate,
        CarrierUscc = carrier,
        ValidFrom = new DateTimeOffset(2025, 1, 1, 0, 0, 0, China),
        ValidUntil = new DateTimeOffset(2026, 1, 1, 0, 0, 0, China),
        EffectiveAt = new DateTimeOffset(2025, 1, effectiveDay, 9, 0, 0, China),
        Status = status,
        IssuedBy = "tianjin-port-vehicles",
    };

    [Fact]
    public void The_latest_registration_by_effective_time_wins_in_any_arrival_order()
    {
        var older = Registration("R1", "津A12345", effectiveDay: 2);
        var newer = Registration("R2", "津A 12345", effectiveDay: 5, carrier: "91120222MA05TR9X1T");

        var inOrder = new VehicleRegistry();
        Assert.Equal(RegistryUpdate.Added, inOrder.Apply(older));
        Assert.Equal(RegistryUpdate.Replaced, inOrder.Apply(newer));
        var reversed = new VehicleRegistry();
        Assert.Equal(RegistryUpdate.Added, reversed.Apply(newer));
        Assert.Equal(RegistryUpdate.Unchanged, reversed.Apply(older));

        Assert.Equal("R2", inOrder.Current("津A·12345")!.RegistrationId);
        Assert.Equal(inOrder.Current("津A12345"), reversed.Current("津A12345"));
    }

    [Fact]
    public void Equal_effective_times_are_decided_by_registration_id_so_replicas_agree()
    {
        var a = Registration("R-A", "津A12345", effectiveDay: 2);
        var b = Registration("R-B", "津A12345", effectiveDay: 2);

        var first = new VehicleRegistry();
        first.Apply(a);
        first.Apply(b);
        var second = new VehicleRegistry();
        second.Apply(b);
        second.Apply(a);

        Assert.Equal("R-B", first.Current("津A12345")!.RegistrationId);
        Assert.Equal("R-B", second.Current("津A12345")!.RegistrationId);
    }

    [Fact]
    public void A_revoked_or_expired_registration_is_known_but_not_valid()
    {
        var registry = new VehicleRegistry();
        registry.Apply(Registration("R1", "冀B55123", effectiveDay: 2, status: RegistrationStatus.Revoked));
        registry.Apply(Registration("R2", "津A67890", effectiveDay: 2));

        Assert.NotNull(registry.Current("冀B55123"));
        Assert.Null(registry.ValidAt("冀B55123", new DateTimeOffset(2025, 3, 14, 11, 0, 0, China)));
        Assert.NotNull(registry.ValidAt("津A67890", new DateTimeOffset(2025, 3, 14, 11, 0, 0, China)));
        Assert.Null(registry.ValidAt("津A67890", new DateTimeOffset(2026, 3, 14, 11, 0, 0, China)));
    }

    [Fact]
    public void The_registry_is_bounded()
    {
        var registry = new VehicleRegistry(maxVehicles: 2);
        registry.Apply(Registration("R1", "津A00001", 2));
        registry.Apply(Registration("R2", "津A00002", 2));

        Assert.Equal(RegistryUpdate.RejectedFull, registry.Apply(Registration("R3", "津A00003", 2)));
        Assert.Equal(RegistryUpdate.Replaced, registry.Apply(Registration("R4", "津A00001", 3)));
        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void A_gate_event_is_linked_to_the_registered_truck_and_its_carrier()
    {
        var registry = new VehicleRegistry();
        registry.Apply(Registration("TJGK-VR-2025-004411", "津A12345", effectiveDay: 2));
        var gateIn = GateIn("津A·12345");

        var linked = GateVehicleLinker.Link(gateIn, registry);

        Assert.Equal("津A12345", linked.References.VehicleRegistration);
        Assert.True(linked.Attributes[GateVehicleLinker.RegisteredAttribute].AsBool());
        Assert.Equal("TJGK-VR-2025-004411", linked.Attributes[GateVehicleLinker.RegistrationIdAttribute].AsString());
        Assert.Contains(new Party(PartyRole.Carrier, "91120116MA06KL2P3G"), linked.Parties);

        var unknown = GateVehicleLinker.Link(GateIn("津Z99999"), registry);
        Assert.False(unknown.Attributes[GateVehicleLinker.RegisteredAttribute].AsBool());
        Assert.Empty(unknown.Parties);

        var notGate = SampleEvents.SeaImport();
        Assert.Same(notGate, GateVehicleLinker.Link(notGate, registry));
    }

    [Fact]
    public void The_sample_registrations_parse_with_every_field()
    {
        var result = new VehicleRegistrationParser().Parse(Samples.Bytes("vehicles/registrations.json"), TestPartners.PortVehicles, FormatLimits.Default);

        Assert.Empty(result.Rejected);
        Assert.Equal(["津A12345", "津A67890", "冀B55123"], result.Registrations.Select(r => r.Plate));
        var first = result.Registrations[0];
        Assert.Equal(2, first.Permits.Count);
        Assert.Equal(new DateOnly(2027, 6, 30), first.Permits[0].ValidUntil);
        Assert.Equal("tianjin-port-vehicles", first.IssuedBy);
        Assert.Equal(RegistrationStatus.Revoked, result.Registrations[2].Status);
    }

    [Fact]
    public void A_registration_with_a_bad_carrier_code_or_period_is_rejected_alone()
    {
        const string json = """
            {"schema": "tradechain.vehicle-registration/1", "registrations": [
              {"registrationId": "R1", "plate": "津A12345", "carrierUscc": "91120116MA06KL2P3X", "validFrom": "2025-01-01T00:00:00+08:00", "effectiveAt": "2025-01-02T00:00:00+08:00"},
              {"registrationId": "R2", "plate": "津A67890", "carrierUscc": "91120116MA06KL2P3G", "validFrom": "2025-01-01T00:00:00+08:00", "validUntil": "2024-01-01T00:00:00+08:00", "effectiveAt": "2025-01-02T00:00:00+08:00"},
              {"registrationId": "R3", "plate": "津A00003", "carrierUscc": "91120116MA06KL2P3G", "validFrom": "2025-01-01T00:00:00+08:00", "effectiveAt": "2025-01-02T00:00:00+08:00"}
            ]}
            """;

        var result = new VehicleRegistrationParser().Parse(System.Text.Encoding.UTF8.GetBytes(json), TestPartners.PortVehicles, FormatLimits.Default);

        Assert.Equal("R3", Assert.Single(result.Registrations).RegistrationId);
        Assert.Equal(["$.registrations[0] (津A12345)", "$.registrations[1] (津A67890)"], result.Rejected.Select(r => r.Item));
        Assert.Equal("$.registrations[0].carrierUscc", result.Rejected[0].Errors[0].Position);
        Assert.Equal("$.registrations[1].validUntil", result.Rejected[1].Errors[0].Position);
    }

    private static TradeEvent GateIn(string plate) => SampleEvents.SeaImport() with
    {
        Feed = Feed.PortGate,
        EventType = TradeEventType.GateIn,
        Parties = [],
        References = new References { Containers = ["CSQU3054383"], VehicleRegistration = plate },
    };
}
