using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Paging;

/// <summary>Page size bounds: every list endpoint takes <c>limit</c> in [1, <see cref="MaxLimit"/>].</summary>
public static class PageLimits
{
    /// <summary>A dashboard table's page.</summary>
    public const int DefaultLimit = 50;

    /// <summary>500 trace events or audit records are a few hundred KB of JSON: one response, not a download.</summary>
    public const int MaxLimit = 500;

    public static int Check(int? limit)
    {
        var value = limit ?? DefaultLimit;
        if (value is < 1 or > MaxLimit)
        {
            throw ApiProblemException.Invalid($"limit must be 1..{MaxLimit}, got {value}");
        }
        return value;
    }
}

/// <summary>One page of items and the cursor of the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Opaque, tamper-evident cursors: a position in an ordered result, bound to the query it came
/// from. Layout: version (1 byte) ‖ position (8 bytes, big-endian) ‖ HMAC-SHA256 over those and
/// the query's key, truncated to 16 bytes; base64url. A cursor replayed against another query,
/// or edited, is refused; the position is never trusted without its tag. The key is per
/// process unless configured, so cursors from before a restart are refused (the client starts over).
/// </summary>
public sealed class CursorCodec(byte[] key)
{
    private const byte Version = 1;
    private const int TagBytes = 16;
    private const int CursorBytes = 1 + 8 + TagBytes;

    private readonly byte[] _key = key.Length >= 32 ? key : throw new ArgumentException("the cursor key needs at least 32 bytes", nameof(key));

    public string Encode(string queryKey, long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        var bytes = new byte[CursorBytes];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1, 8), position);
        Tag(queryKey, bytes.AsSpan(0, 9)).CopyTo(bytes.AsSpan(9));
        return Base64Url.Encode(bytes);
    }

    /// <summary>The position in <paramref name="cursor"/>, or 0 when there is none; a 400 problem when it is not one of ours for this query.</summary>
    public long Decode(string queryKey, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }
        var bytes = Base64Url.TryDecode(cursor);
        if (bytes is not { Length: CursorBytes } || bytes[0] != Version
            || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(9), Tag(queryKey, bytes.AsSpan(0, 9))))
        {
            throw ApiProblemException.Invalid("the cursor is not valid for this query (edited, from another query, or from before a server restart); start again without a cursor");
        }
        return BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1, 8));
    }

    /// <summary>Cuts <paramref name="items"/> (all of the ordered result) at <paramref name="cursor"/> and returns one page.</summary>
    public Page<T> PageOf<T>(string queryKey, string? cursor, int limit, IReadOnlyList<T> items)
    {
        var start = Decode(queryKey, cursor);
        if (start > items.Count)
        {
            throw ApiProblemException.Invalid("the cursor points past the end of the result; start again without a cursor");
        }
        var page = items.Skip((int)start).Take(limit).ToArray();
        var next = start + page.Length;
        return new Page<T>(page, next < items.Count ? Encode(queryKey, next) : null);
    }

    private byte[] Tag(string queryKey, ReadOnlySpan<byte> body)
    {
        var input = new byte[body.Length + Encoding.UTF8.GetByteCount(queryKey)];
        body.CopyTo(input);
        Encoding.UTF8.GetBytes(queryKey, input.AsSpan(body.Length));
        return HMACSHA256.HashData(_key, input)[..TagBytes];
    }
}

/// <summary>RFC 4648 §5 base64url without padding, as tokens and cursors use it.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static byte[]? TryDecode(string text)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
