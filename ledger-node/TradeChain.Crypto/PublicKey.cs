namespace TradeChain.Crypto;

/// <summary>
/// A member's verification key: the algorithm and the DER SubjectPublicKeyInfo. Equality is by
/// algorithm and bytes, so a key can be looked up in a membership table.
/// </summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    /// <summary>An uncompressed 256-bit EC point in SPKI is 91 bytes; this leaves room for explicit parameters.</summary>
    public const int MaxSpkiBytes = 512;

    private readonly byte[] _spki;

    public PublicKey(SignatureAlgorithm algorithm, ReadOnlySpan<byte> spki)
    {
        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm");
        }
        if (spki.IsEmpty || spki.Length > MaxSpkiBytes)
        {
            throw new ArgumentException($"a public key is 1..{MaxSpkiBytes} bytes of SPKI, got {spki.Length}", nameof(spki));
        }
        Algorithm = algorithm;
        _spki = spki.ToArray();
    }

    public SignatureAlgorithm Algorithm { get; }

    /// <summary>DER-encoded SubjectPublicKeyInfo.</summary>
    public ReadOnlySpan<byte> Spki => _spki;

    /// <summary>Verifier state parsed once per key; member keys are few and long-lived.</summary>
    internal object? CachedVerifier { get; set; }

    /// <summary>Marks a key whose bytes failed to parse, so verification stays false without re-parsing.</summary>
    private static readonly object UnusableKey = new();

    /// <summary>
    /// The parsed verifier for this key, parsed on first use and kept; null when the bytes are not
    /// a usable key for <typeparamref name="TVerifier"/>'s algorithm.
    /// </summary>
    internal TVerifier? VerifierOrNull<TVerifier>(Func<byte[], TVerifier> parse)
        where TVerifier : class
    {
        var cached = CachedVerifier;
        if (cached is TVerifier verifier)
        {
            return verifier;
        }
        if (ReferenceEquals(cached, UnusableKey))
        {
            return null;
        }
        try
        {
            verifier = parse(_spki.ToArray());
            CachedVerifier = verifier;
            return verifier;
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            CachedVerifier = UnusableKey;
            return null;
        }
    }

    public override string ToString() => $"{AlgorithmNames.Of(Algorithm)}:{Convert.ToHexStringLower(_spki)}";

    public bool Equals(PublicKey? other) => other is not null && other.Algorithm == Algorithm && other._spki.AsSpan().SequenceEqual(_spki);

    public override bool Equals(object? obj) => obj is PublicKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Algorithm, _spki.Length, _spki[^1], _spki[^2]);
}
