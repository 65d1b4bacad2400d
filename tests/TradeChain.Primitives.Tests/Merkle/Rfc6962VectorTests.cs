using TradeChain.Crypto;
using TradeChain.Primitives.Merkle;
using Xunit;

namespace TradeChain.Primitives.Tests.Merkle;

/// <summary>
/// The Certificate Transparency reference vectors for RFC 6962 with SHA-256 (the Intl suite):
/// the tree heads of the first 1..8 of eight fixed leaves, and published inclusion proofs. Same
/// data as google/certificate-transparency's merkle_tree_test and transparency-dev/merkle's
/// proof/verify_test.go. A tree that misses these is a tree nobody else can verify.
/// </summary>
[Trait("Category", "Merkle")]
public sealed class Rfc6962VectorTests
{
    private static readonly byte[][] Leaves =
    [
        [],
        [0x00],
        [0x10],
        [0x20, 0x21],
        [0x30, 0x31],
        [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    /// <summary>Roots[n] is the tree head of the first n leaves.</summary>
    private static readonly string[] Roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static TheoryData<int> Sizes => [.. Enumerable.Range(0, 9)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_tree_head_of_the_first_n_reference_leaves_is_the_published_one(int n)
    {
        var tree = MerkleTestData.Tree(CryptoSuites.Intl, Leaves.Take(n));
        Assert.Equal(HashAlgorithm.Sha256, tree.Root.Algorithm);
        Assert.Equal(Roots[n], tree.Root.ToHex());
        Assert.Equal(Roots[n], Convert.ToHexStringLower(new ReferenceMerkle(CryptoSuites.Intl, Leaves.Take(n).ToList()).Root));
    }

    /// <summary>(leaf index, tree size, path): transparency-dev/merkle's inclusion vectors, 0-based here.</summary>
    public static TheoryData<int, int, string[]> InclusionProofs => new()
    {
        { 0, 1, [] },
        {
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        },
        {
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        {
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(InclusionProofs))]
    public void Inclusion_proofs_are_the_published_ones_and_verify(int index, int size, string[] path)
    {
        var suite = CryptoSuites.Intl;
        var tree = MerkleTestData.Tree(suite, Leaves.Take(size));
        var proof = tree.Prove(index);

        Assert.Equal(path, MerkleTestData.Hex(proof.Path));
        var published = new MerkleProof(index, size, [.. path.Select(h => new Digest(HashAlgorithm.Sha256, Convert.FromHexString(h)))]);
        var leaf = MerkleTree.LeafHash(suite, Leaves[index]);
        Assert.True(MerkleTree.Verify(suite, leaf, published, Digest.Parse("sha256:" + Roots[size])));
        Assert.False(MerkleTree.Verify(suite, leaf, published, Digest.Parse("sha256:" + Roots[size - 1])));
    }

    [Fact]
    public void The_leaf_hash_of_the_empty_leaf_is_the_published_one_leaf_root()
    {
        Assert.Equal(Roots[1], MerkleTree.LeafHash(CryptoSuites.Intl, []).ToHex());
    }
}
