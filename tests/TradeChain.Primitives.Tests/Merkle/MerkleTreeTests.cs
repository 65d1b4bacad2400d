using TradeChain.Testing;
using FsCheck.Fluent;
using TradeChain.Crypto;
using TradeChain.Primitives.Merkle;
using Xunit;

namespace TradeChain.Primitives.Tests.Merkle;

internal static class MerkleTestData
{
    public static ICryptoSuite Suite(SuiteId id) => id == SuiteId.Sm ? CryptoSuites.Sm : CryptoSuites.Intl;

    /// <summary>Distinct leaves of varying length.</summary>
    public static byte[] LeafData(int i) => [.. BitConverter.GetBytes(i), .. Enumerable.Repeat((byte)(i * 31), i % 7)];

    public static List<byte[]> Leaves(int n) => [.. Enumerable.Range(0, n).Select(LeafData)];

    public static MerkleTree Tree(ICryptoSuite suite, IEnumerable<byte[]> leaves) =>
        MerkleTree.FromLeafData(suite, leaves.Select(l => (ReadOnlyMemory<byte>)l));

    public static List<string> Hex(IEnumerable<Digest> digests) => [.. digests.Select(d => d.ToHex())];

    public static List<string> Hex(IEnumerable<byte[]> hashes) => [.. hashes.Select(Convert.ToHexStringLower)];
}

/// <summary>MerkleTree against the literal RFC 6962 reference: roots, every proof, both suites.</summary>
[Trait("Category", "Merkle")]
public sealed class MerkleTreeTests
{
    public static TheoryData<SuiteId> Suites => new() { SuiteId.Sm, SuiteId.Intl };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Root_and_every_proof_match_the_reference_for_every_size_0_to_70(SuiteId id)
    {
        var suite = MerkleTestData.Suite(id);
        for (var n = 0; n <= 70; n++)
        {
            CheckAgainstReference(suite, n);
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Root_and_every_proof_match_the_reference_for_random_sizes_up_to_2000(SuiteId id) =>
        PropertyCheck.ForAll(Gen.Choose(71, 2000), 4, n => CheckAgainstReference(MerkleTestData.Suite(id), n));

    [Theory]
    [InlineData(SuiteId.Sm, 1024)]
    [InlineData(SuiteId.Intl, 1025)]
    [InlineData(SuiteId.Sm, 2000)]
    public void Power_of_two_edges_and_the_largest_size_match_the_reference(SuiteId id, int n) =>
        CheckAgainstReference(MerkleTestData.Suite(id), n);

    private static void CheckAgainstReference(ICryptoSuite suite, int n)
    {
        var leaves = MerkleTestData.Leaves(n);
        var reference = new ReferenceMerkle(suite, leaves);
        var tree = MerkleTestData.Tree(suite, leaves);

        Assert.Equal(n, tree.LeafCount);
        Assert.Equal(suite.HashAlgorithm, tree.Root.Algorithm);
        Assert.True(Convert.ToHexStringLower(reference.Root) == tree.Root.ToHex(), $"root differs from RFC 6962 MTH at n = {n} ({suite.Id})");

        // Building from leaf hashes gives the same tree as building from data.
        var fromHashes = new MerkleTree(suite, [.. Enumerable.Range(0, n).Select(i => new Digest(suite.HashAlgorithm, reference.LeafHashOf(i)))]);
        Assert.Equal(tree.Root, fromHashes.Root);

        for (var i = 0; i < n; i++)
        {
            var proof = tree.Prove(i);
            Assert.Equal(i, proof.LeafIndex);
            Assert.Equal(n, proof.LeafCount);
            Assert.All(proof.Path, d => Assert.Equal(suite.HashAlgorithm, d.Algorithm));
            var expected = MerkleTestData.Hex(reference.Path(i));
            var actual = MerkleTestData.Hex(proof.Path);
            Assert.True(expected.SequenceEqual(actual), $"PATH({i}, D[{n}]) differs ({suite.Id}): expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");

            var leafHash = MerkleTree.LeafHash(suite, leaves[i]);
            Assert.Equal(reference.LeafHashOf(i), leafHash.Bytes.ToArray());
            Assert.True(MerkleTree.Verify(suite, leafHash, proof, tree.Root), $"proof of leaf {i} of {n} does not verify ({suite.Id})");
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void An_empty_tree_has_the_empty_hash_as_root_and_no_proofs(SuiteId id)
    {
        var suite = MerkleTestData.Suite(id);
        var tree = new MerkleTree(suite, []);

        Assert.Equal(0, tree.LeafCount);
        Assert.Equal(suite.Hash([]), tree.Root);
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Prove(0));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void One_leaf_has_an_empty_path_and_its_leaf_hash_is_the_root(SuiteId id)
    {
        var suite = MerkleTestData.Suite(id);
        byte[] data = [1, 2, 3];
        var tree = MerkleTestData.Tree(suite, [data]);
        var leafHash = MerkleTree.LeafHash(suite, data);

        Assert.Equal(leafHash, tree.Root);
        Assert.Equal(suite.Hash([0x00, 1, 2, 3]), leafHash);
        var proof = tree.Prove(0);
        Assert.Empty(proof.Path);
        Assert.Equal(1, proof.LeafCount);
        Assert.True(MerkleTree.Verify(suite, leafHash, proof, tree.Root));
        Assert.False(MerkleTree.Verify(suite, suite.Hash(data), proof, tree.Root)); // the unprefixed hash is not the leaf
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Two_and_three_leaves_have_the_rfc_shape(SuiteId id)
    {
        var suite = MerkleTestData.Suite(id);
        var l = Enumerable.Range(0, 3).Select(i => MerkleTree.LeafHash(suite, MerkleTestData.LeafData(i))).ToArray();
        Digest Node(Digest a, Digest b) => suite.Hash([0x01, .. a.Bytes, .. b.Bytes]);

        var two = MerkleTestData.Tree(suite, MerkleTestData.Leaves(2));
        Assert.Equal(Node(l[0], l[1]), two.Root);
        Assert.Equal([l[1]], two.Prove(0).Path);
        Assert.Equal([l[0]], two.Prove(1).Path);

        // Three leaves: the left subtree takes 2 (largest power of two below 3), the odd leaf is promoted unhashed.
        var three = MerkleTestData.Tree(suite, MerkleTestData.Leaves(3));
        Assert.Equal(Node(Node(l[0], l[1]), l[2]), three.Root);
        Assert.Equal([l[1], l[2]], three.Prove(0).Path);
        Assert.Equal([l[0], l[2]], three.Prove(1).Path);
        Assert.Equal([Node(l[0], l[1])], three.Prove(2).Path);
    }

    [Theory]
    [InlineData(SuiteId.Sm, 5)]
    [InlineData(SuiteId.Intl, 5)]
    [InlineData(SuiteId.Sm, 7)]
    [InlineData(SuiteId.Intl, 11)]
    public void Odd_counts_split_at_the_largest_power_of_two_not_the_midpoint(SuiteId id, int n)
    {
        var suite = MerkleTestData.Suite(id);
        var leaves = MerkleTestData.Leaves(n);
        var k = ReferenceMerkle.SplitPoint(n);
        var left = MerkleTestData.Tree(suite, leaves.Take(k));
        var right = MerkleTestData.Tree(suite, leaves.Skip(k));

        Assert.Equal(MerkleTree.NodeHash(suite, left.Root, right.Root), MerkleTestData.Tree(suite, leaves).Root);
        var midpoint = n / 2;
        Assert.NotEqual(k, midpoint);
        var wrong = MerkleTree.NodeHash(suite, MerkleTestData.Tree(suite, leaves.Take(midpoint)).Root, MerkleTestData.Tree(suite, leaves.Skip(midpoint)).Root);
        Assert.NotEqual(wrong, MerkleTestData.Tree(suite, leaves).Root);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Leaf_and_node_hashes_are_domain_separated(SuiteId id)
    {
        var suite = MerkleTestData.Suite(id);
        var data = MerkleTestData.Leaves(4);
        var l = data.Select(d => MerkleTree.LeafHash(suite, d)).ToArray();

        // The inner node of two leaves, presented as the data of a one-leaf tree, gives another root.
        var twoLeaves = MerkleTestData.Tree(suite, data.Take(2));
        var innerNodeAsData = MerkleTestData.Tree(suite, [[.. l[0].Bytes, .. l[1].Bytes]]);
        Assert.NotEqual(twoLeaves.Root, innerNodeAsData.Root);
        Assert.Equal(suite.Hash([0x00, .. l[0].Bytes, .. l[1].Bytes]), innerNodeAsData.Root);
        Assert.Equal(suite.Hash([0x01, .. l[0].Bytes, .. l[1].Bytes]), twoLeaves.Root);

        // A second-preimage attempt: claim the inner node N01 is leaf 0 of a 2-leaf tree [N01, N23]
        // with the 4-leaf root. Hashed as leaf data (what a verifier must do) it fails.
        var four = MerkleTestData.Tree(suite, data);
        var n01 = MerkleTree.NodeHash(suite, l[0], l[1]);
        var n23 = MerkleTree.NodeHash(suite, l[2], l[3]);
        var claim = new MerkleProof(0, 2, [n23]);
        Assert.False(MerkleTree.Verify(suite, MerkleTree.LeafHash(suite, [.. l[0].Bytes, .. l[1].Bytes]), claim, four.Root));
        Assert.False(MerkleTree.Verify(suite, MerkleTree.LeafHash(suite, n01.Bytes), claim, four.Root));
        // (Handed over raw as a "leaf hash" it would pass: the verifier has to hash the leaf data itself.)
        Assert.True(MerkleTree.Verify(suite, n01, claim, four.Root));

        Assert.NotEqual(suite.Hash(data[0]), l[0]);
        Assert.NotEqual(suite.Hash([.. l[0].Bytes, .. l[1].Bytes]), n01);
    }

    [Fact]
    public void The_tree_refuses_leaf_hashes_of_another_algorithm()
    {
        var sm3Leaf = MerkleTree.LeafHash(CryptoSuites.Sm, [1]);
        var ex = Assert.Throws<ArgumentException>(() => new MerkleTree(CryptoSuites.Intl, [MerkleTree.LeafHash(CryptoSuites.Intl, [0]), sm3Leaf]));
        Assert.Contains("Sm3", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(int.MaxValue)]
    public void Prove_refuses_an_index_outside_the_tree(int index)
    {
        var tree = MerkleTestData.Tree(CryptoSuites.Intl, MerkleTestData.Leaves(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Prove(index));
    }

    [Fact]
    public void Leaves_are_copied_so_later_changes_to_the_list_do_not_move_the_root()
    {
        var suite = CryptoSuites.Intl;
        var hashes = MerkleTestData.Leaves(6).Select(d => MerkleTree.LeafHash(suite, d)).ToList();
        var tree = new MerkleTree(suite, hashes);
        var root = tree.Root;
        var proof = tree.Prove(5);
        hashes[5] = MerkleTree.LeafHash(suite, [9, 9, 9]);
        hashes.Add(hashes[0]);

        Assert.Equal(root, tree.Root);
        Assert.Equal(6, tree.LeafCount);
        Assert.Equal(MerkleTestData.Hex(proof.Path), MerkleTestData.Hex(tree.Prove(5).Path));
    }
}
