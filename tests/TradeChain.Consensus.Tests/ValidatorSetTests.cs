using FsCheck;
using FsCheck.Fluent;
using TradeChain.Primitives.Encoding;
using Xunit;

namespace TradeChain.Consensus.Tests;

[Trait("Category", "Consensus")]
public sealed class ValidatorSetTests
{
    private static ValidatorSet Equal(int n) => new(Enumerable.Range(0, n).Select(i => new Validator($"v{i}", TestKit.KeyOf($"v{i}"), 1)));

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 3, 2)]
    [InlineData(4, 3, 2)]
    [InlineData(5, 4, 2)]
    [InlineData(6, 5, 3)]
    [InlineData(7, 5, 3)]
    [InlineData(10, 7, 4)]
    [InlineData(100, 67, 34)]
    public void Quorum_is_more_than_two_thirds_and_the_correct_member_threshold_more_than_one_third(int n, long quorum, long oneThirdPlus)
    {
        var set = Equal(n);
        Assert.Equal(quorum, set.QuorumPower);
        Assert.Equal(oneThirdPlus, set.OneThirdPlusPower);
        Assert.True(set.IsQuorum(quorum));
        Assert.False(set.IsQuorum(quorum - 1));
        Assert.True(set.ExceedsOneThird(oneThirdPlus));
        Assert.False(set.ExceedsOneThird(oneThirdPlus - 1));
    }

    [Fact]
    public void With_n_equal_to_3f_plus_1_a_quorum_is_2f_plus_1_and_the_skip_threshold_f_plus_1()
    {
        for (var f = 0; f <= 20; f++)
        {
            var set = Equal((3 * f) + 1);
            Assert.Equal((2 * f) + 1, set.QuorumPower);
            Assert.Equal(f + 1, set.OneThirdPlusPower);
        }
    }

    [Fact]
    public void Any_two_quorums_overlap_in_more_than_a_third_of_the_power_whatever_the_powers()
    {
        // The safety argument in one line: two quorums share more than 1/3 of the power, so at
        // least one correct validator when at most f (< 1/3) are faulty.
        var cases = Gen.Choose(1, 1_000_000).Select(t => (long)t).SelectMany(
            total => Gen.Choose(0, (int)total).SelectMany(a => Gen.Choose(0, (int)total).Select(b => (total, (long)a, (long)b))));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(cases), c =>
        {
            var (total, a, b) = c;
            if (3 * a > 2 * total && 3 * b > 2 * total)
            {
                Assert.True(3 * (a + b - total) > total);
            }
        }));
    }

    [Fact]
    public void Proposers_rotate_round_robin_over_member_order_offset_by_height()
    {
        var set = Equal(4);
        Assert.Equal([1, 2, 3, 0, 1], Enumerable.Range(0, 5).Select(r => set.ProposerIndex(1, r)));
        Assert.Equal([2, 3, 0, 1], Enumerable.Range(0, 4).Select(r => set.ProposerIndex(2, r)));
        Assert.Equal(3, set.ProposerIndex(long.MaxValue - 4, 0));
    }

    [Fact]
    public void Members_are_indexed_in_ordinal_member_id_order_whatever_the_input_order()
    {
        var set = new ValidatorSet([new Validator("port-b", TestKit.KeyOf("b"), 1), new Validator("Customs", TestKit.KeyOf("c"), 2), new Validator("port-a", TestKit.KeyOf("a"), 3)]);
        Assert.Equal(["Customs", "port-a", "port-b"], set.Validators.Select(v => v.MemberId));
        Assert.Equal(6, set.TotalPower);
        Assert.Equal(1, set.IndexOf("port-a"));
        Assert.Equal(-1, set.IndexOf("tax"));
    }

    [Fact]
    public void Updates_add_remove_and_replace_keys()
    {
        var set = Equal(4)
            .Apply([new ValidatorUpdate("v4", TestKit.KeyOf("v4"), 1), new ValidatorUpdate("v0", null, 0), new ValidatorUpdate("v1", TestKit.KeyOf("v1-new"), 2)], 10);
        Assert.Equal(["v1", "v2", "v3", "v4"], set.Validators.Select(v => v.MemberId));
        Assert.Equal(TestKit.KeyOf("v1-new"), set[0].PublicKey);
        Assert.Equal(5, set.TotalPower);
    }

    [Theory]
    [InlineData("v9", false, 0, "cannot remove 'v9': not a validator")]
    [InlineData("v9", false, 1, "cannot add 'v9' without a public key")]
    [InlineData("v0", false, -1, "negative power")]
    public void Updates_that_cannot_apply_are_refused_with_the_reason(string member, bool withKey, long power, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Equal(4).Apply([new ValidatorUpdate(member, withKey ? TestKit.KeyOf(member) : null, power)], 10));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_used_twice_an_empty_set_or_too_many_validators_are_refused()
    {
        Assert.Contains("uses a key another validator already uses",
            Assert.Throws<ArgumentException>(() => Equal(2).Apply([new ValidatorUpdate("v1", TestKit.KeyOf("v0"), 1)], 10)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Equal(1).Apply([new ValidatorUpdate("v0", null, 0)], 10));
        Assert.Contains("at most 4", Assert.Throws<ArgumentException>(() => Equal(4).Apply([new ValidatorUpdate("v4", TestKit.KeyOf("v4"), 1)], 4)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Equal(2).Apply([new ValidatorUpdate("v1", null, 2), new ValidatorUpdate("v1", null, 3)], 10));
    }

    [Fact]
    public void The_encoding_round_trips_and_rejects_an_unsorted_set()
    {
        var set = Equal(5);
        var writer = new CanonicalWriter();
        set.WriteTo(writer);
        var reader = new CanonicalReader(writer.WrittenSpan);
        var decoded = ValidatorSet.ReadFrom(ref reader);
        reader.RequireEnd();
        Assert.Equal(set.ToString(), decoded.ToString());
        Assert.Equal(set.Validators.Select(v => v.PublicKey), decoded.Validators.Select(v => v.PublicKey));

        var unsorted = new CanonicalWriter();
        unsorted.WriteList(new[] { "v1", "v0" }, (w, m) =>
        {
            w.WriteString(m);
            w.WritePublicKey(TestKit.KeyOf(m));
            w.WriteInt64(1);
        });
        Assert.Throws<FormatException>(() =>
        {
            var r = new CanonicalReader(unsorted.WrittenSpan);
            ValidatorSet.ReadFrom(ref r);
        });
    }
}

[Trait("Category", "Consensus")]
public sealed class ValidatorScheduleTests
{
    private static readonly ValidatorSet Four = new(Enumerable.Range(0, 4).Select(i => new Validator($"v{i}", TestKit.KeyOf($"v{i}"), 1)));

    [Fact]
    public void A_change_decided_at_height_h_governs_from_h_plus_the_delay()
    {
        var schedule = new ValidatorSchedule(5, Four, []);
        var after5 = schedule.AfterDecision(5, [new ValidatorUpdate("v3", null, 0)], delayHeights: 2, maxValidators: 10);
        Assert.Equal(6, after5.Height);
        Assert.Equal(4, after5.Current.Count);
        Assert.Equal(4, after5.SetFor(6).Count);
        Assert.Equal(3, after5.SetFor(7).Count);

        var after6 = after5.AfterDecision(6, [], 2, 10);
        Assert.Equal(7, after6.Height);
        Assert.Equal(3, after6.Current.Count);
        Assert.Empty(after6.Pending);
    }

    [Fact]
    public void Consecutive_changes_apply_to_the_latest_scheduled_set()
    {
        var schedule = new ValidatorSchedule(1, Four, [])
            .AfterDecision(1, [new ValidatorUpdate("v3", null, 0)], 2, 10)
            .AfterDecision(2, [new ValidatorUpdate("v4", TestKit.KeyOf("v4"), 1)], 2, 10);
        Assert.Equal(3, schedule.Height);
        Assert.Equal(["v0", "v1", "v2"], schedule.SetFor(3).Validators.Select(v => v.MemberId));
        Assert.Equal(["v0", "v1", "v2", "v4"], schedule.SetFor(4).Validators.Select(v => v.MemberId));
    }

    [Fact]
    public void Deciding_another_height_than_the_schedules_is_refused()
    {
        var schedule = new ValidatorSchedule(3, Four, []);
        Assert.Throws<ArgumentException>(() => schedule.AfterDecision(4, [], 2, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.SetFor(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.AfterDecision(3, [], 0, 10));
    }
}
