using Xunit;

namespace TradeChain.Consensus.Tests;

[Trait("Category", "Consensus")]
public sealed class ConfigTests
{
    private static readonly ConsensusConfig Valid = new() { ChainId = "tradechain-main", MemberId = "customs-cnpek" };

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Valid.Validate());
    }

    public static TheoryData<string, Func<ConsensusConfig, ConsensusConfig>> Broken() => new()
    {
        { "chain id must not be empty", c => c with { ChainId = "" } },
        { "chain id must be at most 64 bytes", c => c with { ChainId = new string('x', 65) } },
        { "member id must not be empty", c => c with { MemberId = "" } },
        { "propose timeout must be positive", c => c with { ProposeTimeoutMs = 0 } },
        { "prevote timeout must be positive", c => c with { PrevoteTimeoutMs = -1 } },
        { "precommit timeout increment must not be negative", c => c with { PrecommitTimeoutIncrementMs = -5 } },
        { "at least one timeout increment must be positive", c => c with { ProposeTimeoutIncrementMs = 0, PrevoteTimeoutIncrementMs = 0, PrecommitTimeoutIncrementMs = 0 } },
        { "rebroadcast interval must be positive", c => c with { RebroadcastIntervalMs = 0 } },
        { "max clock skew must not be negative", c => c with { MaxClockSkewMs = -1 } },
        { "max value bytes must be positive", c => c with { MaxValueBytes = 0 } },
        { "max round lookahead must be at least 1", c => c with { MaxRoundLookahead = 0 } },
        { "max proposals per round must be at least 1", c => c with { MaxProposalsPerRound = 0 } },
        { "max votes per validator per round must be at least 1", c => c with { MaxVotesPerValidatorPerRound = 0 } },
        { "validator change delay must be at least 1 height", c => c with { ValidatorChangeDelayHeights = 0 } },
        { "UnsafeIgnoreLocks breaks consensus safety", c => c with { UnsafeIgnoreLocks = true } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_broken_setting_is_named_in_plain_language(string expected, Func<ConsensusConfig, ConsensusConfig> breakIt)
    {
        var errors = breakIt(Valid).Validate();
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_unsafe_switch_needs_the_test_only_switch()
    {
        Assert.Empty((Valid with { UnsafeIgnoreLocks = true, TestOnlyAllowUnsafe = true }).Validate());
    }

    [Fact]
    public void A_core_refuses_a_broken_config()
    {
        var kit = new TestKit(4);
        var error = Assert.Throws<ArgumentException>(() =>
            new ConsensusCore(kit.Config with { UnsafeIgnoreLocks = true }, kit.InitialState, new Keyring(), kit.Verifier));
        Assert.Contains("UnsafeIgnoreLocks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_grow_linearly_per_round()
    {
        Assert.Equal([3000L, 3500, 4000, 8000], new[] { 0, 1, 2, 10 }.Select(Valid.ProposeTimeoutForRoundMs));
        Assert.Equal(1000 + (7 * 500), Valid.PrevoteTimeoutForRoundMs(7));
        Assert.Equal(1000 + (7 * 500), Valid.PrecommitTimeoutForRoundMs(7));
        Assert.Equal(ConsensusConfig.MaxTimeoutMs, Valid.ProposeTimeoutForRoundMs(int.MaxValue));
    }
}
