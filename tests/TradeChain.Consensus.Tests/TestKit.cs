using System.Security.Cryptography;
using System.Text;
using TradeChain.Crypto;
using TradeChain.Simulation;

namespace TradeChain.Consensus.Tests;

/// <summary>Validators v0..v(n-1) with keyed-hash test keys, values by name, and a core for one of them.</summary>
internal sealed class TestKit
{
    public const string ChainId = "unit";
    public const long PreviousBlockTimestampMs = 1_000_000;
    public const long NowMs = 1_001_000;

    public TestKit(int validators, Func<ConsensusConfig, ConsensusConfig>? configure = null, string self = "v0")
    {
        Set = new ValidatorSet(Enumerable.Range(0, validators).Select(i => new Validator($"v{i}", KeyOf($"v{i}"), 1)));
        var config = new ConsensusConfig { ChainId = ChainId, MemberId = self };
        Config = configure?.Invoke(config) ?? config;
        InitialState = PersistedConsensusState.Initial(1, new ValidatorSchedule(1, Set, []), PreviousBlockTimestampMs);
    }

    public ValidatorSet Set { get; }

    public ConsensusConfig Config { get; }

    public PersistedConsensusState InitialState { get; }

    public KeyedHashVerifier Verifier { get; } = new();

    public static PublicKey KeyOf(string member) => SimKeys.KeyedHashKey(member, 0);

    public static IMessageSigner SignerOf(string member) => new KeyedHashSigner(KeyOf(member));

    public ConsensusCore NewCore(PersistedConsensusState? state = null, string? self = null)
    {
        var member = self ?? Config.MemberId;
        var core = new ConsensusCore(Config with { MemberId = member }, state ?? InitialState, new Keyring(SignerOf(member)), Verifier);
        core.Start();
        return core;
    }

    public static ProposedValue Value(string name, long timestampMs = NowMs) =>
        new(new Digest(Crypto.HashAlgorithm.Sha256, SHA256.HashData(Encoding.UTF8.GetBytes($"{name}@{timestampMs}"))), timestampMs, Encoding.UTF8.GetBytes(name));

    public Vote Vote(VoteType type, string member, int round, ProposedValue? value, long height = 1) =>
        Consensus.Vote.Sign(ChainId, type, height, round, value?.Id, Set.IndexOf(member), SignerOf(member));

    public Proposal Proposal(string member, int round, ProposedValue value, int validRound = -1, long height = 1) =>
        Consensus.Proposal.Sign(ChainId, height, round, validRound, value, Set.IndexOf(member), SignerOf(member));

    public static MessageReceived From(string peer, ConsensusMessage message) => new(message, peer, NowMs);

    public CommitCertificate Certificate(ProposedValue value, int round, long height, params string[] signers) =>
        CommitCertificate.FromPrecommits(height, round, value.Id, signers.Select(s => Vote(VoteType.Precommit, s, round, value, height)));
}
