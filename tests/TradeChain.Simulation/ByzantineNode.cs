using TradeChain.Consensus;
using TradeChain.Crypto;

namespace TradeChain.Simulation;

/// <summary>
/// A Byzantine validator. It runs a core (so it keeps up with heights and rounds) and corrupts
/// what leaves it: silence, equivocating proposals, conflicting votes split across peers,
/// invalid blocks with votes for them, replays of old messages, and (through its core's config)
/// ignoring its locks. It signs only with its own keys: the simulated adversary controls at
/// most the Byzantine validators' keys, as the real one would.
/// </summary>
internal sealed class ByzantineNode(Simulation sim, SimNode node, ByzantineBehaviours behaviours, SimRandom random)
{
    /// <summary>Old messages kept for replay; bounded like everything else.</summary>
    private const int ReplayBufferSize = 256;

    private const double ReplayProbabilityPerMessage = 0.05;

    private readonly List<ConsensusMessage> _seen = [];
    private readonly List<Digest> _recentValueIds = [];

    public ByzantineBehaviours Behaviours { get; } = behaviours;

    /// <summary>Sees every message delivered to it (before its core does).</summary>
    public void Observe(ConsensusMessage message)
    {
        if (Behaviours.HasFlag(ByzantineBehaviours.Silent))
        {
            return;
        }
        if (message is Proposal proposal)
        {
            Remember(_recentValueIds, proposal.Value.Id, 16);
        }
        if (!Behaviours.HasFlag(ByzantineBehaviours.Replay))
        {
            return;
        }
        Remember(_seen, message, ReplayBufferSize);
        if (random.Chance(ReplayProbabilityPerMessage))
        {
            var old = _seen[random.NextInt(_seen.Count)];
            var target = sim.Nodes[random.NextInt(sim.Nodes.Count)];
            sim.TraceLine($"{node.Name} (byzantine) replays {old} to {target.Name}");
            node.SendRaw(old, target.Name);
        }
    }

    public SimBlock BuildBlock(long height, int round) => node.BuildBlock(height, round, valid: true);

    public void Send(OutboundMessage outbound)
    {
        if (Behaviours.HasFlag(ByzantineBehaviours.Silent))
        {
            return;
        }
        var core = node.Core!;
        var ownIndex = core.Validators.IndexOf(node.Name);
        var signer = ownIndex >= 0 ? node.SignerFor(core.Validators[ownIndex].PublicKey) : null;
        var ownAtThisHeight = signer is not null && outbound.Message.Height == core.Height;
        switch (outbound.Message)
        {
            case Proposal proposal when ownAtThisHeight && proposal.ProposerIndex == ownIndex:
                SendProposal(proposal, signer!, ownIndex);
                return;
            case Vote vote when ownAtThisHeight && vote.ValidatorIndex == ownIndex && Behaviours.HasFlag(ByzantineBehaviours.DoubleVote):
                var conflicting = Vote.Sign(sim.Config.ChainId, vote.Type, vote.Height, vote.Round, ConflictingValue(vote.ValueId), ownIndex, signer!);
                sim.TraceLine($"{node.Name} (byzantine) double-votes {vote} / {conflicting}");
                Split(vote, conflicting);
                return;
        }
        node.SendRaw(outbound.Message, outbound.ToPeer);
    }

    private void SendProposal(Proposal proposal, IMessageSigner signer, int ownIndex)
    {
        var chainId = sim.Config.ChainId;
        Proposal? alternative = null;
        if (Behaviours.HasFlag(ByzantineBehaviours.InvalidBlocks))
        {
            var invalid = node.BuildBlock(proposal.Height, proposal.Round, valid: false).ToValue(proposal.Value.TimestampMs);
            alternative = Proposal.Sign(chainId, proposal.Height, proposal.Round, -1, invalid, ownIndex, signer);
            foreach (var type in new[] { VoteType.Prevote, VoteType.Precommit })
            {
                node.SendRaw(Vote.Sign(chainId, type, proposal.Height, proposal.Round, invalid.Id, ownIndex, signer), null);
            }
        }
        else if (Behaviours.HasFlag(ByzantineBehaviours.EquivocateProposals))
        {
            var other = node.BuildBlock(proposal.Height, proposal.Round, valid: true).ToValue(proposal.Value.TimestampMs);
            alternative = Proposal.Sign(chainId, proposal.Height, proposal.Round, proposal.ValidRound, other, ownIndex, signer);
        }
        if (alternative is null)
        {
            node.SendRaw(proposal, null);
            return;
        }
        sim.TraceLine($"{node.Name} (byzantine) equivocates {proposal} / {alternative}");
        Split(proposal, alternative);
    }

    /// <summary>
    /// Sends one message to some peers and the other to the rest: either a coin flip per peer,
    /// or (the lock-breaking pattern) the first to exactly one peer, so that one peer can reach a
    /// quorum the others cannot see.
    /// </summary>
    private void Split(ConsensusMessage first, ConsensusMessage second)
    {
        var peers = sim.Nodes.Where(n => n != node).ToArray();
        var target = random.Chance(0.5) ? peers[random.NextInt(peers.Length)] : null;
        foreach (var peer in peers)
        {
            var getsFirst = target is null ? random.Chance(0.5) : peer == target;
            node.SendRaw(getsFirst ? first : second, peer.Name);
        }
    }

    private Digest? ConflictingValue(Digest? original)
    {
        var candidates = _recentValueIds.Where(id => !id.Equals(original)).ToArray();
        if (original is not null && (candidates.Length == 0 || random.Chance(0.5)))
        {
            return null;
        }
        if (candidates.Length > 0)
        {
            return candidates[random.NextInt(candidates.Length)];
        }
        Span<byte> bytes = stackalloc byte[Digest.SizeBytes];
        for (var i = 0; i < bytes.Length; i += 8)
        {
            BitConverter.TryWriteBytes(bytes[i..], random.NextUInt64());
        }
        return new Digest(HashAlgorithm.Sha256, bytes);
    }

    private static void Remember<T>(List<T> buffer, T item, int capacity)
    {
        if (buffer.Count == capacity)
        {
            buffer.RemoveAt(0);
        }
        buffer.Add(item);
    }
}
