using System.Security.Cryptography;
using System.Text;
using TradeChain.Api.Paging;

namespace TradeChain.Api.Auth;

/// <summary>
/// API keys: "tck_" ‖ key id (16 hex chars) ‖ "_" ‖ secret (32 random bytes, base64url). The key id
/// is the store's lookup key (O(1), and safe to log); only SHA-256 of the secret is stored. A
/// plain hash, not a slow KDF, is right here: the secret has 256 bits of entropy, so there is no
/// dictionary to slow down, and every request verifies a key.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "tck_";
    private const int KeyIdBytes = 8;
    private const int SecretBytes = 32;

    public sealed record Issued(string KeyId, string PlainText, string SecretSha256);

    public static Issued Create()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdBytes));
        var secret = Base64Url.Encode(RandomNumberGenerator.GetBytes(SecretBytes));
        return new Issued(keyId, $"{Prefix}{keyId}_{secret}", Hash(secret));
    }

    /// <summary>Splits a presented key into id and secret; null when it does not have the shape.</summary>
    public static (string KeyId, string Secret)? Parse(string presented)
    {
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 128)
        {
            return null;
        }
        var rest = presented.AsSpan(Prefix.Length);
        var split = rest.IndexOf('_');
        if (split != KeyIdBytes * 2 || rest.Length - split - 1 < 40)
        {
            return null;
        }
        return (rest[..split].ToString(), rest[(split + 1)..].ToString());
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedSha256) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedSha256));
}

/// <summary>
/// Dashboard passwords: PBKDF2-HMAC-SHA256 with a 16-byte salt, stored as
/// "pbkdf2-sha256$iterations$salt$hash" so the cost can rise without invalidating old hashes.
/// </summary>
public static class PasswordHasher
{
    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Below this a stored hash is refused: it would be brute-forceable.</summary>
    public const int MinIterations = 10_000;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations) || iterations < MinIterations)
        {
            return false;
        }
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
