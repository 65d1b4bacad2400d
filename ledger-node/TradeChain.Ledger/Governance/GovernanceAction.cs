using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger.Governance;

/// <summary>The kind byte of a governance action. On-ledger: never renumber.</summary>
public enum GovernanceKind : byte
{
    AddMember = 1,
    RemoveMember = 2,
    RotateKey = 3,
    ChangeParameter = 4,
    Redact = 5,
    AddValidator = 6,
    RemoveValidator = 7,
}

/// <summary>
/// The data of a <see cref="TransactionType.Governance"/> transaction: one typed action. Encoded
/// as header(Governance, 1); kind u8; the action's fields.
/// </summary>
public abstract record GovernanceAction
{
    public const byte FormatVersion = 1;

    public abstract GovernanceKind Kind { get; }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256);
        writer.WriteHeader(TypeTag.Governance, FormatVersion);
        writer.WriteByte((byte)Kind);
        WriteFields(writer);
        return writer.ToArray();
    }

    public static GovernanceAction Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        reader.ReadHeader(TypeTag.Governance, FormatVersion);
        var start = reader.Offset;
        GovernanceAction action = reader.ReadEnum<GovernanceKind>("governance action") switch
        {
            GovernanceKind.AddMember => new AddMember(MemberInfo.Read(ref reader)),
            GovernanceKind.RemoveMember => new RemoveMember(reader.ReadString()),
            GovernanceKind.RotateKey => new RotateKey(reader.ReadString(), reader.ReadPublicKey()),
            GovernanceKind.ChangeParameter => new ChangeParameter(reader.ReadString(), reader.ReadString()),
            GovernanceKind.Redact => new Redact(reader.ReadDigest(), reader.ReadString()),
            GovernanceKind.AddValidator => new AddValidator(reader.ReadString(), reader.ReadInt64()),
            GovernanceKind.RemoveValidator => new RemoveValidator(reader.ReadString()),
            var kind => throw new CanonicalFormatException(start, $"governance action {kind} has no decoder"),
        };
        reader.RequireEnd();
        if (action.Check() is { } problem)
        {
            throw new CanonicalFormatException(start, problem);
        }
        return action;
    }

    /// <summary>Null when the action is well formed, else what is wrong.</summary>
    public abstract string? Check();

    protected abstract void WriteFields(CanonicalWriter writer);

    private protected static string? CheckId(string what, string value) =>
        LedgerText.IsId(value) ? null : $"{what} '{value}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
}

/// <summary>Admits a member organisation with its ledger key, roles and node address.</summary>
public sealed record AddMember(MemberInfo Member) : GovernanceAction
{
    public override GovernanceKind Kind => GovernanceKind.AddMember;

    public override string? Check() => Member.Check(Member.PublicKey.Algorithm);

    protected override void WriteFields(CanonicalWriter writer) => Member.Write(writer);
}

/// <summary>Gives a member a validator seat (or changes its power), effective after the validator change delay.</summary>
public sealed record AddValidator(string MemberId, long Power) : GovernanceAction
{
    public override GovernanceKind Kind => GovernanceKind.AddValidator;

    public override string? Check() =>
        CheckId("member", MemberId) ?? (Power is < 1 or > Consensus.ValidatorSet.MaxTotalPower / LedgerLimits.MaxValidators ? $"validator power must be 1..{Consensus.ValidatorSet.MaxTotalPower / LedgerLimits.MaxValidators}" : null);

    protected override void WriteFields(CanonicalWriter writer)
    {
        writer.WriteString(MemberId);
        writer.WriteInt64(Power);
    }
}

/// <summary>Takes a member's validator seat away, effective after the validator change delay; it stays a member.</summary>
public sealed record RemoveValidator(string MemberId) : GovernanceAction
{
    public override GovernanceKind Kind => GovernanceKind.RemoveValidator;

    public override string? Check() => CheckId("member", MemberId);

    protected override void WriteFields(CanonicalWriter writer) => writer.WriteString(MemberId);
}

/// <summary>Removes a member; its earlier batches stay on the ledger and stay verifiable.</summary>
public sealed record RemoveMember(string MemberId) : GovernanceAction
{
    public override GovernanceKind Kind => GovernanceKind.RemoveMember;

    public override string? Check() => CheckId("member", MemberId);

    protected override void WriteFields(CanonicalWriter writer) => writer.WriteString(MemberId);
}

/// <summary>Replaces a member's ledger key: for batches and approvals from the next block on, for votes after the validator change delay.</summary>
public sealed record RotateKey(string MemberId, PublicKey NewKey) : GovernanceAction
{
    public override GovernanceKind Kind => GovernanceKind.RotateKey;

    public override string? Check() => CheckId("member", MemberId);

    protected override void WriteFields(CanonicalWriter writer)
    {
        writer.WriteString(MemberId);
        writer.WritePublicKey(NewKey);
    }
}

/// <summary>Sets a named consensus parameter (one of <see cref="ConsensusParameters.Names"/>) to a value in its text form.</summary>
public sealed record ChangeParameter(string Name, string Value) : GovernanceAction
{
    public override GovernanceKind Kind => GovernanceKind.ChangeParameter;

    public override string? Check() =>
        CheckId("parameter", Name) ?? (Value.Length > LedgerLimits.MaxReasonChars ? $"parameter value is over {LedgerLimits.MaxReasonChars} characters" : null);

    protected override void WriteFields(CanonicalWriter writer)
    {
        writer.WriteString(Name);
        writer.WriteString(Value);
    }
}

/// <summary>
/// Deletes the payload of one event from every node's store, keeping its leaf hash so the chain
/// still verifies; the event's proof then says "redacted".
/// </summary>
public sealed record Redact(Digest EventId, string Reason) : GovernanceAction
{
    public override GovernanceKind Kind => GovernanceKind.Redact;

    public override string? Check() =>
        Reason.Length is 0 or > LedgerLimits.MaxReasonChars ? $"a redaction states its reason in 1..{LedgerLimits.MaxReasonChars} characters" : null;

    protected override void WriteFields(CanonicalWriter writer)
    {
        writer.WriteDigest(EventId);
        writer.WriteString(Reason);
    }
}
