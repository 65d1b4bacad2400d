using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger.Governance;

/// <summary>
/// What members approve: one action for one chain, dated and explained. Its canonical encoding
/// is what each approving member signs; the chain id in it keeps an approval from being replayed
/// on another network, and the ledger applies one proposal at most once.
/// </summary>
public sealed record GovernanceProposal(string ChainId, GovernanceAction Action, long ProposedAtMs, string Memo)
{
    public const byte FormatVersion = 1;

    public string? Check() =>
        !LedgerText.IsId(ChainId) ? $"chain id '{ChainId}' is not an id"
        : ProposedAtMs < 0 ? $"proposal time {ProposedAtMs} ms is before 1970"
        : Memo.Length > LedgerLimits.MaxMemoChars ? $"memo is over {LedgerLimits.MaxMemoChars} characters"
        : Action.Check();

    /// <summary>header(GovernanceProposal, 1); chain id; action (its own encoding, as bytes); proposed-at ms i64; memo.</summary>
    public byte[] Encode()
    {
        if (Check() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        var writer = new CanonicalWriter(256);
        writer.WriteHeader(TypeTag.GovernanceProposal, FormatVersion);
        writer.WriteString(ChainId);
        writer.WriteBytes(Action.Encode());
        writer.WriteInt64(ProposedAtMs);
        writer.WriteString(Memo);
        return writer.ToArray();
    }

    public static GovernanceProposal Read(ref CanonicalReader reader)
    {
        reader.ReadHeader(TypeTag.GovernanceProposal, FormatVersion);
        var start = reader.Offset;
        var proposal = new GovernanceProposal(reader.ReadString(), GovernanceAction.Decode(reader.ReadBytes()), reader.ReadInt64(), reader.ReadString());
        return proposal.Check() is { } problem ? throw new CanonicalFormatException(start, problem) : proposal;
    }

    public static GovernanceProposal Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        var proposal = Read(ref reader);
        reader.RequireEnd();
        return proposal;
    }

    /// <summary>The proposal's id: the suite's hash of its encoding. The ledger applies each id once.</summary>
    public Digest Id(ICryptoSuite suite) => suite.Hash(Encode());

    /// <summary>One member's approval: its ledger key's signature over the encoded proposal.</summary>
    public GovernanceApproval Approve(string memberId, ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new GovernanceApproval(memberId, key.Sign(Encode()));
    }
}

/// <summary>One member's signature over a <see cref="GovernanceProposal"/>.</summary>
public sealed record GovernanceApproval(string MemberId, Signature Signature);

/// <summary>
/// The data of a <see cref="TransactionType.Governance"/> transaction: a proposal and the
/// approvals of members, in ordinal member-id order, each member once. Whether they are enough
/// is the chain's rule (<see cref="NetworkConfiguration.Governance"/>), checked by
/// <see cref="ChainMembership"/> against the members of the block that holds it.
/// </summary>
public sealed record SignedGovernance(GovernanceProposal Proposal, IReadOnlyList<GovernanceApproval> Approvals)
{
    public const byte FormatVersion = 1;

    /// <summary>This proposal with one more approval, kept in member-id order; a member's second approval replaces its first.</summary>
    public SignedGovernance With(GovernanceApproval approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        var approvals = Approvals.Where(a => a.MemberId != approval.MemberId).Append(approval).OrderBy(a => a.MemberId, StringComparer.Ordinal).ToArray();
        return new SignedGovernance(Proposal, approvals);
    }

    /// <summary>header(SignedGovernance, 1); proposal; list of (member id, signature).</summary>
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(512 + Approvals.Count * 128);
        writer.WriteHeader(TypeTag.SignedGovernance, FormatVersion);
        writer.WriteBytes(Proposal.Encode());
        writer.WriteList(Approvals, static (w, a) =>
        {
            w.WriteString(a.MemberId);
            w.WriteSignature(a.Signature);
        });
        return writer.ToArray();
    }

    public static SignedGovernance Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        reader.ReadHeader(TypeTag.SignedGovernance, FormatVersion);
        var proposal = GovernanceProposal.Decode(reader.ReadBytes());
        var at = reader.Offset;
        var approvals = reader.ReadList(static (ref CanonicalReader r) => new GovernanceApproval(r.ReadString(), r.ReadSignature()), minItemBytes: 6);
        reader.RequireEnd();
        if (approvals.Count > LedgerLimits.MaxSigners)
        {
            throw new CanonicalFormatException(at, $"{approvals.Count} approvals, over {LedgerLimits.MaxSigners}");
        }
        for (var i = 1; i < approvals.Count; i++)
        {
            if (string.CompareOrdinal(approvals[i - 1].MemberId, approvals[i].MemberId) >= 0)
            {
                throw new CanonicalFormatException(at, "approvals must be in ordinal member-id order, each member once");
            }
        }
        return new SignedGovernance(proposal, approvals);
    }

    /// <summary>The transaction that carries it: signers are the approving members.</summary>
    public Transaction ToTransaction(string sender, long timestampMs)
    {
        if (Approvals.Count == 0)
        {
            throw new InvalidOperationException("a governance transaction needs at least one approval");
        }
        var recipient = Proposal.Action switch
        {
            AddMember a => a.Member.MemberId,
            RemoveMember r => r.MemberId,
            RotateKey k => k.MemberId,
            AddValidator v => v.MemberId,
            RemoveValidator v => v.MemberId,
            _ => "ledger",
        };
        return new Transaction(TransactionType.Governance, Approvals.Select(a => a.MemberId).ToArray(), timestampMs, sender, recipient, Encode(), Proposal.Memo.Length > LedgerLimits.MaxMemoChars ? "" : Proposal.Memo);
    }
}
