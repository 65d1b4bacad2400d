namespace TradeChain.Crypto;

/// <summary>The stable text names of suites and algorithms, as written in JSON, PEM labels and logs.</summary>
public static class AlgorithmNames
{
    public static string Of(SuiteId suite) => suite switch
    {
        SuiteId.Sm => "sm",
        SuiteId.Intl => "intl",
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "unknown crypto suite"),
    };

    public static string Of(HashAlgorithm algorithm) => algorithm switch
    {
        HashAlgorithm.Sm3 => "sm3",
        HashAlgorithm.Sha256 => "sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown hash algorithm"),
    };

    public static string Of(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.Sm2WithSm3 => "sm2-sm3",
        SignatureAlgorithm.EcdsaP256WithSha256 => "ecdsa-p256-sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm"),
    };

    public static string Of(CipherAlgorithm algorithm) => algorithm switch
    {
        CipherAlgorithm.Sm4Gcm => "sm4-gcm",
        CipherAlgorithm.Aes256Gcm => "aes-256-gcm",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown cipher algorithm"),
    };

    public static SuiteId ParseSuite(string name) => name switch
    {
        "sm" => SuiteId.Sm,
        "intl" => SuiteId.Intl,
        _ => throw new FormatException($"unknown crypto suite '{name}': expected 'sm' or 'intl'"),
    };

    public static HashAlgorithm ParseHash(string name) => name switch
    {
        "sm3" => HashAlgorithm.Sm3,
        "sha256" => HashAlgorithm.Sha256,
        _ => throw new FormatException($"unknown hash algorithm '{name}': expected 'sm3' or 'sha256'"),
    };

    public static SignatureAlgorithm ParseSignature(string name) => name switch
    {
        "sm2-sm3" => SignatureAlgorithm.Sm2WithSm3,
        "ecdsa-p256-sha256" => SignatureAlgorithm.EcdsaP256WithSha256,
        _ => throw new FormatException($"unknown signature algorithm '{name}': expected 'sm2-sm3' or 'ecdsa-p256-sha256'"),
    };
}
