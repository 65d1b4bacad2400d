using TradeChain.Crypto;

namespace TradeChain.Primitives.Tests.Merkle;

/// <summary>
/// RFC 6962 §2.1 written down literally, sharing no code with MerkleTree: MTH and PATH by
/// recursion on k, the largest power of two smaller than n; leaf H(0x00 ‖ d), node
/// H(0x01 ‖ left ‖ right), hashing one concatenated buffer with the suite's one-shot Hash. A
/// memo of subtree heads keeps the all-leaves checks over 2000-leaf trees fast.
/// </summary>
public sealed class ReferenceMerkle
{
    private readonly ICryptoSuite _suite;
    private readonly byte[][] _leafHashes;
    private readonly Dictionary<(int Start, int Count), byte[]> _memo = [];

    public ReferenceMerkle(ICryptoSuite suite, IReadOnlyList<byte[]> leafData)
    {
        _suite = suite;
        _leafHashes = [.. leafData.Select(d => LeafHash(suite, d))];
    }

    public int Count => _leafHashes.Length;

    public byte[] LeafHashOf(int index) => _leafHashes[index];

    public static byte[] LeafHash(ICryptoSuite suite, byte[] data) => suite.Hash([0x00, .. data]).Bytes.ToArray();

    public static byte[] NodeHash(ICryptoSuite suite, byte[] left, byte[] right) => suite.Hash([0x01, .. left, .. right]).Bytes.ToArray();

    /// <summary>The largest power of two strictly smaller than n (n &gt; 1).</summary>
    public static int SplitPoint(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }
        return k;
    }

    public byte[] Root => Mth(0, Count);

    /// <summary>MTH(D[start : start + n]).</summary>
    public byte[] Mth(int start, int n)
    {
        if (n == 0)
        {
            return _suite.Hash([]).Bytes.ToArray();
        }
        if (n == 1)
        {
            return _leafHashes[start];
        }
        if (_memo.TryGetValue((start, n), out var cached))
        {
            return cached;
        }
        var k = SplitPoint(n);
        var head = NodeHash(_suite, Mth(start, k), Mth(start + k, n - k));
        _memo[(start, n)] = head;
        return head;
    }

    /// <summary>PATH(m, D[0 : n]), bottom-up, as RFC 6962 §2.1.1 defines it.</summary>
    public List<byte[]> Path(int m) => Path(m, 0, Count);

    private List<byte[]> Path(int m, int start, int n)
    {
        if (n == 1)
        {
            return [];
        }
        var k = SplitPoint(n);
        return m < k
            ? [.. Path(m, start, k), Mth(start + k, n - k)]
            : [.. Path(m - k, start + k, n - k), Mth(start, k)];
    }

    /// <summary>
    /// The shape of PATH(m, D[0 : n]) without any hashing: for each element, bottom-up, whether
    /// the sibling sits on the left. Two (index, size) pairs with the same shape hash a proof
    /// identically, which is exactly when a verifier cannot tell them apart.
    /// </summary>
    public static List<bool> Shape(long m, long n)
    {
        if (n == 1)
        {
            return [];
        }
        var k = 1L;
        while (k * 2 < n)
        {
            k *= 2;
        }
        return m < k ? [.. Shape(m, k), false] : [.. Shape(m - k, n - k), true];
    }
}
