using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using TradeChain.Primitives.Merkle;
using TradeChain.Trade.Events;

namespace TradeChain.Trade.Batches;

/// <summary>One named step of a proof check and what it found.</summary>
public sealed record ProofCheck(string Name, bool Passed, string Detail);

/// <summary>The outcome of checking an <see cref="EventProof"/>: every step, in order, and the event when it could be read.</summary>
public sealed record ProofReport(IReadOnlyList<ProofCheck> Checks, TradeEvent? Event)
{
    public bool IsValid => Checks.Count > 0 && Checks.All(c => c.Passed);

    public ProofCheck? FirstFailure => Checks.FirstOrDefault(c => !c.Passed);
}

/// <summary>
/// Checks an event proof step by step and says precisely which step fails. Pure: no I/O, no
/// clock. Later layers add the block and its commit certificate on top of these steps.
/// </summary>
public static class EventProofVerifier
{
    /// <param name="proof">The proof to check.</param>
    /// <param name="expectedSignerKey">
    /// The member's key as the verifier knows it (from the genesis or the member). Without it the
    /// signature is only checked against the key the proof carries, and the report says so.
    /// </param>
    public static ProofReport Verify(EventProof proof, PublicKey? expectedSignerKey = null)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var checks = new List<ProofCheck>();
        var header = proof.Header;
        var suite = CryptoSuites.Get(header.Suite);
        TradeEvent? tradeEvent = null;

        if (proof.EncodedEvent is { } encoded)
        {
            try
            {
                tradeEvent = TradeEventCodec.Decode(encoded.Span);
                checks.Add(new("event-decodes", true, $"{tradeEvent.EventType} {tradeEvent.SourceSystem}/{tradeEvent.SourceReference}"));
            }
            catch (CanonicalFormatException e)
            {
                checks.Add(new("event-decodes", false, $"event bytes are not a canonical trade event: {e.Message}"));
            }
            var leafHash = MerkleTree.LeafHash(suite, encoded.Span);
            checks.Add(leafHash.Equals(proof.LeafHash)
                ? new("leaf-hash", true, leafHash.ToString())
                : new("leaf-hash", false, $"event bytes hash to leaf {leafHash}, proof states {proof.LeafHash}"));
        }
        else
        {
            checks.Add(new("event-redacted", true, $"event payload was redacted; leaf hash {proof.LeafHash} stands in for it"));
        }

        if (tradeEvent is not null)
        {
            checks.Add(tradeEvent.MemberId == header.MemberId && tradeEvent.Feed == header.Feed
                ? new("event-in-member-feed", true, $"member '{header.MemberId}', feed {header.Feed}")
                : new("event-in-member-feed", false, $"event is member '{tradeEvent.MemberId}' feed {tradeEvent.Feed}; batch is member '{header.MemberId}' feed {header.Feed}"));
        }

        checks.Add(proof.Path.LeafCount == header.EventCount
            ? new("leaf-count", true, $"leaf {proof.Path.LeafIndex} of {header.EventCount}")
            : new("leaf-count", false, $"proof is for a tree of {proof.Path.LeafCount} leaves, the signed header says {header.EventCount} events"));

        checks.Add(MerkleTree.Verify(suite, proof.LeafHash, proof.Path, header.EventsRoot)
            ? new("merkle-path", true, $"path of {proof.Path.Path.Count} hashes reaches the signed root {header.EventsRoot}")
            : new("merkle-path", false, $"path from leaf {proof.Path.LeafIndex} does not reach the signed events root {header.EventsRoot}"));

        if (proof.Signature.Algorithm != suite.SignatureAlgorithm || proof.SignerKey.Algorithm != suite.SignatureAlgorithm)
        {
            checks.Add(new("batch-signature", false, $"suite {AlgorithmNames.Of(suite.Id)} signs with {AlgorithmNames.Of(suite.SignatureAlgorithm)}; proof has signature {AlgorithmNames.Of(proof.Signature.Algorithm)} and key {AlgorithmNames.Of(proof.SignerKey.Algorithm)}"));
        }
        else
        {
            checks.Add(suite.Verify(proof.SignerKey, header.Encode(), proof.Signature)
                ? new("batch-signature", true, $"{AlgorithmNames.Of(proof.Signature.Algorithm)} signature over the batch header verifies")
                : new("batch-signature", false, "the signature does not verify over the batch header under the signer key"));
        }

        if (expectedSignerKey is null)
        {
            checks.Add(new("signer-key", true, $"not pinned: the signature was checked against the key inside the proof ({KeyFingerprint(suite, proof.SignerKey)}); pass the member's key to pin it"));
        }
        else
        {
            checks.Add(expectedSignerKey.Equals(proof.SignerKey)
                ? new("signer-key", true, $"the proof's signer key is the expected member key {KeyFingerprint(suite, expectedSignerKey)}")
                : new("signer-key", false, $"the proof is signed by key {KeyFingerprint(suite, proof.SignerKey)}, expected member key {KeyFingerprint(suite, expectedSignerKey)}"));
        }
        return new ProofReport(checks, tradeEvent);
    }

    /// <summary>A short, stable name for a key: the first 8 bytes of the hash of its SPKI.</summary>
    public static string KeyFingerprint(ICryptoSuite suite, PublicKey key) =>
        $"{AlgorithmNames.Of(suite.HashAlgorithm)}:{suite.Hash(key.Spki).ToHex()[..16]}";
}
