using TradeChain.Crypto;
using TradeChain.Primitives.Merkle;
using TradeChain.Trade.Batches;

namespace TradeChain.Trade.Tests.Batches;

[Trait("Category", "Batches")]
public sealed class EventProofTests
{
    private static readonly ISigningKey Key = CryptoSuites.Sm.GenerateSigningKey();
    private static readonly EventBatch Batch = BatchFixtures.Sign(CryptoSuites.Sm, Key, 11);

    [Fact]
    public void a_changed_event_byte_is_reported_as_a_leaf_hash_mismatch()
    {
        var proof = Batch.ProveEvent(4);
        var bytes = proof.EncodedEvent!.Value.ToArray();
        bytes[^1] ^= 0x20;

        var report = EventProofVerifier.Verify(proof with { EncodedEvent = bytes });

        Assert.False(report.IsValid);
        Assert.Contains(report.Checks, c => c is { Name: "leaf-hash", Passed: false });
    }

    [Fact]
    public void a_proof_moved_to_another_leaf_index_fails_the_merkle_path()
    {
        var proof = Batch.ProveEvent(4);

        var report = EventProofVerifier.Verify(proof with { Path = proof.Path with { LeafIndex = 5 } });

        Assert.Equal("merkle-path", report.FirstFailure!.Name);
    }

    [Fact]
    public void a_proof_with_a_changed_path_hash_fails_the_merkle_path()
    {
        var proof = Batch.ProveEvent(9);
        var path = proof.Path.Path.ToArray();
        var bytes = path[1].Bytes.ToArray();
        bytes[0] ^= 0x80;
        path[1] = new Digest(path[1].Algorithm, bytes);

        var report = EventProofVerifier.Verify(proof with { Path = proof.Path with { Path = path } });

        Assert.Equal("merkle-path", report.FirstFailure!.Name);
    }

    [Fact]
    public void a_proof_claiming_another_leaf_count_is_named()
    {
        var proof = Batch.ProveEvent(0);

        var report = EventProofVerifier.Verify(proof with { Path = proof.Path with { LeafCount = 12 } });

        Assert.Contains(report.Checks, c => c is { Name: "leaf-count", Passed: false });
    }

    [Fact]
    public void a_header_edited_after_signing_fails_the_signature()
    {
        var proof = Batch.ProveEvent(0);

        var report = EventProofVerifier.Verify(proof with { Header = proof.Header with { CreatedAtMs = proof.Header.CreatedAtMs + 1 } });

        Assert.Equal("batch-signature", report.FirstFailure!.Name);
    }

    [Fact]
    public void a_redacted_event_still_proves_its_leaf()
    {
        var proof = Batch.ProveEvent(3);

        var report = EventProofVerifier.Verify(proof with { EncodedEvent = null }, Key.PublicKey);

        Assert.True(report.IsValid, report.FirstFailure?.Detail);
        Assert.Null(report.Event);
        Assert.Contains(report.Checks, c => c.Name == "event-redacted");
    }

    [Fact]
    public void an_unpinned_proof_says_the_key_was_not_checked_against_the_member()
    {
        var report = EventProofVerifier.Verify(Batch.ProveEvent(1));

        Assert.True(report.IsValid);
        Assert.Contains("not pinned", report.Checks.Single(c => c.Name == "signer-key").Detail);
    }

    [Fact]
    public void every_leaf_proof_matches_the_merkle_tree_built_from_the_batch()
    {
        var suite = CryptoSuites.Sm;
        for (var i = 0; i < Batch.Events.Count; i++)
        {
            var proof = Batch.ProveEvent(i);
            Assert.True(MerkleTree.Verify(suite, proof.LeafHash, proof.Path, Batch.Header.EventsRoot));
        }
    }
}
