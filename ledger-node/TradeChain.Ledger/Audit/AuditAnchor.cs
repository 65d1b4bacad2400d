using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger.Audit;

/// <summary>
/// A member API's claim about its hash-chained audit log: after <see cref="Records"/> records the
/// chain's head hash was <see cref="HeadHash"/>. Once on the ledger, rewriting or truncating the
/// log before that record shows against it. The chain id keeps a claim from being replayed on
/// another network; the instance id tells apart several APIs of one member.
/// </summary>
public sealed record AuditAnchor(string ChainId, string MemberId, string InstanceId, long Records, byte[] HeadHash, long AnchoredAtMs)
{
    public const byte FormatVersion = 1;

    /// <summary>The audit log hashes records with SHA-256 whatever the ledger's suite.</summary>
    public const int HeadHashBytes = 32;

    public string? Check() =>
        !LedgerText.IsId(ChainId) ? $"chain id '{ChainId}' is not an id of 1..{LedgerLimits.MaxIdChars} characters"
        : !LedgerText.IsId(MemberId) ? $"member id '{MemberId}' is not an id of 1..{LedgerLimits.MaxIdChars} characters"
        : !LedgerText.IsId(InstanceId) ? $"instance id '{InstanceId}' is not an id of 1..{LedgerLimits.MaxIdChars} characters"
        : Records < 1 ? $"an anchor covers at least one record, got {Records}"
        : HeadHash is not { Length: HeadHashBytes } ? $"the head hash is {HeadHash?.Length ?? 0} bytes; expected {HeadHashBytes}"
        : AnchoredAtMs < 0 ? $"anchor time {AnchoredAtMs} ms is before 1970"
        : null;

    /// <summary>header(AuditAnchor, 1); chain id; member id; instance id; records i64; head hash bytes; anchored-at ms i64. What the member signs.</summary>
    public byte[] Encode()
    {
        if (Check() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        var writer = new CanonicalWriter(192);
        writer.WriteHeader(TypeTag.AuditAnchor, FormatVersion);
        writer.WriteString(ChainId);
        writer.WriteString(MemberId);
        writer.WriteString(InstanceId);
        writer.WriteInt64(Records);
        writer.WriteBytes(HeadHash);
        writer.WriteInt64(AnchoredAtMs);
        return writer.ToArray();
    }

    public static AuditAnchor Read(ref CanonicalReader reader)
    {
        reader.ReadHeader(TypeTag.AuditAnchor, FormatVersion);
        var start = reader.Offset;
        var anchor = new AuditAnchor(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadBytes().ToArray(), reader.ReadInt64());
        return anchor.Check() is { } problem ? throw new CanonicalFormatException(start, problem) : anchor;
    }

    /// <summary>Signs the claim with the member's ledger key.</summary>
    public SignedAuditAnchor Sign(ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SignedAuditAnchor(this, key.Sign(Encode()));
    }
}

/// <summary>The data of a <see cref="TransactionType.AuditAnchor"/> transaction: the claim and its member's signature over the claim's encoding.</summary>
public sealed record SignedAuditAnchor(AuditAnchor Anchor, Signature Signature)
{
    public const byte FormatVersion = 1;

    /// <summary>header(SignedAuditAnchor, 1); claim (its own encoding, inline); signature.</summary>
    public byte[] Encode()
    {
        var claim = Anchor.Encode();
        var writer = new CanonicalWriter(claim.Length + 160);
        writer.WriteHeader(TypeTag.SignedAuditAnchor, FormatVersion);
        writer.WriteBytes(claim);
        writer.WriteSignature(Signature);
        return writer.ToArray();
    }

    public static SignedAuditAnchor Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        reader.ReadHeader(TypeTag.SignedAuditAnchor, FormatVersion);
        var claimReader = new CanonicalReader(reader.ReadBytes());
        var anchor = AuditAnchor.Read(ref claimReader);
        claimReader.RequireEnd();
        var signature = reader.ReadSignature();
        reader.RequireEnd();
        return new SignedAuditAnchor(anchor, signature);
    }

    /// <summary>The one transaction that carries this anchor: signed and sent by its member, dated when anchored.</summary>
    public Transaction ToTransaction() =>
        new(TransactionType.AuditAnchor, [Anchor.MemberId], Anchor.AnchoredAtMs, Anchor.MemberId, "ledger", Encode(), "");

    /// <summary>
    /// Why the ledger refuses this anchor, or null: it names this chain, its member is a current
    /// member, the signature verifies under that member's current key, and <paramref name="transaction"/>
    /// is exactly <see cref="ToTransaction"/> (so sender, time and memo cannot be swapped under the signature).
    /// </summary>
    public string? Reject(NetworkConfiguration configuration, Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(transaction);
        if (Anchor.ChainId != configuration.ChainId)
        {
            return $"the anchor is for chain '{Anchor.ChainId}', this is '{configuration.ChainId}'";
        }
        if (configuration.Member(Anchor.MemberId) is not { } member)
        {
            return $"'{Anchor.MemberId}' is not a member";
        }
        var suite = CryptoSuites.Get(configuration.Suite);
        if (!suite.Verify(member.PublicKey, Anchor.Encode(), Signature))
        {
            return $"the anchor's signature does not verify under member '{Anchor.MemberId}''s current key";
        }
        return ToTransaction().ComputeId(suite).Equals(transaction.ComputeId(suite)) ? null : "not the canonical transaction of its anchor (sender, time or memo differ)";
    }
}
