using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TradeChain.Api.Webhooks;

/// <summary>
/// The delivery signature, in the Stripe/Standard Webhooks style receivers already know:
/// <c>X-TradeChain-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;]</c>, each v1 being
/// HMAC-SHA256 over "&lt;t&gt;.&lt;body&gt;" keyed with a secret's UTF-8 bytes (the text as shown,
/// so <c>openssl dgst -hmac</c> reproduces it). During a rotation's grace period a delivery
/// carries one v1 per valid secret; a receiver accepts when any matches the secret it holds.
/// The timestamp lets a receiver refuse replays older than its tolerance. Pure.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-TradeChain-Signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 256 random bits, base64url, with a prefix that makes a leaked one easy to spot.</summary>
    public static string NewSecret() => SecretPrefix + Paging.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Sign(long unixSeconds, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets)
    {
        ArgumentOutOfRangeException.ThrowIfZero(secrets.Count);
        var builder = new StringBuilder("t=").Append(unixSeconds.ToString(CultureInfo.InvariantCulture));
        foreach (var secret in secrets)
        {
            builder.Append(",v1=").Append(Convert.ToHexStringLower(Mac(secret, unixSeconds, body)));
        }
        return builder.ToString();
    }

    /// <summary>Whether <paramref name="header"/> holds a valid v1 for <paramref name="secret"/> with a timestamp within <paramref name="toleranceSeconds"/> of <paramref name="nowUnixSeconds"/>.</summary>
    public static bool Verify(string header, ReadOnlySpan<byte> body, string secret, long nowUnixSeconds, long toleranceSeconds)
    {
        long? timestamp = null;
        var candidates = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair is ["t", var t] && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                timestamp = parsed;
            }
            else if (pair is ["v1", var hex] && hex.Length == 64 && hex.All(char.IsAsciiHexDigit))
            {
                candidates.Add(Convert.FromHexString(hex));
            }
        }
        if (timestamp is not { } ts || Math.Abs(nowUnixSeconds - ts) > toleranceSeconds)
        {
            return false;
        }
        var expected = Mac(secret, ts, body);
        var valid = false;
        foreach (var candidate in candidates)
        {
            valid |= CryptographicOperations.FixedTimeEquals(candidate, expected);
        }
        return valid;
    }

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var input = new byte[prefix.Length + body.Length];
        prefix.CopyTo(input, 0);
        body.CopyTo(input.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), input);
    }
}
