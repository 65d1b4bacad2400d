using Xunit;

namespace TradeChain.Consensus.Tests;

[Trait("Category", "Consensus")]
public sealed class CoreTests
{
    private readonly ProposedValue _a = TestKit.Value("A");
    private readonly ProposedValue _b = TestKit.Value("B");

    [Fact]
    public void An_observer_follows_and_decides_without_signing_anything()
    {
        var kit = new TestKit(4, self: "observer");
        var core = kit.NewCore();
        Assert.False(core.IsSigningValidator);
        core.Step(TestKit.From("v1", kit.Proposal("v1", 0, _a)));
        core.Step(new ValidationResult(1, _a.Id, true));
        foreach (var member in new[] { "v1", "v2", "v3" })
        {
            core.Step(TestKit.From(member, kit.Vote(VoteType.Precommit, member, 0, _a)));
        }
        var ready = core.TakeReady();
        Assert.Equal(_a.Id, Assert.Single(ready.Decisions).Value.Id);
        Assert.DoesNotContain(ready.Messages, m => m.Message is Vote or Proposal);
        Assert.Null(ready.State);
    }

    [Fact]
    public void A_vote_with_a_bad_signature_does_not_count()
    {
        var kit = new TestKit(4);
        var core = kit.NewCore();
        core.Step(TestKit.From("v1", kit.Proposal("v1", 0, _a)));
        core.Step(new ValidationResult(1, _a.Id, true));
        core.Step(TestKit.From("v1", kit.Vote(VoteType.Precommit, "v1", 0, _a)));
        core.Step(TestKit.From("v2", kit.Vote(VoteType.Precommit, "v2", 0, _a)));
        var forged = Vote.Sign(TestKit.ChainId, VoteType.Precommit, 1, 0, _a.Id, kit.Set.IndexOf("v3"), TestKit.SignerOf("v2"));
        core.Step(TestKit.From("v2", forged));
        Assert.False(core.HasDecided);
        core.Step(TestKit.From("v3", kit.Vote(VoteType.Precommit, "v3", 0, _a)));
        Assert.True(core.HasDecided);
    }

    [Fact]
    public void A_proposal_larger_than_the_limit_is_dropped()
    {
        var kit = new TestKit(4, c => c with { MaxValueBytes = 4 });
        var core = kit.NewCore();
        core.TakeReady();
        core.Step(TestKit.From("v1", kit.Proposal("v1", 0, TestKit.Value("too-large"))));
        Assert.True(core.TakeReady().IsEmpty);
    }

    [Fact]
    public void Extreme_timestamps_are_untimely_not_an_overflow()
    {
        var kit = new TestKit(4);
        foreach (var timestampMs in new[] { long.MinValue + TestKit.NowMs, long.MinValue, long.MaxValue })
        {
            var core = kit.NewCore();
            core.Step(TestKit.From("v1", kit.Proposal("v1", 0, TestKit.Value("odd", timestampMs))));
            var prevote = Assert.IsType<Vote>(Assert.Single(core.TakeReady().Messages).Message);
            Assert.Null(prevote.ValueId);
        }
    }

    [Fact]
    public void A_proposal_from_the_wrong_proposer_is_dropped()
    {
        var kit = new TestKit(4);
        var core = kit.NewCore();
        core.TakeReady();
        core.Step(TestKit.From("v2", kit.Proposal("v2", 0, _a)));
        Assert.True(core.TakeReady().IsEmpty);
    }

    [Fact]
    public void Far_future_rounds_are_not_stored_but_still_trigger_the_round_skip()
    {
        var kit = new TestKit(4, c => c with { MaxRoundLookahead = 2 });
        var core = kit.NewCore();
        core.Step(TestKit.From("v1", kit.Vote(VoteType.Prevote, "v1", 40, null)));
        Assert.Equal(0, core.Round);
        core.Step(TestKit.From("v2", kit.Vote(VoteType.Precommit, "v2", 41, null)));
        Assert.Equal(40, core.Round);
    }

    [Fact]
    public void Messages_for_the_next_height_wait_until_it_starts_up_to_the_limit()
    {
        var kit = new TestKit(4, c => c with { MaxFutureHeightMessages = 1 });
        var core = kit.NewCore();
        var next = TestKit.Value("next", TestKit.NowMs + 1);
        core.Step(TestKit.From("v2", kit.Proposal("v2", 0, next, height: 2)));
        core.Step(TestKit.From("v3", kit.Proposal("v3", 1, TestKit.Value("dropped", TestKit.NowMs + 1), height: 2)));
        core.Step(TestKit.From("v1", new CommitMessage(_a, kit.Certificate(_a, 0, 1, "v1", "v2", "v3"))));
        core.Step(new ValidationResult(1, _a.Id, true));
        Assert.True(core.HasDecided);
        core.TakeReady();
        core.Step(new DecisionApplied(1, []));
        var validations = core.TakeReady().Requests.OfType<ValidateValue>().ToArray();
        Assert.Equal(next.Id, Assert.Single(validations).Value.Id);
    }

    [Fact]
    public void An_equivocating_validator_is_reported_once_and_each_vote_counts_for_its_own_value()
    {
        var kit = new TestKit(4);
        var core = kit.NewCore();
        core.Step(TestKit.From("v1", kit.Proposal("v1", 0, _a)));
        core.TakeReady();
        core.Step(TestKit.From("v1", kit.Vote(VoteType.Prevote, "v1", 0, _a)));
        core.Step(TestKit.From("v1", kit.Vote(VoteType.Prevote, "v1", 0, _b)));
        core.Step(TestKit.From("v2", kit.Vote(VoteType.Prevote, "v1", 0, _b)));
        var evidence = Assert.Single(core.TakeReady().Evidence);
        Assert.Equal("v1", evidence.MemberId);
        // v1's prevote for A still counts: with v2's and v0's own, A has its quorum.
        core.Step(TestKit.From("v2", kit.Vote(VoteType.Prevote, "v2", 0, _a)));
        core.Step(new ValidationResult(1, _a.Id, true));
        Assert.Equal(0, core.LockedRound);
    }

    [Fact]
    public void After_a_restart_from_flushed_state_the_validator_never_signs_a_conflicting_vote()
    {
        var kit = new TestKit(4);
        var store = new InMemoryConsensusStateStore(TestKit.ChainId);
        var core = kit.NewCore();
        core.Step(TestKit.From("v1", kit.Proposal("v1", 0, _a)));
        core.Step(new ValidationResult(1, _a.Id, true));
        var ready = core.TakeReady();
        store.Write(ready.State!);
        store.Flush();
        var signed = Assert.IsType<Vote>(Assert.Single(ready.Messages).Message);

        var restarted = kit.NewCore(store.LoadDurable());
        var resent = restarted.TakeReady().Messages.Select(m => m.Message).OfType<Vote>().ToArray();
        Assert.True(Assert.Single(resent).HasSameContent(signed));
        Assert.Equal(RoundStep.Prevote, restarted.CurrentStep);

        // Another proposal for the same round (an equivocating proposer) and the propose timeout: nothing new is signed.
        restarted.Step(TestKit.From("v1", kit.Proposal("v1", 0, _b)));
        restarted.Step(new ValidationResult(1, _b.Id, true));
        restarted.Step(new TimeoutFired(1, 0, TimeoutKind.Propose));
        Assert.DoesNotContain(restarted.TakeReady().Messages, m => m.Message is Vote);
    }

    [Fact]
    public void A_rotated_key_signs_from_the_height_the_change_takes_effect()
    {
        var kit = new TestKit(4);
        var newKey = new Simulation.KeyedHashSigner(Simulation.SimKeys.KeyedHashKey("v0", 1));
        var keyring = new Keyring(TestKit.SignerOf("v0"));
        var core = new ConsensusCore(kit.Config, kit.InitialState, keyring, kit.Verifier);
        core.Start();

        // Height 1 decides a block that gives v0 a new key; the host adds it to the keyring.
        core.Step(TestKit.From("v1", new CommitMessage(_a, kit.Certificate(_a, 0, 1, "v1", "v2", "v3"))));
        core.Step(new ValidationResult(1, _a.Id, true));
        core.Step(new DecisionApplied(1, [new ValidatorUpdate("v0", newKey.PublicKey, 1)]));
        keyring.Add(newKey);

        Vote PrevoteAt(long height)
        {
            core.TakeReady();
            core.Step(new TimeoutFired(height, 0, TimeoutKind.Propose));
            return Assert.IsType<Vote>(Assert.Single(core.TakeReady().Messages).Message);
        }

        // Height 2 is still governed by the old set: the old key signs.
        Assert.True(PrevoteAt(2).VerifySignature(TestKit.ChainId, TestKit.KeyOf("v0"), kit.Verifier));
        var b = TestKit.Value("B", TestKit.NowMs + 1);
        var certificate = CommitCertificate.FromPrecommits(2, 0, b.Id, new[] { "v1", "v2", "v3" }.Select(m => kit.Vote(VoteType.Precommit, m, 0, b, height: 2)));
        core.Step(TestKit.From("v1", new CommitMessage(b, certificate)));
        core.Step(new ValidationResult(2, b.Id, true));
        core.Step(new DecisionApplied(2, []));

        // From height 3 (decided at 1, delay 2) the new key signs, and only it verifies.
        var prevote = PrevoteAt(3);
        Assert.True(prevote.VerifySignature(TestKit.ChainId, newKey.PublicKey, kit.Verifier));
        Assert.False(prevote.VerifySignature(TestKit.ChainId, TestKit.KeyOf("v0"), kit.Verifier));
        Assert.Equal(newKey.PublicKey, core.Validators[core.Validators.IndexOf("v0")].PublicKey);
    }

    [Fact]
    public void A_write_that_was_not_flushed_is_lost_in_a_crash()
    {
        var kit = new TestKit(4);
        var store = new InMemoryConsensusStateStore(TestKit.ChainId);
        store.Write(kit.InitialState);
        store.Flush();
        store.Write(kit.InitialState with { LastPrevote = kit.Vote(VoteType.Prevote, "v0", 0, _a) });
        Assert.True(store.HasUnflushedWrite);
        store.Crash();
        Assert.Null(store.LoadDurable()!.LastPrevote);
        Assert.Equal(1, store.FlushCount);
    }

    [Fact]
    public void The_host_must_answer_in_order()
    {
        var kit = new TestKit(4, self: "v1");
        var core = kit.NewCore();
        Assert.Throws<InvalidOperationException>(() => core.Step(new DecisionApplied(1, [])));
        var stale = TestKit.Value("stale", TestKit.PreviousBlockTimestampMs);
        Assert.Throws<ArgumentException>(() => core.Step(new ProposalValueReady(1, 0, stale, TestKit.NowMs)));
        Assert.Throws<InvalidOperationException>(() => new TestKit(4).NewCore().Start());
    }

    [Fact]
    public void Catch_up_answers_are_rate_limited_per_peer()
    {
        var kit = new TestKit(4);
        var core = kit.NewCore();
        core.Step(TestKit.From("v1", new CommitMessage(_a, kit.Certificate(_a, 0, 1, "v1", "v2", "v3"))));
        core.Step(new ValidationResult(1, _a.Id, true));
        core.TakeReady();
        core.Step(new MessageReceived(kit.Vote(VoteType.Prevote, "v3", 0, null), "v3", TestKit.NowMs));
        core.Step(new MessageReceived(kit.Vote(VoteType.Prevote, "v3", 1, null), "v3", TestKit.NowMs + 10));
        core.Step(new MessageReceived(kit.Vote(VoteType.Prevote, "v2", 1, null), "v2", TestKit.NowMs + 10));
        var answers = core.TakeReady().Messages.Where(m => m.Message is CommitMessage).Select(m => m.ToPeer ?? "(all)").ToArray();
        Assert.Equal(["v3", "v2"], answers);
        core.Step(new MessageReceived(new CatchUpRequest(1), "v3", TestKit.NowMs + kit.Config.CatchUpIntervalMs));
        Assert.Single(core.TakeReady().Messages, m => m.Message is CommitMessage);
    }

    [Fact]
    public void A_lagging_node_two_heights_behind_asks_for_the_commit_at_once()
    {
        var kit = new TestKit(4);
        var core = kit.NewCore();
        core.TakeReady();
        core.Step(TestKit.From("v2", kit.Vote(VoteType.Prevote, "v2", 0, null, height: 3)));
        var request = Assert.Single(core.TakeReady().Messages);
        Assert.Equal("v2", request.ToPeer);
        Assert.Equal(1, Assert.IsType<CatchUpRequest>(request.Message).Height);
    }
}
