using TradeChain.Crypto;

namespace TradeChain.Trade.Events;

/// <summary>
/// The commercially sensitive part of an event: declared value and consignee details. It is
/// encoded on its own (<see cref="TradeEventCodec.EncodeSensitiveDetails"/>) because those bytes
/// are what gets sealed for the members allowed to read them.
/// </summary>
public sealed record SensitiveDetails
{
    /// <summary>Declared customs value, in <see cref="Currency"/>.</summary>
    public decimal? DeclaredValue { get; init; }

    /// <summary>ISO 4217 alphabetic code, e.g. "CNY", "USD".</summary>
    public string? Currency { get; init; }

    public string? ConsigneeName { get; init; }

    public string? ConsigneeAddress { get; init; }

    /// <summary>Phone number or e-mail of the consignee's contact.</summary>
    public string? ConsigneeContact { get; init; }
}

/// <summary>
/// An event's sensitive details, held apart from the public fields: either in plaintext (as
/// submitted, before sealing, or as the regulator reads them) or sealed under a key held by the
/// authorised members. Exactly one of <see cref="Plaintext"/> and <see cref="Sealed"/> is set.
/// </summary>
public sealed class SensitivePart : IEquatable<SensitivePart>
{
    private SensitivePart(SensitiveDetails? plaintext, SealedData? sealedData)
    {
        Plaintext = plaintext;
        Sealed = sealedData;
    }

    public SensitiveDetails? Plaintext { get; }

    public SealedData? Sealed { get; }

    public bool IsSealed => Sealed is not null;

    public static SensitivePart FromPlaintext(SensitiveDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new(details, null);
    }

    public static SensitivePart FromSealed(SealedData sealedData)
    {
        ArgumentNullException.ThrowIfNull(sealedData);
        return new(null, sealedData);
    }

    public bool Equals(SensitivePart? other)
    {
        if (other is null)
        {
            return false;
        }
        if (Sealed is null || other.Sealed is null)
        {
            return Sealed is null && other.Sealed is null && Equals(Plaintext, other.Plaintext);
        }
        return Sealed.Algorithm == other.Sealed.Algorithm
            && Sealed.Nonce.SequenceEqual(other.Sealed.Nonce)
            && Sealed.Ciphertext.SequenceEqual(other.Sealed.Ciphertext)
            && Sealed.Tag.SequenceEqual(other.Sealed.Tag);
    }

    public override bool Equals(object? obj) => obj is SensitivePart other && Equals(other);

    public override int GetHashCode() => Sealed is null
        ? HashCode.Combine(0, Plaintext)
        : HashCode.Combine(1, Sealed.Algorithm, Sealed.Ciphertext.Length, Convert.ToHexString(Sealed.Tag));

    // Never prints the details: events end up in logs and dead-letter reasons.
    public override string ToString() => Sealed is null
        ? "plaintext"
        : $"sealed({AlgorithmNames.Of(Sealed.Algorithm)}, {Sealed.Ciphertext.Length} bytes)";
}
