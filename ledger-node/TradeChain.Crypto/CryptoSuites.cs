namespace TradeChain.Crypto;

/// <summary>
/// The two suites, and dispatch on the algorithm a value names: a network verifies history made
/// under an earlier suite through here, not through its own suite.
/// </summary>
public static class CryptoSuites
{
    public static ICryptoSuite Sm { get; } = new SmSuite();

    public static ICryptoSuite Intl { get; } = new IntlSuite();

    public static ICryptoSuite Get(SuiteId suite) => suite switch
    {
        SuiteId.Sm => Sm,
        SuiteId.Intl => Intl,
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "unknown crypto suite"),
    };

    public static ICryptoSuite ForHash(HashAlgorithm algorithm) => algorithm switch
    {
        HashAlgorithm.Sm3 => Sm,
        HashAlgorithm.Sha256 => Intl,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown hash algorithm"),
    };

    public static ICryptoSuite ForSignature(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.Sm2WithSm3 => Sm,
        SignatureAlgorithm.EcdsaP256WithSha256 => Intl,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm"),
    };

    public static ICryptoSuite ForCipher(CipherAlgorithm algorithm) => algorithm switch
    {
        CipherAlgorithm.Sm4Gcm => Sm,
        CipherAlgorithm.Aes256Gcm => Intl,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown cipher algorithm"),
    };

    /// <summary>False when the key and signature name different algorithms; never throws for bad input.</summary>
    public static bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signature);
        return key.Algorithm == signature.Algorithm && ForSignature(signature.Algorithm).Verify(key, message, signature);
    }

    public static Digest Hash(HashAlgorithm algorithm, ReadOnlySpan<byte> data) => ForHash(algorithm).Hash(data);
}
