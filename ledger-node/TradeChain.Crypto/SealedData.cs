namespace TradeChain.Crypto;

/// <summary>
/// Authenticated ciphertext that names its cipher: nonce, ciphertext and tag. Used for the
/// sensitive part of trade events (declared value, consignee details).
/// </summary>
public sealed class SealedData
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    private readonly byte[] _nonce;
    private readonly byte[] _ciphertext;
    private readonly byte[] _tag;

    public SealedData(CipherAlgorithm algorithm, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag)
    {
        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown cipher algorithm");
        }
        if (nonce.Length != NonceBytes)
        {
            throw new ArgumentException($"nonce must be {NonceBytes} bytes, got {nonce.Length}", nameof(nonce));
        }
        if (tag.Length != TagBytes)
        {
            throw new ArgumentException($"tag must be {TagBytes} bytes, got {tag.Length}", nameof(tag));
        }
        Algorithm = algorithm;
        _nonce = nonce.ToArray();
        _ciphertext = ciphertext.ToArray();
        _tag = tag.ToArray();
    }

    public CipherAlgorithm Algorithm { get; }

    public ReadOnlySpan<byte> Nonce => _nonce;

    public ReadOnlySpan<byte> Ciphertext => _ciphertext;

    public ReadOnlySpan<byte> Tag => _tag;
}
