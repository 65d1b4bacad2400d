namespace TradeChain.Crypto;

/// <summary>A signature that names its algorithm. The bytes are the DER encoding of (r, s).</summary>
public sealed class Signature : IEquatable<Signature>
{
    /// <summary>DER of two 256-bit integers is at most 72 bytes; anything longer is malformed.</summary>
    public const int MaxDerBytes = 72;

    private readonly byte[] _der;

    public Signature(SignatureAlgorithm algorithm, ReadOnlySpan<byte> der)
    {
        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm");
        }
        if (der.IsEmpty || der.Length > MaxDerBytes)
        {
            throw new ArgumentException($"a DER signature is 1..{MaxDerBytes} bytes, got {der.Length}", nameof(der));
        }
        Algorithm = algorithm;
        _der = der.ToArray();
    }

    public SignatureAlgorithm Algorithm { get; }

    public ReadOnlySpan<byte> Der => _der;

    public override string ToString() => $"{AlgorithmNames.Of(Algorithm)}:{Convert.ToHexStringLower(_der)}";

    public bool Equals(Signature? other) => other is not null && other.Algorithm == Algorithm && other._der.AsSpan().SequenceEqual(_der);

    public override bool Equals(object? obj) => obj is Signature other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Algorithm, _der.Length, _der[^1]);
}
