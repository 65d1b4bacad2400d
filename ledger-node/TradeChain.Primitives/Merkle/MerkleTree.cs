using TradeChain.Crypto;

namespace TradeChain.Primitives.Merkle;

/// <summary>
/// A Merkle tree over leaf hashes, shaped as RFC 6962 / RFC 9162 define it (the left subtree
/// holds the largest power of two below the leaf count), with domain separation: a leaf hashes
/// as H(0x00 ‖ data) and an inner node as H(0x01 ‖ left ‖ right), so a leaf can never be
/// passed off as an inner node. Built once, it answers the root and any leaf's inclusion proof.
/// </summary>
public sealed class MerkleTree
{
    public const byte LeafPrefix = 0x00;
    public const byte NodePrefix = 0x01;

    /// <summary>A proof longer than this would need more than 2^64 leaves.</summary>
    public const int MaxPathLength = 64;

    private readonly ICryptoSuite _suite;

    // _levels[0] are the leaf hashes; each next level pairs neighbours and carries an unpaired
    // last node up unchanged, which yields exactly the RFC 6962 tree for any leaf count.
    private readonly List<Digest[]> _levels;

    public MerkleTree(ICryptoSuite suite, IReadOnlyList<Digest> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(leafHashes);
        foreach (var leaf in leafHashes)
        {
            if (leaf.Algorithm != suite.HashAlgorithm)
            {
                throw new ArgumentException($"leaf hash uses {leaf.Algorithm}, the tree uses {suite.HashAlgorithm}", nameof(leafHashes));
            }
        }
        _suite = suite;
        _levels = [leafHashes.ToArray()];
        while (_levels[^1].Length > 1)
        {
            var below = _levels[^1];
            var above = new Digest[(below.Length + 1) / 2];
            for (var i = 0; i < above.Length; i++)
            {
                var left = 2 * i;
                above[i] = left + 1 < below.Length ? NodeHash(suite, below[left], below[left + 1]) : below[left];
            }
            _levels.Add(above);
        }
        Root = leafHashes.Count == 0 ? suite.Hash([]) : _levels[^1][0];
    }

    public int LeafCount => _levels[0].Length;

    /// <summary>The tree head; for zero leaves, the hash of the empty string (RFC 6962 §2.1).</summary>
    public Digest Root { get; }

    public static MerkleTree FromLeafData(ICryptoSuite suite, IEnumerable<ReadOnlyMemory<byte>> leaves) =>
        new(suite, leaves.Select(leaf => LeafHash(suite, leaf.Span)).ToArray());

    public static Digest LeafHash(ICryptoSuite suite, ReadOnlySpan<byte> leafData)
    {
        var hasher = suite.CreateHasher();
        hasher.Append([LeafPrefix]);
        hasher.Append(leafData);
        return hasher.Finish();
    }

    public static Digest NodeHash(ICryptoSuite suite, Digest left, Digest right)
    {
        var hasher = suite.CreateHasher();
        hasher.Append([NodePrefix]);
        hasher.Append(left.Bytes);
        hasher.Append(right.Bytes);
        return hasher.Finish();
    }

    /// <summary>The audit path of one leaf, siblings from the leaf upwards.</summary>
    public MerkleProof Prove(int leafIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, LeafCount);
        var path = new List<Digest>();
        var index = leafIndex;
        for (var level = 0; level < _levels.Count - 1; level++)
        {
            var nodes = _levels[level];
            var sibling = index ^ 1;
            if (sibling < nodes.Length)
            {
                path.Add(nodes[sibling]);
            }
            index >>= 1;
        }
        return new MerkleProof(leafIndex, LeafCount, path);
    }

    /// <summary>
    /// RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its path. Returns false on any
    /// mismatch, including a path of the wrong length or hashes of another algorithm.
    /// </summary>
    public static bool Verify(ICryptoSuite suite, Digest leafHash, MerkleProof proof, Digest expectedRoot)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leafHash.Algorithm != suite.HashAlgorithm || expectedRoot.Algorithm != suite.HashAlgorithm)
        {
            return false;
        }
        if (proof.LeafIndex < 0 || proof.LeafIndex >= proof.LeafCount || proof.Path.Count > MaxPathLength)
        {
            return false;
        }
        var fn = proof.LeafIndex;
        var sn = proof.LeafCount - 1;
        var running = leafHash;
        foreach (var sibling in proof.Path)
        {
            if (sn == 0 || sibling.Algorithm != suite.HashAlgorithm)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                running = NodeHash(suite, sibling, running);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                running = NodeHash(suite, running, sibling);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && running.Equals(expectedRoot);
    }
}

/// <summary>An inclusion proof: where the leaf sits, how many leaves the tree has, and the sibling hashes bottom-up.</summary>
public sealed record MerkleProof(long LeafIndex, long LeafCount, IReadOnlyList<Digest> Path);
