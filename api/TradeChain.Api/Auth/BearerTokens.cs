using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TradeChain.Api.Paging;

namespace TradeChain.Api.Auth;

/// <summary>A token's claims: whose it is, the role it was issued for, and its lifetime (Unix seconds).</summary>
public sealed record TokenClaims(string Sub, string Role, long Iat, long Exp);

/// <summary>An HMAC key that signs or verifies tokens; the id lets a new key sign while the old one still verifies.</summary>
public sealed record TokenSigningKey(string Id, byte[] Secret);

/// <summary>
/// Dashboard bearer tokens: compact JWTs (RFC 7519) signed with HMAC-SHA256 (HS256), carrying
/// subject, role, issue and expiry times and the signing key's id. Why HS256 and not ASP.NET data
/// protection: every API replica verifies with the configured key and nothing else (no shared
/// key-ring storage), the dashboard can read its own expiry, and a key is rotated by adding a
/// new id first in the list. Only "HS256" with a known key id is accepted (no "none", no
/// algorithm switching). A token is not the last word: the principal is looked up on every
/// request, so disabling it ends its tokens at once.
/// </summary>
public sealed class BearerTokens
{
    /// <summary>A working day; the dashboard logs in again after it.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    /// <summary>Allowance for clocks of replicas that disagree slightly.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>A token is a few hundred bytes; anything longer is not ours.</summary>
    public const int MaxTokenChars = 2048;

    private readonly IReadOnlyList<TokenSigningKey> _keys;
    private readonly TimeProvider _time;

    /// <param name="keys">The first key signs; all verify. Each secret is at least 32 bytes.</param>
    public BearerTokens(IReadOnlyList<TokenSigningKey> keys, TimeProvider time)
    {
        if (keys.Count == 0 || keys.Any(k => k.Secret.Length < 32))
        {
            throw new ArgumentException("token signing needs at least one key of 32 bytes or more", nameof(keys));
        }
        _keys = keys;
        _time = time;
    }

    public (string Token, DateTimeOffset ExpiresAt) Issue(Principal principal, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        var expires = now + lifetime;
        var key = _keys[0];
        var header = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT", kid = key.Id }));
        var payload = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new TokenClaims(principal.Id, Roles.Name(principal.Role), now.ToUnixTimeSeconds(), expires.ToUnixTimeSeconds()), TokenJson));
        var signingInput = $"{header}.{payload}";
        return ($"{signingInput}.{Base64Url.Encode(Sign(key.Secret, signingInput))}", expires);
    }

    /// <summary>The claims of a sound, unexpired token; null with the reason otherwise.</summary>
    public (TokenClaims? Claims, string? Failure) Validate(string token)
    {
        if (token.Length > MaxTokenChars)
        {
            return (null, "the token is longer than any this API issues");
        }
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return (null, "the token is not a compact JWT (three dot-separated parts)");
        }
        var headerBytes = Base64Url.TryDecode(parts[0]);
        var signature = Base64Url.TryDecode(parts[2]);
        if (headerBytes is null || signature is null)
        {
            return (null, "the token is not base64url");
        }
        string? alg, kid;
        try
        {
            using var header = JsonDocument.Parse(headerBytes);
            alg = header.RootElement.TryGetProperty("alg", out var a) ? a.GetString() : null;
            kid = header.RootElement.TryGetProperty("kid", out var k) ? k.GetString() : null;
        }
        catch (JsonException)
        {
            return (null, "the token header is not JSON");
        }
        if (alg != "HS256")
        {
            return (null, $"token algorithm '{alg}' is not accepted (only HS256)");
        }
        var key = _keys.FirstOrDefault(k => k.Id == kid);
        if (key is null)
        {
            return (null, $"token key id '{kid}' is unknown (signed by a retired key?)");
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(key.Secret, $"{parts[0]}.{parts[1]}")))
        {
            return (null, "the token signature does not verify");
        }
        var claims = JsonSerializer.Deserialize<TokenClaims>(Base64Url.TryDecode(parts[1]) ?? [], TokenJson);
        if (claims is null)
        {
            return (null, "the token has no claims");
        }
        var now = _time.GetUtcNow();
        if (DateTimeOffset.FromUnixTimeSeconds(claims.Exp) + ClockSkew <= now)
        {
            return (null, $"the token expired at {DateTimeOffset.FromUnixTimeSeconds(claims.Exp):O}; log in again");
        }
        return (claims, null);
    }

    private static readonly JsonSerializerOptions TokenJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static byte[] Sign(byte[] secret, string signingInput) => HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
}
