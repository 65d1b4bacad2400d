using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Governance;
using TradeChain.Storage;

namespace TradeChain.Node;

/// <summary>
/// The node's view of its committed chain, shared by the consensus driver (the only writer) and
/// the API and peer services (readers): the store, the membership at the tip, the validator set
/// that certified each height, and a signal for "a block was committed".
/// </summary>
public sealed class LedgerState
{
    private readonly object _gate = new();
    private readonly List<(ulong FromHeight, ValidatorSet Set)> _validatorHistory = [];
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LedgerState(LedgerStore store, NetworkConfiguration genesis)
    {
        Store = store;
        Genesis = genesis;
        Suite = CryptoSuites.Get(genesis.Suite);
        GenesisHash = genesis.Hash();
        RebuildValidatorHistory();
    }

    public LedgerStore Store { get; }

    public NetworkConfiguration Genesis { get; }

    public Digest GenesisHash { get; }

    public ICryptoSuite Suite { get; }

    /// <summary>The last committed block's tip (never null once the node has started: genesis is stored first).</summary>
    public ChainTip Tip => Store.Tip ?? throw new InvalidOperationException("the ledger has no genesis block yet");

    public ChainMembership Membership => Tip.Membership;

    public long LastCommitUnixMs { get; private set; }

    /// <summary>Completes at the next commit.</summary>
    public Task NextCommit
    {
        get
        {
            lock (_gate)
            {
                return _committed.Task;
            }
        }
    }

    /// <summary>The validator set that certified (or will certify) the block at <paramref name="height"/> ≥ 1.</summary>
    public ValidatorSet ValidatorsAt(ulong height)
    {
        lock (_gate)
        {
            if (height >= Membership.NextHeight)
            {
                return Membership.Schedule.SetFor((long)height);
            }
            for (var i = _validatorHistory.Count - 1; i >= 0; i--)
            {
                if (_validatorHistory[i].FromHeight <= height)
                {
                    return _validatorHistory[i].Set;
                }
            }
            throw new ArgumentOutOfRangeException(nameof(height), height, "height 0 (genesis) has no validator set: it is agreed out of band");
        }
    }

    /// <summary>Called by the driver after a block is durably appended.</summary>
    public void OnCommitted(Block block)
    {
        lock (_gate)
        {
            NoteValidators(block.Height + 1, Membership.Validators);
            LastCommitUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var signal = _committed;
            _committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal.SetResult();
        }
    }

    private void NoteValidators(ulong height, ValidatorSet set)
    {
        if (_validatorHistory.Count == 0 || !SameSet(_validatorHistory[^1].Set, set))
        {
            _validatorHistory.Add((height, set));
        }
    }

    private static bool SameSet(ValidatorSet a, ValidatorSet b) =>
        a.Count == b.Count && a.Validators.Zip(b.Validators).All(p => p.First.MemberId == p.Second.MemberId && p.First.Power == p.Second.Power && p.First.PublicKey.Equals(p.Second.PublicKey));

    /// <summary>
    /// Replays the membership over the stored chain to learn which set certified each height.
    /// O(chain) once at start-up; the sets change rarely, so the history stays small.
    /// </summary>
    private void RebuildValidatorHistory()
    {
        var tip = Store.Tip;
        if (tip is null)
        {
            return;
        }
        var membership = ChainMembership.Genesis(Genesis);
        NoteValidators(1, membership.Validators);
        for (ulong height = 1; height <= tip.Height; height++)
        {
            var block = Store.ReadBlock(height) ?? throw new InvalidOperationException($"block {height} is missing below the tip {tip.Height}");
            membership = membership.Apply(block).Next;
            NoteValidators(height + 1, membership.Validators);
        }
    }
}
