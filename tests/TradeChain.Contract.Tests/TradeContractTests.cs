using FsCheck;
using FsCheck.Fluent;
using TradeChain.Contract;
using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Contract.Tests;

/// <summary>Accept facts, flag anomalies: the contract's status and flags, in and out of order.</summary>
[Trait("Category", "Contract")]
public sealed class TradeContractTests
{
    private static readonly ShipmentKey Container = new(ShipmentKeyKind.Container, "CSQU3054383");

    private static ContractFact Fact(TradeEventType type, int minute, TradeDirection direction = TradeDirection.Import) =>
        new(type, 1_767_225_600_000 + (minute * 60_000L), direction, [Container]);

    private static ShipmentState Run(params ContractFact[] facts) =>
        facts.Aggregate((ShipmentState?)null, (state, fact) => TradeContract.Apply(state, Container, fact))!;

    [Fact]
    public void a_gate_out_reported_before_the_release_message_is_flagged_then_cleared_when_the_earlier_release_arrives()
    {
        var gateOutFirst = Run(Fact(TradeEventType.Arrived, 0), Fact(TradeEventType.GateOut, 90));
        Assert.True(gateOutFirst.Flags.HasFlag(AnomalyFlags.GateOutBeforeRelease));
        Assert.Equal(ShipmentStatus.GatedOut, gateOutFirst.Status);

        // The release happened at minute 60, before the gate-out; its message just came late.
        var releaseLate = TradeContract.Apply(gateOutFirst, Container, Fact(TradeEventType.Released, 60));
        Assert.False(releaseLate.Flags.HasFlag(AnomalyFlags.GateOutBeforeRelease));
        Assert.Equal(ShipmentStatus.GatedOut, releaseLate.Status);
        Assert.Equal(3, releaseLate.EventCount);
    }

    [Fact]
    public void a_release_that_really_happened_after_the_gate_out_keeps_the_flag()
    {
        var state = Run(Fact(TradeEventType.GateOut, 30), Fact(TradeEventType.Released, 60));
        Assert.True(state.Flags.HasFlag(AnomalyFlags.GateOutBeforeRelease));
        Assert.Equal(ShipmentStatus.Released, state.Status);
    }

    [Fact]
    public void delivered_before_customs_release_is_flagged()
    {
        var state = Run(Fact(TradeEventType.Delivered, 10), Fact(TradeEventType.Released, 20));
        Assert.True(state.Flags.HasFlag(AnomalyFlags.DeliveredBeforeRelease));
    }

    [Fact]
    public void a_second_release_is_flagged_as_duplicate()
    {
        Assert.False(Run(Fact(TradeEventType.Released, 10)).Flags.HasFlag(AnomalyFlags.DuplicateRelease));
        Assert.True(Run(Fact(TradeEventType.Released, 10), Fact(TradeEventType.Released, 40)).Flags.HasFlag(AnomalyFlags.DuplicateRelease));
    }

    [Fact]
    public void discharge_before_arrival_is_flagged_and_an_earlier_arrival_clears_it()
    {
        var discharged = Run(Fact(TradeEventType.Discharged, 50));
        Assert.True(discharged.Flags.HasFlag(AnomalyFlags.DischargeBeforeArrival));
        var arrived = TradeContract.Apply(discharged, Container, Fact(TradeEventType.Arrived, 10));
        Assert.False(arrived.Flags.HasFlag(AnomalyFlags.DischargeBeforeArrival));
        Assert.Equal(ShipmentStatus.Discharged, arrived.Status);
    }

    [Fact]
    public void export_cargo_loaded_before_release_is_flagged_but_import_rules_do_not_apply()
    {
        var state = Run(Fact(TradeEventType.Loaded, 10, TradeDirection.Export), Fact(TradeEventType.GateOut, 5, TradeDirection.Export));
        Assert.True(state.Flags.HasFlag(AnomalyFlags.LoadedBeforeRelease));
        Assert.False(state.Flags.HasFlag(AnomalyFlags.GateOutBeforeRelease));
    }

    [Fact]
    public void a_release_after_a_refusal_is_flagged_and_held_after_release_shows_held()
    {
        Assert.True(Run(Fact(TradeEventType.Refused, 10), Fact(TradeEventType.Released, 20)).Flags.HasFlag(AnomalyFlags.ReleasedAfterRefusal));
        Assert.Equal(ShipmentStatus.Held, Run(Fact(TradeEventType.Released, 10), Fact(TradeEventType.Held, 20)).Status);
    }

    [Fact]
    public void tax_events_are_recorded_without_moving_the_status()
    {
        var state = Run(Fact(TradeEventType.Arrived, 10), Fact(TradeEventType.TaxPaid, 99));
        Assert.Equal(ShipmentStatus.Arrived, state.Status);
        Assert.Equal(1, state.Find(TradeEventType.TaxPaid)!.Count);
    }

    [Fact]
    public void the_contract_version_is_recorded_in_the_state()
    {
        Assert.Equal(TradeContract.Version, Run(Fact(TradeEventType.Arrived, 0)).ContractVersion);
    }

    [Fact]
    public void applying_a_fact_to_another_shipments_state_is_refused()
    {
        var state = Run(Fact(TradeEventType.Arrived, 0));
        Assert.Throws<ArgumentException>(() => TradeContract.Apply(state, new ShipmentKey(ShipmentKeyKind.Container, "OTHER"), Fact(TradeEventType.Arrived, 1)));
    }

    [Fact]
    public void the_final_state_does_not_depend_on_the_order_facts_arrive_in()
    {
        TradeEventType[] types = [TradeEventType.Arrived, TradeEventType.Discharged, TradeEventType.Released, TradeEventType.GateOut, TradeEventType.Delivered, TradeEventType.Held, TradeEventType.Refused, TradeEventType.Loaded];
        var fact = from type in Gen.Elements(types)
                   from minute in Gen.Choose(0, 500)
                   from direction in Gen.Elements(TradeDirection.Import, TradeDirection.Export)
                   select Fact(type, minute, direction);
        var input = from list in Gen.NonEmptyListOf(fact)
                    from seed in Gen.Choose(0, int.MaxValue - 1)
                    select (Facts: list.ToArray(), Seed: seed);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(input), x =>
        {
            var shuffled = x.Facts.ToArray();
            new Random(x.Seed).Shuffle(shuffled);
            Assert.Equal(Run(x.Facts).Encode(), Run(shuffled).Encode());
        }));
    }
}
