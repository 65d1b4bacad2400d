using TradeChain.Ledger.Audit;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Governance;
using TradeChain.Node.Client.Grpc;
using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Validation;

namespace TradeChain.Node.Mempool;

/// <summary>Why a transaction may not enter the ledger: a code clients can act on and a sentence that names the problem.</summary>
public sealed record Rejection(RejectionCode Code, string Reason)
{
    public override string ToString() => $"{Code}: {Reason}";
}

/// <summary>
/// The checks a transaction must pass to enter the mempool and, again on every validator, to be
/// in a block: pure functions of the transaction, the chain's membership and a clock value
/// (the local clock at submission; the block's timestamp when validating a block, so every
/// validator judges alike).
/// </summary>
public static class Admission
{
    private static readonly TradeEventValidator EventValidator = new();

    /// <summary>An event batch transaction for a submitted batch: its timestamp is the batch's creation time, so resubmitting yields the same transaction id.</summary>
    public static Transaction TransactionFor(EventBatch batch) => Transaction.ForBatch(batch, batch.Header.CreatedAtMs);

    /// <summary>A governance transaction for a submitted proposal: sender is the first approver, time the proposal's, so the id is stable.</summary>
    public static Transaction TransactionFor(SignedGovernance governance) =>
        governance.ToTransaction(governance.Approvals[0].MemberId, governance.Proposal.ProposedAtMs);

    /// <summary>Decodes a submitted batch; null and the rejection when it is not a canonical batch within limits.</summary>
    public static EventBatch? DecodeBatch(ReadOnlySpan<byte> encoded, out Rejection? rejection)
    {
        if (encoded.Length > EventBatch.MaxEncodedBytes)
        {
            rejection = new(RejectionCode.TooLarge, $"batch is {encoded.Length} bytes; at most {EventBatch.MaxEncodedBytes}");
            return null;
        }
        try
        {
            rejection = null;
            return EventBatch.Decode(encoded);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            rejection = new(RejectionCode.Malformed, $"not a canonical event batch: {e.Message}");
            return null;
        }
    }

    /// <summary>Null when <paramref name="batch"/> may be on this chain now; else the first problem.</summary>
    public static Rejection? CheckBatch(EventBatch batch, ChainMembership membership, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(membership);
        var header = batch.Header;
        var chainSuite = membership.Configuration.Suite;
        if (header.Suite != chainSuite || batch.SignerKey.Algorithm != CryptoSuites.Get(chainSuite).SignatureAlgorithm)
        {
            return new(RejectionCode.WrongSuite, $"batch is under suite {AlgorithmNames.Of(header.Suite)} with a {AlgorithmNames.Of(batch.SignerKey.Algorithm)} key; this chain is {AlgorithmNames.Of(chainSuite)}");
        }
        if (membership.KeyOf(header.MemberId) is not { } memberKey)
        {
            return new(RejectionCode.UnknownMember, $"'{header.MemberId}' is not a member of chain '{membership.Configuration.ChainId}'");
        }
        if (!memberKey.Equals(batch.SignerKey))
        {
            return new(RejectionCode.KeyNotCurrent, $"the batch is signed with key {EventProofVerifier.KeyFingerprint(CryptoSuites.Get(chainSuite), batch.SignerKey)}; member '{header.MemberId}''s current key is {EventProofVerifier.KeyFingerprint(CryptoSuites.Get(chainSuite), memberKey)}");
        }
        if (!CryptoSuites.Get(chainSuite).Verify(memberKey, header.Encode(), batch.Signature))
        {
            return new(RejectionCode.BadSignature, $"the batch signature does not verify over the batch header under member '{header.MemberId}''s key");
        }
        if (batch.Verify() is { Count: > 0 } problems)
        {
            return new(RejectionCode.Malformed, string.Join("; ", problems));
        }
        for (var i = 0; i < batch.Events.Count; i++)
        {
            if (EventValidator.Validate(batch.Events[i], now) is { Count: > 0 } errors)
            {
                return new(RejectionCode.InvalidEvent, $"event {i} ({batch.Events[i].SourceSystem}/{batch.Events[i].SourceReference}): {errors[0]}");
            }
        }
        return null;
    }

    /// <summary>Decodes a submitted governance transaction and checks it against the membership now.</summary>
    public static SignedGovernance? DecodeGovernance(ReadOnlySpan<byte> encoded, ChainMembership membership, out Rejection? rejection)
    {
        if (encoded.Length > LedgerLimits.MaxControlDataBytes)
        {
            rejection = new(RejectionCode.TooLarge, $"governance proposal is {encoded.Length} bytes; at most {LedgerLimits.MaxControlDataBytes}");
            return null;
        }
        SignedGovernance signed;
        try
        {
            signed = SignedGovernance.Decode(encoded);
        }
        catch (FormatException e)
        {
            rejection = new(RejectionCode.Malformed, $"not a signed governance proposal: {e.Message}");
            return null;
        }
        if (signed.Approvals.Count == 0)
        {
            rejection = new(RejectionCode.Governance, "the proposal has no approvals");
            return null;
        }
        if (membership.Check(signed, TransactionFor(signed)) is { } problem)
        {
            rejection = new(RejectionCode.Governance, problem);
            return null;
        }
        rejection = null;
        return signed;
    }

    /// <summary>Decodes a submitted audit anchor and checks it against the configuration now (chain, member, current key).</summary>
    public static SignedAuditAnchor? DecodeAuditAnchor(ReadOnlySpan<byte> encoded, ChainMembership membership, out Rejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(membership);
        if (encoded.Length > LedgerLimits.MaxControlDataBytes)
        {
            rejection = new(RejectionCode.TooLarge, $"audit anchor is {encoded.Length} bytes; at most {LedgerLimits.MaxControlDataBytes}");
            return null;
        }
        SignedAuditAnchor signed;
        try
        {
            signed = SignedAuditAnchor.Decode(encoded);
        }
        catch (FormatException e)
        {
            rejection = new(RejectionCode.Malformed, $"not a signed audit anchor: {e.Message}");
            return null;
        }
        if (signed.Reject(membership.Configuration, signed.ToTransaction()) is { } problem)
        {
            rejection = new(RejectionCode.AuditAnchor, problem);
            return null;
        }
        rejection = null;
        return signed;
    }

    /// <summary>Transaction ids read from client text ("sm3:…"); null when malformed.</summary>
    public static Digest? ParseDigest(string text)
    {
        try
        {
            return Digest.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A stored block, decoded; null when the bytes are not one (a peer sent garbage).</summary>
    public static Block? TryDecodeBlock(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Block.Decode(bytes);
        }
        catch (CanonicalFormatException)
        {
            return null;
        }
    }
}
