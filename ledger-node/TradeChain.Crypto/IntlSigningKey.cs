using System.Security.Cryptography;

namespace TradeChain.Crypto;

/// <summary>An ECDSA P-256 private key held by the platform.</summary>
internal sealed class IntlSigningKey : ISigningKey
{
    private readonly ECDsa _ecdsa;

    public IntlSigningKey(ECDsa ecdsa)
    {
        _ecdsa = ecdsa;
        PublicKey = new PublicKey(SignatureAlgorithm.EcdsaP256WithSha256, ecdsa.ExportSubjectPublicKeyInfo());
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.EcdsaP256WithSha256;

    public PublicKey PublicKey { get; }

    public Signature Sign(ReadOnlySpan<byte> message)
    {
        Span<byte> der = stackalloc byte[Signature.MaxDerBytes];
        if (!_ecdsa.TrySignData(message, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence, out var written))
        {
            throw new CryptographicException($"P-256 signature did not fit in {Signature.MaxDerBytes} bytes");
        }
        return new Signature(SignatureAlgorithm.EcdsaP256WithSha256, der[..written]);
    }

    public string ExportPkcs8Pem(string? passphrase = null)
    {
        if (passphrase is null)
        {
            return _ecdsa.ExportPkcs8PrivateKeyPem();
        }
        KeyPem.RequireUsablePassphrase(passphrase);
        return _ecdsa.ExportEncryptedPkcs8PrivateKeyPem(
            passphrase,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pkcs8Encryption.Pbkdf2Iterations));
    }

    public string ExportPublicKeyPem() => KeyPem.Encode(KeyPem.PublicKeyLabel, PublicKey.Spki);

    public void Dispose() => _ecdsa.Dispose();
}
