using System.Security.Cryptography;

namespace TradeChain.Crypto;

/// <summary>
/// A 32-byte hash value that names its algorithm, so a digest stays checkable after a network
/// changes suite. Immutable; equality compares algorithm and bytes.
/// </summary>
public sealed class Digest : IEquatable<Digest>
{
    /// <summary>Both suites' hashes (SM3, SHA-256) are 256 bits.</summary>
    public const int SizeBytes = 32;

    private readonly byte[] _bytes;

    public Digest(HashAlgorithm algorithm, ReadOnlySpan<byte> bytes)
    {
        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown hash algorithm");
        }
        if (bytes.Length != SizeBytes)
        {
            throw new ArgumentException($"a digest is {SizeBytes} bytes, got {bytes.Length}", nameof(bytes));
        }
        Algorithm = algorithm;
        _bytes = bytes.ToArray();
    }

    public HashAlgorithm Algorithm { get; }

    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Lower-case hex of the bytes, without the algorithm.</summary>
    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <summary>"sm3:…" or "sha256:…": the algorithm-qualified text form used in JSON and logs.</summary>
    public override string ToString() => $"{AlgorithmNames.Of(Algorithm)}:{ToHex()}";

    /// <summary>Parses the text form written by <see cref="ToString"/>.</summary>
    public static Digest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException($"digest '{text}' must be 'algorithm:hex', e.g. 'sm3:66c7…'");
        }
        var algorithm = AlgorithmNames.ParseHash(text[..colon]);
        var hex = text[(colon + 1)..];
        if (hex.Length != SizeBytes * 2)
        {
            throw new FormatException($"digest hex must be {SizeBytes * 2} characters, got {hex.Length}");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"digest '{text}' has non-hex characters");
        }
        return new Digest(algorithm, bytes);
    }

    public bool Equals(Digest? other) =>
        other is not null && other.Algorithm == Algorithm && CryptographicOperations.FixedTimeEquals(other._bytes, _bytes);

    public override bool Equals(object? obj) => obj is Digest other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Algorithm, BitConverter.ToInt32(_bytes, 0));
}
