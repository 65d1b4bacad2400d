using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Store;
using TradeChain.Api.Access;
using TradeChain.Api.Auth;
using TradeChain.Api.Problems;
using TradeChain.Api.Queries;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Tests;

/// <summary>
/// The vehicle lookup over gate events as ingest writes them: a registry, the linker that stamps
/// each gate move with what it found, a certified block, the projection into DuckDB, and the
/// query — so the registration the lookup reports is the one the ledger recorded at the gate.
/// </summary>
[Trait("Category", "Api")]
public sealed class VehicleQueriesTests
{
    private const string Plate = "津A·55501";
    private const string Carrier = "91120116MA06KL2P3G";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly AccessScope Customs = new("customs", Role.Customs, null, null, null);

    [Fact]
    public async Task without_a_pushed_registration_the_newest_registered_gate_move_names_the_registration()
    {
        using var temp = new TempDirectory();
        using var chain = new TestChain();
        var registry = new VehicleRegistry();
        Assert.Equal(RegistryUpdate.Added, registry.Apply(Registration("R-1", validFrom: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))));
        // Before the registration's start the truck is unregistered at the gate; afterwards R-1, then R-2 once it supersedes R-1.
        var early = GateMove("early", -60 * 24 * 400, registry);
        var first = GateMove("first", 0, registry);
        registry.Apply(Registration("R-2", validFrom: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), effectiveAt: new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        var second = GateMove("second", 90, registry);
        Assert.Equal("津A55501", second.References.VehicleRegistration);

        chain.Genesis();
        var block = chain.Next(chain.Batch(early, first, second));
        await using var store = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = temp.Sub("analytics"), MemoryLimitMiB = 128 });
        await store.WriteAsync(new ProjectionBatch(EventDecoder.Decode(block), null), Cancel);

        var view = await new VehicleQueries(store, TimeProvider.System).LookUpAsync(Customs, "津a 55501", null, 10, Cancel);
        Assert.Equal("津A55501", view.Plate);
        Assert.Equal([chain.EventId(second).ToString(), chain.EventId(first).ToString(), chain.EventId(early).ToString()], view.Movements.Select(m => m.EventId));
        Assert.Equal([true, true, false], view.Movements.Select(m => m.Registered));
        Assert.Equal(["R-2", "R-1", null], view.Movements.Select(m => m.RegistrationId));
        var registration = view.Registration!;
        Assert.Equal(("gate-event", "R-2", Carrier, second.OccurredAt), (registration.Source, registration.RegistrationId, registration.CarrierUscc, registration.RecordedAt));

        var cut = await new VehicleQueries(store, TimeProvider.System).LookUpAsync(Customs, Plate, null, 1, Cancel);
        Assert.True(cut.Truncated);
        Assert.Single(cut.Movements);

        var exporter = new AccessScope("exporter", Role.Exporter, "91120116MA05JXXX1X", null, null);
        var denied = await Assert.ThrowsAsync<ApiProblemException>(() => new VehicleQueries(store, TimeProvider.System).LookUpAsync(exporter, Plate, null, 10, Cancel));
        Assert.Equal(403, denied.Status);
        var airport = new AccessScope("airport", Role.Airport, null, "CNPEK", null);
        var elsewhere = await Assert.ThrowsAsync<ApiProblemException>(() => new VehicleQueries(store, TimeProvider.System).LookUpAsync(airport, Plate, null, 10, Cancel));
        Assert.Equal(404, elsewhere.Status);
    }

    private static TradeEvent GateMove(string reference, long minute, VehicleRegistry registry) =>
        GateVehicleLinker.Link(TestChain.Event(reference, TradeEventType.GateIn, minute: minute) with { References = new References { MasterBill = "COSU6189047520", Containers = ["CSQU3054383"], VehicleRegistration = Plate } }, registry);

    private static VehicleRegistration Registration(string id, DateTimeOffset validFrom, DateTimeOffset? effectiveAt = null) => new()
    {
        RegistrationId = id,
        Plate = VehiclePlates.Normalize(Plate),
        CarrierUscc = Carrier,
        ValidFrom = validFrom,
        EffectiveAt = effectiveAt ?? validFrom,
        IssuedBy = "tjpct-gate",
    };
}
