using TradeChain.Consensus;
using TradeChain.Crypto;

namespace TradeChain.Simulation;

/// <summary>
/// Checks the safety properties on every decision and every message an honest node sends:
/// agreement (one value per height among honest nodes), validity (a decided value is a valid
/// block with a certificate that verifies against that height's validator set), and no honest
/// double signing (an honest member never sends two different votes, or two different
/// proposals, for one height, round and kind — across restarts too). The first violation is kept.
/// </summary>
public sealed class SafetyChecker(ChainOracle oracle, string chainId, ISignatureVerifier verifier)
{
    private readonly Dictionary<(string Member, long Height, int Round, VoteType Type), Vote> _honestVotes = [];
    private readonly Dictionary<(string Member, long Height, int Round), Proposal> _honestProposals = [];

    public string? Violation { get; private set; }

    public void OnHonestDecision(string node, Decision decision)
    {
        var point = oracle.Before(decision.Height);
        if (point is null)
        {
            Fail($"validity: {node} decided height {decision.Height} before any honest node decided height {decision.Height - 1}");
            return;
        }
        if (!oracle.IsValid(decision.Value, decision.Height))
        {
            Fail($"validity: {node} decided an invalid block {decision.Value} at height {decision.Height}");
            return;
        }
        if (!decision.Certificate.ValueId.Equals(decision.Value.Id) || decision.Certificate.Height != decision.Height)
        {
            Fail($"validity: {node}'s certificate at height {decision.Height} is for another value or height");
            return;
        }
        var check = decision.Certificate.Verify(chainId, point.Schedule.Current, verifier);
        if (!check.IsValid)
        {
            Fail($"validity: {node}'s certificate at height {decision.Height} does not verify: {check.Error}");
            return;
        }
        var first = oracle.DecisionAt(decision.Height);
        if (first is not null && !first.Value.Id.Equals(decision.Value.Id))
        {
            Fail($"agreement: {node} decided {decision.Value} at height {decision.Height}, but {first.Value} was decided there first");
            return;
        }
        oracle.RecordFirst(decision);
    }

    /// <summary>Every message an honest node puts on the wire; only those it signed itself are checked.</summary>
    public void OnHonestSend(string node, ConsensusMessage message)
    {
        switch (message)
        {
            case Vote vote when SignerOf(vote.Height, vote.ValidatorIndex) == node:
                var voteKey = (node, vote.Height, vote.Round, vote.Type);
                if (_honestVotes.TryGetValue(voteKey, out var earlier))
                {
                    if (!earlier.HasSameContent(vote))
                    {
                        Fail($"double signing: honest {node} sent {earlier} and {vote}");
                    }
                }
                else
                {
                    _honestVotes.Add(voteKey, vote);
                }
                break;
            case Proposal proposal when SignerOf(proposal.Height, proposal.ProposerIndex) == node:
                var proposalKey = (node, proposal.Height, proposal.Round);
                if (_honestProposals.TryGetValue(proposalKey, out var earlierProposal))
                {
                    if (!earlierProposal.HasSameContent(proposal))
                    {
                        Fail($"double signing: honest {node} sent {earlierProposal} and {proposal}");
                    }
                }
                else
                {
                    _honestProposals.Add(proposalKey, proposal);
                }
                break;
        }
    }

    public void Fail(string violation) => Violation ??= violation;

    private string? SignerOf(long height, int index)
    {
        var set = oracle.Before(height)?.Schedule.Current;
        return set is not null && index < set.Count ? set[index].MemberId : null;
    }
}
