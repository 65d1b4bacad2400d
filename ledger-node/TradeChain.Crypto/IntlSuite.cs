using System.Security.Cryptography;

namespace TradeChain.Crypto;

/// <summary>
/// The international suite on .NET's platform crypto (OpenSSL on Linux): SHA-256, ECDSA P-256
/// with SHA-256 and DER signatures, AES-256-GCM.
/// </summary>
internal sealed class IntlSuite : ICryptoSuite
{
    public const int AesKeyBytes = 32;

    public SuiteId Id => SuiteId.Intl;

    public HashAlgorithm HashAlgorithm => HashAlgorithm.Sha256;

    public SignatureAlgorithm SignatureAlgorithm => SignatureAlgorithm.EcdsaP256WithSha256;

    public CipherAlgorithm CipherAlgorithm => CipherAlgorithm.Aes256Gcm;

    public int CipherKeyBytes => AesKeyBytes;

    public Digest Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> output = stackalloc byte[Digest.SizeBytes];
        SHA256.HashData(data, output);
        return new Digest(HashAlgorithm.Sha256, output);
    }

    public IHasher CreateHasher() => new Sha256Hasher();

    public ISigningKey GenerateSigningKey() => new IntlSigningKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public ISigningKey ImportSigningKey(string pkcs8Pem, string? passphrase = null)
    {
        // Read (and decrypt) ourselves first so a wrong curve or passphrase gets the same message as in suite sm.
        var info = KeyPem.ReadPrivateKey(pkcs8Pem, passphrase, EcKeyEncoding.NistP256, SuiteId.Intl, out var pkcs8Der);
        CryptographicOperations.ZeroMemory(info.PrivateScalar);
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8Der, out _);
            return new IntlSigningKey(ecdsa);
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw new CryptographicException($"not a valid P-256 private key: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8Der);
        }
    }

    public PublicKey ImportPublicKey(string spkiPem)
    {
        var ecdsa = ParsePublicKey(KeyPem.Decode(spkiPem, KeyPem.PublicKeyLabel));
        // Re-exported so that the same key read from differently encoded files compares equal.
        return new PublicKey(SignatureAlgorithm.EcdsaP256WithSha256, ecdsa.ExportSubjectPublicKeyInfo()) { CachedVerifier = ecdsa };
    }

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signature);
        if (key.Algorithm != SignatureAlgorithm.EcdsaP256WithSha256 || signature.Algorithm != SignatureAlgorithm.EcdsaP256WithSha256)
        {
            return false;
        }
        if (VerifierFor(key) is not { } ecdsa)
        {
            return false;
        }
        try
        {
            return ecdsa.VerifyData(message, signature.Der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public SealedData Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> nonce = stackalloc byte[SealedData.NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        return Seal(key, nonce, plaintext, associatedData);
    }

    public SealedData Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        RequireKeyAndNonce(key, nonce);
        var ciphertext = new byte[plaintext.Length];
        Span<byte> tag = stackalloc byte[SealedData.TagBytes];
        using (var aes = new AesGcm(key, SealedData.TagBytes))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        return new SealedData(CipherAlgorithm.Aes256Gcm, nonce, ciphertext, tag);
    }

    public byte[] Open(ReadOnlySpan<byte> key, SealedData sealedData, ReadOnlySpan<byte> associatedData)
    {
        ArgumentNullException.ThrowIfNull(sealedData);
        if (sealedData.Algorithm != CipherAlgorithm.Aes256Gcm)
        {
            throw new ArgumentException(
                $"sealed with {AlgorithmNames.Of(sealedData.Algorithm)}, suite intl opens aes-256-gcm: use CryptoSuites.ForCipher",
                nameof(sealedData));
        }
        RequireKeyAndNonce(key, sealedData.Nonce);
        var plaintext = new byte[sealedData.Ciphertext.Length];
        using var aes = new AesGcm(key, SealedData.TagBytes);
        aes.Decrypt(sealedData.Nonce, sealedData.Ciphertext, sealedData.Tag, plaintext, associatedData);
        return plaintext;
    }

    // Shared across threads: OpenSSL verification only reads the key and takes a fresh
    // context per call (CryptoSuitesTests checks concurrent verification).
    private static ECDsa? VerifierFor(PublicKey key) => key.VerifierOrNull(ParsePublicKey);

    private static ECDsa ParsePublicKey(byte[] spki)
    {
        EcKeyEncoding.ReadSpki(spki, EcKeyEncoding.NistP256, SuiteId.Intl);
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
            return ecdsa;
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw new CryptographicException($"public key is not a valid P-256 point: {e.Message}", e);
        }
    }

    private static void RequireKeyAndNonce(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != AesKeyBytes)
        {
            throw new ArgumentException($"aes-256-gcm needs a {AesKeyBytes}-byte key, got {key.Length} bytes", nameof(key));
        }
        if (nonce.Length != SealedData.NonceBytes)
        {
            throw new ArgumentException($"aes-256-gcm needs a {SealedData.NonceBytes}-byte nonce, got {nonce.Length} bytes", nameof(nonce));
        }
    }

    private sealed class Sha256Hasher : IHasher
    {
        private IncrementalHash? _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public void Append(ReadOnlySpan<byte> data) =>
            (_sha256 ?? throw new InvalidOperationException("hasher already finished")).AppendData(data);

        public Digest Finish()
        {
            using var sha256 = _sha256 ?? throw new InvalidOperationException("hasher already finished");
            _sha256 = null;
            Span<byte> output = stackalloc byte[Digest.SizeBytes];
            sha256.GetHashAndReset(output);
            return new Digest(HashAlgorithm.Sha256, output);
        }
    }
}
