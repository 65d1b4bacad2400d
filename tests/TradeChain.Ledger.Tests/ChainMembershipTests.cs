using TradeChain.Crypto;
using TradeChain.Ledger.Governance;
using TradeChain.Testing;
using Xunit;

namespace TradeChain.Ledger.Tests;

/// <summary>
/// Governance derived from the chain: a transaction applies only with approvals of more than the
/// genesis rule's share of members, once, and a validator change governs only from the height
/// the validator change delay names.
/// </summary>
[Trait("Category", "Governance")]
public sealed class ChainMembershipTests : IDisposable
{
    private const string ChainId = "governance-test";
    private readonly ISigningKey[] _keys = Enumerable.Range(0, 4).Select(_ => CryptoSuites.Intl.GenerateSigningKey()).ToArray();
    private readonly ISigningKey _newcomer = CryptoSuites.Intl.GenerateSigningKey();
    private readonly NetworkConfiguration _genesis;

    public ChainMembershipTests()
    {
        _genesis = new NetworkConfiguration(
            ChainId, SuiteId.Intl, 1, "test", 1_767_225_600_000,
            _keys.Select((k, i) => new MemberInfo($"m{i}", $"Member {i}", ["customs"], k.PublicKey, $"https://127.0.0.1:{7100 + i}")).ToArray(),
            Enumerable.Range(0, 4).Select(i => new ValidatorSeat($"m{i}", 1)).ToArray(),
            ConsensusParameters.Default,
            GovernanceRule.Majority);
    }

    [Fact]
    public void a_proposal_needs_more_than_half_of_the_members()
    {
        var membership = ChainMembership.Genesis(_genesis);
        var proposal = Proposal(new AddMember(Newcomer()));
        var two = Approve(proposal, 0, 1);
        var rejected = Assert.Throws<GovernanceRejectedException>(() => membership.Apply(BlockAt(1, two)));
        Assert.Contains("2 of 4 members approved; more than 1/2 of the members (3) must", rejected.Reason);
        var next = membership.Apply(BlockAt(1, Approve(proposal, 0, 1, 3))).Next;
        Assert.NotNull(next.KeyOf("m4"));
        Assert.Empty(membership.Apply(BlockAt(1, Approve(proposal, 0, 1, 3))).ValidatorUpdates);
        // The same proposal with another set of approvals is the same proposal: applied once.
        Assert.Contains("already applied", Assert.Throws<GovernanceRejectedException>(() => next.Apply(BlockAt(2, Approve(proposal, 0, 1, 2)))).Reason);
    }

    [Fact]
    public void an_approval_by_a_stranger_or_with_a_wrong_signature_is_refused()
    {
        var membership = ChainMembership.Genesis(_genesis);
        var proposal = Proposal(new RemoveValidator("m3"));
        var forged = new SignedGovernance(proposal, [proposal.Approve("m0", _keys[0]), proposal.Approve("m1", _keys[2]), proposal.Approve("m2", _keys[2])]);
        Assert.Contains("the approval of 'm1' does not verify", Assert.Throws<GovernanceRejectedException>(() => membership.Apply(BlockAt(1, forged))).Reason);
        var stranger = new SignedGovernance(proposal, []).With(proposal.Approve("zz", _newcomer));
        Assert.Contains("'zz', who is not a member", Assert.Throws<GovernanceRejectedException>(() => membership.Apply(BlockAt(1, stranger))).Reason);
        var otherChain = new GovernanceProposal("another-chain", new RemoveValidator("m3"), 1, "");
        Assert.Contains("for chain 'another-chain'", Assert.Throws<GovernanceRejectedException>(() => membership.Apply(BlockAt(1, Approve(otherChain, 0, 1, 2)))).Reason);
    }

    [Fact]
    public void a_new_validator_votes_only_from_the_height_the_change_delay_names()
    {
        var membership = ChainMembership.Genesis(_genesis);
        membership = membership.Apply(BlockAt(1, Approve(Proposal(new AddMember(Newcomer())), 0, 1, 2))).Next;
        var outcome = membership.Apply(BlockAt(2, Approve(Proposal(new AddValidator("m4", 1)), 0, 1, 2)));
        Assert.Equal([("m4", 1L)], outcome.ValidatorUpdates.Select(u => (u.MemberId, u.Power)));
        var after = outcome.Next;
        Assert.Equal(3UL, after.NextHeight);
        Assert.Equal(4, after.Schedule.SetFor(3).Count);
        Assert.Equal(5, after.Schedule.SetFor(2 + ConsensusParameters.Default.ValidatorChangeDelayHeights).Count);
        // The membership is what the index stores: it survives its own encoding.
        Assert.Equal(after.Encode(), ChainMembership.Decode(after.Encode()).Encode());
    }

    [Fact]
    public void rotating_a_validator_key_and_removing_its_seat_in_one_block_is_one_update()
    {
        var membership = ChainMembership.Genesis(_genesis);
        var block = BlockAt(1, Approve(Proposal(new RotateKey("m3", _newcomer.PublicKey)), 0, 1, 2), Approve(Proposal(new RemoveValidator("m3")), 0, 1, 2));
        var outcome = membership.Apply(block);
        Assert.Equal([("m3", 0L)], outcome.ValidatorUpdates.Select(u => (u.MemberId, u.Power)));
        Assert.Equal(_newcomer.PublicKey, outcome.Next.KeyOf("m3"));
        var lastSeat = ChainMembership.Genesis(_genesis with { Validators = [new ValidatorSeat("m0", 1)] });
        Assert.Contains("would become invalid", Assert.Throws<GovernanceRejectedException>(() => lastSeat.Apply(BlockAt(1, Approve(Proposal(new RemoveValidator("m0")), 0, 1, 2)))).Reason);
    }

    public void Dispose()
    {
        foreach (var key in _keys.Append(_newcomer))
        {
            key.Dispose();
        }
    }

    private MemberInfo Newcomer() => new("m4", "Member 4", ["airport"], _newcomer.PublicKey, "https://127.0.0.1:7104");

    private static GovernanceProposal Proposal(GovernanceAction action) => new(ChainId, action, 1_767_225_600_000, "test");

    private SignedGovernance Approve(GovernanceProposal proposal, params int[] members) =>
        members.Aggregate(new SignedGovernance(proposal, []), (s, i) => s.With(proposal.Approve($"m{i}", _keys[i])));

    private static Block BlockAt(ulong height, params SignedGovernance[] governance)
    {
        var suite = CryptoSuites.Intl;
        var transactions = governance.Select((g, i) => g.ToTransaction(g.Approvals[0].MemberId, 1_767_225_600_000 + i)).ToArray();
        var header = new BlockHeader(1, SuiteId.Intl, ChainId, height, suite.Hash("previous"u8), Block.ComputeTransactionsRoot(suite, transactions), suite.Hash([]), 1_767_225_600_000 + (long)height, "m0");
        return new Block(header, transactions, null);
    }
}
