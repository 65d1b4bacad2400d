using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger.Governance;

/// <summary>What applying one block's governance did: the membership after it and the validator updates to hand to consensus.</summary>
public sealed record GovernanceOutcome(ChainMembership Next, IReadOnlyList<ValidatorUpdate> ValidatorUpdates);

/// <summary>
/// Who the network is at a height, derived from the chain alone: the genesis configuration as
/// amended by every committed governance transaction (members and their keys, validator seats,
/// consensus parameters, the governance rule) and the consensus validator schedule, which
/// applies a seat change decided at height h from h + <see cref="ConsensusParameters.ValidatorChangeDelayHeights"/>.
/// Every node, and <c>tradechain verify-chain</c> offline, computes the same value from the same
/// blocks, so a certificate at any height is checked against the set that was in force. Immutable.
/// </summary>
public sealed class ChainMembership
{
    public const uint Magic = 0x54434D42; // "TCMB": node-local index record, not on the ledger

    public const byte FormatVersion = 1;

    private readonly HashSet<Digest> _appliedProposals;

    private ChainMembership(NetworkConfiguration configuration, ValidatorSchedule schedule, HashSet<Digest> appliedProposals)
    {
        Configuration = configuration;
        Schedule = schedule;
        _appliedProposals = appliedProposals;
    }

    /// <summary>Members, keys, seats (as last decided), parameters and rule, in force for the next block's transactions.</summary>
    public NetworkConfiguration Configuration { get; }

    /// <summary>The validator sets from <see cref="NextHeight"/> on.</summary>
    public ValidatorSchedule Schedule { get; }

    /// <summary>The height of the next block.</summary>
    public ulong NextHeight => (ulong)Schedule.Height;

    /// <summary>The validator set that must certify the next block.</summary>
    public ValidatorSet Validators => Schedule.Current;

    public IReadOnlyCollection<Digest> AppliedProposals => _appliedProposals;

    /// <summary>The membership for block 1, from the genesis configuration.</summary>
    public static ChainMembership Genesis(NetworkConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Check() is { } problem)
        {
            throw new ArgumentException(problem, nameof(configuration));
        }
        return new ChainMembership(configuration, new ValidatorSchedule(1, configuration.ValidatorSet, []), []);
    }

    /// <summary>The member's current ledger key, or null for a non-member.</summary>
    public PublicKey? KeyOf(string memberId) => Configuration.Member(memberId)?.PublicKey;

    /// <summary>
    /// Applies the governance transactions of <paramref name="block"/> (which must be the next
    /// block) in order, each checked against the membership its predecessors left. Throws
    /// <see cref="GovernanceRejectedException"/> naming the first transaction that is not
    /// approved by enough members or cannot apply.
    /// </summary>
    public GovernanceOutcome Apply(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Height != NextHeight)
        {
            throw new ArgumentException($"membership is at height {NextHeight}, the block is {block.Height}", nameof(block));
        }
        var configuration = Configuration;
        var applied = _appliedProposals;
        var suite = CryptoSuites.Get(configuration.Suite);
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            var transaction = block.Transactions[i];
            if (transaction.Type == TransactionType.Configuration)
            {
                throw new GovernanceRejectedException(i, "a configuration transaction is only valid in the genesis block; changes go through governance");
            }
            if (transaction.Type != TransactionType.Governance)
            {
                continue;
            }
            SignedGovernance signed;
            try
            {
                signed = SignedGovernance.Decode(transaction.Data);
            }
            catch (FormatException e)
            {
                throw new GovernanceRejectedException(i, $"not a signed governance proposal: {e.Message}");
            }
            if (Reject(configuration, applied, suite, signed, transaction) is { } reason)
            {
                throw new GovernanceRejectedException(i, reason);
            }
            try
            {
                configuration = ApplyAction(configuration, signed.Proposal.Action);
            }
            catch (GovernanceActionException e)
            {
                throw new GovernanceRejectedException(i, e.Message);
            }
            if (ReferenceEquals(applied, _appliedProposals))
            {
                applied = new HashSet<Digest>(_appliedProposals);
            }
            applied.Add(signed.Proposal.Id(suite));
        }
        var updates = ReferenceEquals(configuration, Configuration) ? [] : Diff(Configuration, configuration);
        var schedule = Schedule.AfterDecision(Schedule.Height, updates, Configuration.Consensus.ValidatorChangeDelayHeights, LedgerLimits.MaxValidators);
        return new GovernanceOutcome(new ChainMembership(configuration, schedule, applied), updates);
    }

    /// <summary>Null when the governance transaction may be applied now; else why not. For mempool admission.</summary>
    public string? Check(SignedGovernance signed, Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(transaction);
        var suite = CryptoSuites.Get(Configuration.Suite);
        if (Reject(Configuration, _appliedProposals, suite, signed, transaction) is { } reason)
        {
            return reason;
        }
        try
        {
            ApplyAction(Configuration, signed.Proposal.Action);
            return null;
        }
        catch (GovernanceActionException e)
        {
            return e.Message;
        }
    }

    private static string? Reject(NetworkConfiguration configuration, HashSet<Digest> applied, ICryptoSuite suite, SignedGovernance signed, Transaction transaction)
    {
        var proposal = signed.Proposal;
        if (proposal.ChainId != configuration.ChainId)
        {
            return $"the proposal is for chain '{proposal.ChainId}', this is '{configuration.ChainId}'";
        }
        if (applied.Contains(proposal.Id(suite)))
        {
            return "this proposal was already applied";
        }
        if (!transaction.Signers.SequenceEqual(signed.Approvals.Select(a => a.MemberId)))
        {
            return "the transaction's signers are not the approving members";
        }
        var message = proposal.Encode();
        foreach (var approval in signed.Approvals)
        {
            if (configuration.Member(approval.MemberId) is not { } member)
            {
                return $"approval by '{approval.MemberId}', who is not a member";
            }
            if (!suite.Verify(member.PublicKey, message, approval.Signature))
            {
                return $"the approval of '{approval.MemberId}' does not verify under its current key";
            }
        }
        var required = configuration.Governance.RequiredApprovals(configuration.Members.Count);
        return signed.Approvals.Count < required
            ? $"{signed.Approvals.Count} of {configuration.Members.Count} members approved; {configuration.Governance} ({required}) must"
            : null;
    }

    private static NetworkConfiguration ApplyAction(NetworkConfiguration c, GovernanceAction action)
    {
        var signatureAlgorithm = CryptoSuites.Get(c.Suite).SignatureAlgorithm;
        NetworkConfiguration next;
        switch (action)
        {
            case AddMember add:
                if (c.Member(add.Member.MemberId) is not null)
                {
                    throw new GovernanceActionException($"'{add.Member.MemberId}' is already a member");
                }
                if (add.Member.Check(signatureAlgorithm) is { } memberProblem)
                {
                    throw new GovernanceActionException(memberProblem);
                }
                next = c with { Members = Sorted(c.Members.Append(add.Member)) };
                break;
            case RemoveMember remove:
                RequireMember(c, remove.MemberId);
                next = c with
                {
                    Members = c.Members.Where(m => m.MemberId != remove.MemberId).ToArray(),
                    Validators = c.Validators.Where(v => v.MemberId != remove.MemberId).ToArray(),
                };
                break;
            case RotateKey rotate:
                var current = RequireMember(c, rotate.MemberId);
                if (rotate.NewKey.Algorithm != signatureAlgorithm)
                {
                    throw new GovernanceActionException($"the new key is {AlgorithmNames.Of(rotate.NewKey.Algorithm)}; the suite signs with {AlgorithmNames.Of(signatureAlgorithm)}");
                }
                next = c with { Members = c.Members.Select(m => m.MemberId == rotate.MemberId ? current with { PublicKey = rotate.NewKey } : m).ToArray() };
                break;
            case AddValidator seat:
                RequireMember(c, seat.MemberId);
                next = c with
                {
                    Validators = c.Validators.Where(v => v.MemberId != seat.MemberId).Append(new ValidatorSeat(seat.MemberId, seat.Power))
                        .OrderBy(v => v.MemberId, StringComparer.Ordinal).ToArray(),
                };
                break;
            case RemoveValidator unseat:
                if (c.Validators.All(v => v.MemberId != unseat.MemberId))
                {
                    throw new GovernanceActionException($"'{unseat.MemberId}' has no validator seat");
                }
                next = c with { Validators = c.Validators.Where(v => v.MemberId != unseat.MemberId).ToArray() };
                break;
            case ChangeParameter change:
                try
                {
                    next = c with { Consensus = c.Consensus.With(change.Name, change.Value) };
                }
                catch (FormatException e)
                {
                    throw new GovernanceActionException(e.Message);
                }
                break;
            case Redact:
                return c;
            default:
                throw new GovernanceActionException($"governance action {action.Kind} has no rule");
        }
        if (next.Check() is { } problem)
        {
            throw new GovernanceActionException($"the network would become invalid: {problem}");
        }
        return next;
    }

    private static MemberInfo RequireMember(NetworkConfiguration c, string memberId) =>
        c.Member(memberId) ?? throw new GovernanceActionException($"'{memberId}' is not a member");

    private static MemberInfo[] Sorted(IEnumerable<MemberInfo> members) => members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The validator updates that turn the seats (with member keys) of <paramref name="before"/>
    /// into those of <paramref name="after"/>: one per changed member, so several actions on one
    /// member in one block become one update, as consensus requires.
    /// </summary>
    private static ValidatorUpdate[] Diff(NetworkConfiguration before, NetworkConfiguration after)
    {
        var old = before.ValidatorSet.Validators.ToDictionary(v => v.MemberId, StringComparer.Ordinal);
        var updates = new List<ValidatorUpdate>();
        foreach (var validator in after.ValidatorSet.Validators)
        {
            if (!old.Remove(validator.MemberId, out var previous) || !previous.PublicKey.Equals(validator.PublicKey) || previous.Power != validator.Power)
            {
                updates.Add(new ValidatorUpdate(validator.MemberId, validator.PublicKey, validator.Power));
            }
        }
        updates.AddRange(old.Keys.Order(StringComparer.Ordinal).Select(m => new ValidatorUpdate(m, null, 0)));
        return updates.ToArray();
    }

    /// <summary>Node-local form (index record): magic "TCMB", version; configuration bytes; validator schedule; applied proposal ids.</summary>
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(1024);
        writer.WriteUInt32(Magic);
        writer.WriteByte(FormatVersion);
        writer.WriteBytes(Configuration.Encode());
        Schedule.WriteTo(writer);
        writer.WriteList(_appliedProposals.OrderBy(d => d.ToHex(), StringComparer.Ordinal).ToArray(), static (w, d) => w.WriteDigest(d));
        return writer.ToArray();
    }

    public static ChainMembership Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        if (reader.ReadUInt32() != Magic || reader.ReadByte() != FormatVersion)
        {
            throw new CanonicalFormatException(0, "not a chain membership record (magic 'TCMB' version 1)");
        }
        var configuration = NetworkConfiguration.Decode(reader.ReadBytes());
        var schedule = ValidatorSchedule.ReadFrom(ref reader);
        var applied = reader.ReadList(static (ref CanonicalReader r) => r.ReadDigest(), minItemBytes: 33);
        reader.RequireEnd();
        return new ChainMembership(configuration, schedule, [.. applied]);
    }
}

/// <summary>A block holds a governance transaction that may not apply: named by its index in the block.</summary>
public sealed class GovernanceRejectedException(int transactionIndex, string reason)
    : InvalidOperationException($"governance transaction {transactionIndex}: {reason}")
{
    public int TransactionIndex { get; } = transactionIndex;

    public string Reason { get; } = reason;
}

internal sealed class GovernanceActionException(string message) : Exception(message);
