using System.Buffers.Binary;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using Xunit;

namespace TradeChain.Consensus.Tests;

[Trait("Category", "Consensus")]
public sealed class MessageTests
{
    private readonly TestKit _kit = new(4);

    [Fact]
    public void Sign_bytes_start_with_the_type_tag_and_name_the_chain()
    {
        var vote = Vote.SignBytes("chain-a", VoteType.Precommit, 7, 2, TestKit.Value("A").Id, 3);
        var proposal = Proposal.SignBytes("chain-a", 7, 2, -1, TestKit.Value("A").Id, TestKit.NowMs, 1);
        Assert.Equal((ushort)TypeTag.Vote, BinaryPrimitives.ReadUInt16BigEndian(vote));
        Assert.Equal((ushort)TypeTag.Proposal, BinaryPrimitives.ReadUInt16BigEndian(proposal));
        Assert.NotEqual(vote, Vote.SignBytes("chain-b", VoteType.Precommit, 7, 2, TestKit.Value("A").Id, 3));
        Assert.NotEqual(vote, Vote.SignBytes("chain-a", VoteType.Prevote, 7, 2, TestKit.Value("A").Id, 3));
        Assert.NotEqual(vote, Vote.SignBytes("chain-a", VoteType.Precommit, 7, 2, null, 3));
        Assert.NotEqual(vote, Vote.SignBytes("chain-a", VoteType.Precommit, 7, 2, TestKit.Value("A").Id, 2));
    }

    [Fact]
    public void Votes_round_trip_and_a_vote_of_another_chain_does_not_verify()
    {
        foreach (var value in new[] { TestKit.Value("A"), null })
        {
            var vote = _kit.Vote(VoteType.Prevote, "v2", 5, value, height: 9);
            var decoded = Vote.Decode(vote.Encode(TestKit.ChainId), TestKit.ChainId);
            Assert.True(decoded.HasSameContent(vote));
            Assert.Equal(vote.Signature, decoded.Signature);
            Assert.True(decoded.VerifySignature(TestKit.ChainId, TestKit.KeyOf("v2"), _kit.Verifier));
            Assert.False(decoded.VerifySignature("other-chain", TestKit.KeyOf("v2"), _kit.Verifier));
            Assert.False(decoded.VerifySignature(TestKit.ChainId, TestKit.KeyOf("v1"), _kit.Verifier));
        }
    }

    [Fact]
    public void Proposals_round_trip_with_their_value_bytes()
    {
        var proposal = _kit.Proposal("v1", 3, TestKit.Value("block"), validRound: 1);
        var decoded = Proposal.Decode(proposal.Encode(TestKit.ChainId), TestKit.ChainId);
        Assert.True(decoded.HasSameContent(proposal));
        Assert.Equal("block"u8.ToArray(), decoded.Value.Bytes.ToArray());
        Assert.Equal(1, decoded.ValidRound);
        Assert.True(decoded.VerifySignature(TestKit.ChainId, TestKit.KeyOf("v1"), _kit.Verifier));

        var fresh = Proposal.Decode(_kit.Proposal("v1", 0, TestKit.Value("x")).Encode(TestKit.ChainId), TestKit.ChainId);
        Assert.Equal(-1, fresh.ValidRound);
    }

    [Fact]
    public void Decoding_refuses_another_chain_trailing_bytes_and_a_wrong_tag()
    {
        var bytes = _kit.Vote(VoteType.Precommit, "v0", 0, TestKit.Value("A")).Encode(TestKit.ChainId);
        Assert.Contains("chain 'unit'", Assert.Throws<FormatException>(() => Vote.Decode(bytes, "main")).Message, StringComparison.Ordinal);
        Assert.Throws<CanonicalFormatException>(() => Vote.Decode([.. bytes, 0], TestKit.ChainId));
        Assert.Throws<CanonicalFormatException>(() => Proposal.Decode(bytes, TestKit.ChainId));
    }

    [Fact]
    public void Certificates_round_trip()
    {
        var certificate = _kit.Certificate(TestKit.Value("A"), 2, 5, "v0", "v2", "v3");
        var decoded = CommitCertificate.Decode(certificate.Encode(TestKit.ChainId), TestKit.ChainId);
        Assert.Equal(certificate.ToString(), decoded.ToString());
        Assert.True(decoded.Verify(TestKit.ChainId, _kit.Set, _kit.Verifier).IsValid);
    }

    [Fact]
    public void Persisted_state_round_trips_and_its_invariants_are_checked()
    {
        var value = TestKit.Value("A");
        var state = _kit.InitialState with
        {
            LockedRound = 1,
            LockedValueId = value.Id,
            ValidRound = 2,
            ValidValue = value,
            ValidValuePrevotes = new[] { "v0", "v1", "v2" }.Select(m => _kit.Vote(VoteType.Prevote, m, 2, value)).ToArray(),
            LastProposal = _kit.Proposal("v0", 4, value, 2),
            LastPrevote = _kit.Vote(VoteType.Prevote, "v0", 4, value),
            LastPrecommit = _kit.Vote(VoteType.Precommit, "v0", 2, value),
        };
        var decoded = PersistedConsensusState.Decode(state.Encode(TestKit.ChainId), TestKit.ChainId);
        Assert.Equal(state.Encode(TestKit.ChainId), decoded.Encode(TestKit.ChainId));
        Assert.Equal(1, decoded.LockedRound);
        Assert.Equal(3, decoded.ValidValuePrevotes.Count);

        Assert.Throws<InvalidDataException>(() => (state with { LockedRound = 3 }).Encode(TestKit.ChainId));
        Assert.Throws<InvalidDataException>(() => (state with { LockedValueId = null }).Encode(TestKit.ChainId));
        Assert.Throws<InvalidDataException>(() => (state with { LastPrevote = state.LastPrecommit }).Encode(TestKit.ChainId));
        Assert.Throws<FormatException>(() => PersistedConsensusState.Decode("garbage"u8, TestKit.ChainId));
    }
}

[Trait("Category", "Consensus")]
public sealed class CommitCertificateTests
{
    private readonly TestKit _kit = new(4);
    private readonly ProposedValue _value = TestKit.Value("A");

    [Fact]
    public void Precommits_of_more_than_two_thirds_verify()
    {
        Assert.Equal(CertificateCheck.Valid, _kit.Certificate(_value, 0, 1, "v0", "v1", "v3").Verify(TestKit.ChainId, _kit.Set, _kit.Verifier));
    }

    [Fact]
    public void Too_little_power_is_named()
    {
        var check = _kit.Certificate(_value, 0, 1, "v0", "v1").Verify(TestKit.ChainId, _kit.Set, _kit.Verifier);
        Assert.False(check.IsValid);
        Assert.Equal("signers hold 2 of 4 voting power; more than 2/3 (3) is needed", check.Error);
    }

    [Fact]
    public void A_validator_counted_twice_is_refused()
    {
        var precommit = _kit.Vote(VoteType.Precommit, "v1", 0, _value);
        var certificate = new CommitCertificate(1, 0, _value.Id,
            [new CommitSignature(1, precommit.Signature), new CommitSignature(1, precommit.Signature), new CommitSignature(2, _kit.Vote(VoteType.Precommit, "v2", 0, _value).Signature)]);
        Assert.Equal("validator 1 signs twice", certificate.Verify(TestKit.ChainId, _kit.Set, _kit.Verifier).Error);
    }

    [Fact]
    public void Prevote_signatures_another_round_another_chain_or_another_value_do_not_verify()
    {
        var prevotes = new[] { "v0", "v1", "v2" }.Select(m => _kit.Vote(VoteType.Prevote, m, 0, _value));
        var fromPrevotes = new CommitCertificate(1, 0, _value.Id, prevotes.Select(v => new CommitSignature(v.ValidatorIndex, v.Signature)));
        Assert.Contains("does not verify", fromPrevotes.Verify(TestKit.ChainId, _kit.Set, _kit.Verifier).Error, StringComparison.Ordinal);

        var good = _kit.Certificate(_value, 0, 1, "v0", "v1", "v2");
        Assert.False(new CommitCertificate(1, 1, _value.Id, good.Signatures).Verify(TestKit.ChainId, _kit.Set, _kit.Verifier).IsValid);
        Assert.False(new CommitCertificate(1, 0, TestKit.Value("B").Id, good.Signatures).Verify(TestKit.ChainId, _kit.Set, _kit.Verifier).IsValid);
        Assert.False(good.Verify("another-chain", _kit.Set, _kit.Verifier).IsValid);
    }

    [Fact]
    public void A_signer_outside_the_set_is_named()
    {
        var certificate = new CommitCertificate(1, 0, _value.Id, [new CommitSignature(9, new Signature(SignatureAlgorithm.EcdsaP256WithSha256, new byte[32]))]);
        Assert.Equal("validator index 9 is not in the set of 4", certificate.Verify(TestKit.ChainId, _kit.Set, _kit.Verifier).Error);
    }

    [Fact]
    public void Power_not_head_count_decides()
    {
        var weighted = new ValidatorSet([new Validator("big", TestKit.KeyOf("big"), 7), new Validator("s1", TestKit.KeyOf("s1"), 1), new Validator("s2", TestKit.KeyOf("s2"), 1), new Validator("s3", TestKit.KeyOf("s3"), 1)]);
        CommitSignature Sign(string member) => new(weighted.IndexOf(member),
            TestKit.SignerOf(member).Sign(Vote.SignBytes(TestKit.ChainId, VoteType.Precommit, 1, 0, _value.Id, weighted.IndexOf(member))));
        Assert.True(new CommitCertificate(1, 0, _value.Id, [Sign("big")]).Verify(TestKit.ChainId, weighted, _kit.Verifier).IsValid);
        Assert.False(new CommitCertificate(1, 0, _value.Id, [Sign("s1"), Sign("s2"), Sign("s3")]).Verify(TestKit.ChainId, weighted, _kit.Verifier).IsValid);
    }
}
