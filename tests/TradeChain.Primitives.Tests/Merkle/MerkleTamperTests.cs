using TradeChain.Crypto;
using TradeChain.Primitives.Merkle;
using Xunit;

namespace TradeChain.Primitives.Tests.Merkle;

/// <summary>
/// Any change to what a verifier is given makes Verify return false: a flipped bit anywhere, a
/// different index, a different count (unless it has the very same proof shape, see below), a
/// path element dropped, added, swapped or relabelled. Verify never throws for bad input.
/// </summary>
[Trait("Category", "Merkle")]
public sealed class MerkleTamperTests
{
    public static TheoryData<SuiteId, int> SmallTrees()
    {
        var data = new TheoryData<SuiteId, int>();
        foreach (var id in new[] { SuiteId.Sm, SuiteId.Intl })
        {
            for (var n = 1; n <= 9; n++)
            {
                data.Add(id, n);
            }
        }
        return data;
    }

    public static TheoryData<SuiteId, int> LargerTrees => new()
    {
        { SuiteId.Sm, 16 }, { SuiteId.Intl, 17 }, { SuiteId.Sm, 31 }, { SuiteId.Intl, 33 }, { SuiteId.Sm, 64 }, { SuiteId.Intl, 65 }, { SuiteId.Sm, 100 },
    };

    private static readonly int[] AllBits = [.. Enumerable.Range(0, Digest.SizeBytes * 8)];
    private static readonly int[] SomeBits = [0, 1, 7, 8, 100, 128, 254, 255];

    [Theory]
    [MemberData(nameof(SmallTrees))]
    public void Every_tampering_fails_in_small_trees_flipping_every_bit(SuiteId id, int n) =>
        CheckEveryLeaf(MerkleTestData.Suite(id), n, AllBits, Enumerable.Range(0, n));

    [Theory]
    [MemberData(nameof(LargerTrees))]
    public void Every_tampering_fails_in_larger_trees(SuiteId id, int n) =>
        CheckEveryLeaf(MerkleTestData.Suite(id), n, SomeBits, new[] { 0, 1, n / 2, n - 2, n - 1 }.Where(i => i >= 0).Distinct());

    private static void CheckEveryLeaf(ICryptoSuite suite, int n, int[] bits, IEnumerable<int> leafIndices)
    {
        var leaves = MerkleTestData.Leaves(n);
        var tree = MerkleTestData.Tree(suite, leaves);
        var root = tree.Root;
        var foreign = suite.Hash("not in this tree"u8);

        foreach (var i in leafIndices)
        {
            var leaf = MerkleTree.LeafHash(suite, leaves[i]);
            var proof = tree.Prove(i);
            var path = proof.Path.ToList();
            bool Verify(Digest leafHash, long index, long count, IReadOnlyList<Digest> p, Digest r) =>
                MerkleTree.Verify(suite, leafHash, new MerkleProof(index, count, p), r);
            void Rejected(bool verified, string what) => Assert.False(verified, $"{suite.Id} n={n} leaf {i}: accepted with {what}");

            Assert.True(Verify(leaf, i, n, path, root), $"genuine proof of leaf {i} of {n} rejected");

            foreach (var bit in bits)
            {
                Rejected(Verify(Flip(leaf, bit), i, n, path, root), $"leaf hash bit {bit} flipped");
                Rejected(Verify(leaf, i, n, path, Flip(root, bit)), $"root bit {bit} flipped");
                for (var e = 0; e < path.Count; e++)
                {
                    Rejected(Verify(leaf, i, n, [.. path.Take(e), Flip(path[e], bit), .. path.Skip(e + 1)], root), $"path[{e}] bit {bit} flipped");
                }
            }

            for (var j = 0; j < n; j++)
            {
                if (j != i)
                {
                    Rejected(Verify(leaf, j, n, path, root), $"leaf index {j}");
                }
            }
            foreach (var j in new long[] { -1, n, n + 1, long.MaxValue, long.MinValue })
            {
                Rejected(Verify(leaf, j, n, path, root), $"leaf index {j}");
            }

            // A different count is rejected unless RFC 6962 gives (i, c) the very same proof shape as
            // (i, n): then the verifier computes the same hashes and cannot tell (RFC 9162 §2.1.3.2
            // binds the count only through the shape). The count must come from the signed header.
            var shape = ReferenceMerkle.Shape(i, n);
            for (var c = i + 1; c <= (2 * n) + 2; c++)
            {
                if (c != n)
                {
                    var sameShape = ReferenceMerkle.Shape(i, c).SequenceEqual(shape);
                    Assert.True(sameShape == Verify(leaf, i, c, path, root), $"{suite.Id} n={n} leaf {i}: count {c} (same shape: {sameShape})");
                }
            }
            foreach (var c in new long[] { 0, -1, i, long.MaxValue, long.MinValue })
            {
                if (c != n)
                {
                    Rejected(Verify(leaf, i, c, path, root), $"leaf count {c}");
                }
            }

            for (var e = 0; e < path.Count; e++)
            {
                Rejected(Verify(leaf, i, n, [.. path.Take(e), .. path.Skip(e + 1)], root), $"path[{e}] dropped");
            }
            for (var e = 0; e <= path.Count; e++)
            {
                Rejected(Verify(leaf, i, n, [.. path.Take(e), foreign, .. path.Skip(e)], root), $"a foreign hash inserted at {e}");
                Rejected(Verify(leaf, i, n, [.. path.Take(e), root, .. path.Skip(e)], root), $"the root inserted at {e}");
                Rejected(Verify(leaf, i, n, [.. path.Take(e), leaf, .. path.Skip(e)], root), $"the leaf inserted at {e}");
            }
            for (var e = 0; e + 1 < path.Count; e++)
            {
                Rejected(Verify(leaf, i, n, [.. path.Take(e), path[e + 1], path[e], .. path.Skip(e + 2)], root), $"path[{e}] and path[{e + 1}] swapped");
            }
            for (var e = 0; e < path.Count; e++)
            {
                Rejected(Verify(leaf, i, n, [.. path.Take(e), Relabel(path[e]), .. path.Skip(e + 1)], root), $"path[{e}] relabelled with the other algorithm");
            }
            Rejected(Verify(Relabel(leaf), i, n, path, root), "the leaf hash relabelled");
            Rejected(Verify(leaf, i, n, path, Relabel(root)), "the root relabelled");
            if (n > 1)
            {
                Rejected(Verify(leaf, i, n, [], root), "an empty path");
                Rejected(Verify(root, 0, 1, [], leaf), "the root offered as a one-leaf tree against the leaf");
            }
        }
    }

    [Fact]
    public void A_proof_longer_than_64_elements_is_rejected_without_hashing_it()
    {
        var suite = CryptoSuites.Intl;
        var leaf = MerkleTree.LeafHash(suite, [1]);
        var path = Enumerable.Repeat(leaf, MerkleTree.MaxPathLength + 1).ToList();
        Assert.False(MerkleTree.Verify(suite, leaf, new MerkleProof(0, long.MaxValue, path), leaf));
    }

    [Fact]
    public void Verify_follows_rfc_9162_on_leaf_count_alone_same_shape_counts_verify()
    {
        // Leaf 0 of 8 has the path [l1, n23, n4567]; for sizes 5..7 leaf 0 has that shape too, so
        // the same (leaf, path, root) verifies with any of those counts. The root still commits
        // to all 8 leaves: what a caller must not do is trust a count that came with the proof.
        var suite = CryptoSuites.Intl;
        var leaves = MerkleTestData.Leaves(8);
        var tree = MerkleTestData.Tree(suite, leaves);
        var proof = tree.Prove(0);
        var leaf = MerkleTree.LeafHash(suite, leaves[0]);

        foreach (var claimed in new[] { 5, 6, 7 })
        {
            Assert.True(MerkleTree.Verify(suite, leaf, proof with { LeafCount = claimed }, tree.Root));
            // ...but never against the real root of a tree of the claimed size.
            Assert.False(MerkleTree.Verify(suite, leaf, proof with { LeafCount = claimed }, MerkleTestData.Tree(suite, leaves.Take(claimed)).Root));
        }
        Assert.False(MerkleTree.Verify(suite, leaf, proof with { LeafCount = 4 }, tree.Root));
        Assert.False(MerkleTree.Verify(suite, leaf, proof with { LeafCount = 9 }, tree.Root));
    }

    private static Digest Flip(Digest d, int bit)
    {
        var bytes = d.Bytes.ToArray();
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return new Digest(d.Algorithm, bytes);
    }

    private static Digest Relabel(Digest d) =>
        new(d.Algorithm == HashAlgorithm.Sm3 ? HashAlgorithm.Sha256 : HashAlgorithm.Sm3, d.Bytes);
}
