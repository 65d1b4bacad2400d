using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace TradeChain.Crypto;

/// <summary>
/// The national-standard suite: SM3 (GB/T 32905), SM2 signatures on sm2p256v1 (GB/T 32918,
/// GM/T 0003), SM4-GCM (GB/T 32907 block cipher in NIST SP 800-38D mode, as RFC 8998 uses it).
/// All on BouncyCastle, whose SM2Signer and GcmBlockCipher are stateful: one per call.
/// </summary>
internal sealed class SmSuite : ICryptoSuite
{
    public const int Sm4KeyBytes = 16;
    private const int TagBits = SealedData.TagBytes * 8;

    /// <summary>The id GM/T 0009-2012 §10 fixes when parties agree on none; Z(A) hashes it.</summary>
    internal static readonly byte[] DefaultUserId = "1234567812345678"u8.ToArray();

    /// <summary>
    /// BouncyCastle's specialised sm2p256v1 arithmetic: GMNamedCurves' generic FpCurve is several
    /// times slower and allocates ~2 MB per verification.
    /// </summary>
    internal static readonly ECDomainParameters Domain = new(CustomNamedCurves.GetByOid(GMObjectIdentifiers.sm2p256v1));

    internal static readonly SecureRandom Random = new();

    [ThreadStatic]
    private static SM3Digest? t_sm3;

    public SuiteId Id => SuiteId.Sm;

    public HashAlgorithm HashAlgorithm => HashAlgorithm.Sm3;

    public SignatureAlgorithm SignatureAlgorithm => SignatureAlgorithm.Sm2WithSm3;

    public CipherAlgorithm CipherAlgorithm => CipherAlgorithm.Sm4Gcm;

    public int CipherKeyBytes => Sm4KeyBytes;

    public Digest Hash(ReadOnlySpan<byte> data)
    {
        // Merkle trees hash millions of small nodes: reuse the digest state instead of allocating it.
        var sm3 = t_sm3 ??= new SM3Digest();
        sm3.BlockUpdate(data);
        Span<byte> output = stackalloc byte[Digest.SizeBytes];
        sm3.DoFinal(output);
        return new Digest(HashAlgorithm.Sm3, output);
    }

    public IHasher CreateHasher() => new Sm3Hasher();

    public ISigningKey GenerateSigningKey()
    {
        // GB/T 32918.1 §6.1 draws d from [1, n-2]: d = n-1 has no (1+d)^-1 for signing.
        var d = BigIntegers.CreateRandomInRange(BigInteger.One, Domain.N.Subtract(BigInteger.Two), Random);
        return new SmSigningKey(new ECPrivateKeyParameters(d, Domain));
    }

    public ISigningKey ImportSigningKey(string pkcs8Pem, string? passphrase = null)
    {
        var info = KeyPem.ReadPrivateKey(pkcs8Pem, passphrase, EcKeyEncoding.Sm2P256V1, SuiteId.Sm, out var pkcs8Der);
        try
        {
            var d = new BigInteger(1, info.PrivateScalar);
            if (d.SignValue <= 0 || d.CompareTo(Domain.N.Subtract(BigInteger.One)) >= 0)
            {
                throw new CryptographicException("corrupted key: SM2 private scalar is outside [1, n-2]");
            }
            var key = new SmSigningKey(new ECPrivateKeyParameters(d, Domain));
            if (info.Point is not null && !key.PublicParameters.Q.Equals(DecodePoint(info.Point)))
            {
                key.Dispose();
                throw new CryptographicException("corrupted key: its public key does not match its private key");
            }
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(info.PrivateScalar);
            CryptographicOperations.ZeroMemory(pkcs8Der);
        }
    }

    public PublicKey ImportPublicKey(string spkiPem)
    {
        var publicKey = ParsePublicKey(KeyPem.Decode(spkiPem, KeyPem.PublicKeyLabel));
        return CreatePublicKey(publicKey);
    }

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature) =>
        Verify(key, message, signature, DefaultUserId);

    /// <summary>Verification with another user id, for the standard's vectors and peers that use one.</summary>
    internal static bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature, byte[] userId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signature);
        if (key.Algorithm != SignatureAlgorithm.Sm2WithSm3 || signature.Algorithm != SignatureAlgorithm.Sm2WithSm3)
        {
            return false;
        }
        if (VerifierFor(key) is not { } publicKey)
        {
            return false;
        }
        var signer = new SM2Signer();
        signer.Init(false, new ParametersWithID(publicKey, userId));
        signer.BlockUpdate(message);
        // SM2Signer returns false for malformed or non-canonical DER and out-of-range r, s.
        return signer.VerifySignature(signature.Der.ToArray());
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
        var gcm = CreateGcm(forEncryption: true, key, nonce);
        gcm.ProcessAadBytes(associatedData);
        var output = new byte[gcm.GetOutputSize(plaintext.Length)];
        var written = gcm.ProcessBytes(plaintext, output);
        written += gcm.DoFinal(output.AsSpan(written));
        var ciphertextBytes = written - SealedData.TagBytes;
        return new SealedData(CipherAlgorithm.Sm4Gcm, nonce, output.AsSpan(0, ciphertextBytes), output.AsSpan(ciphertextBytes, SealedData.TagBytes));
    }

    public byte[] Open(ReadOnlySpan<byte> key, SealedData sealedData, ReadOnlySpan<byte> associatedData)
    {
        ArgumentNullException.ThrowIfNull(sealedData);
        if (sealedData.Algorithm != CipherAlgorithm.Sm4Gcm)
        {
            throw new ArgumentException(
                $"sealed with {AlgorithmNames.Of(sealedData.Algorithm)}, suite sm opens sm4-gcm: use CryptoSuites.ForCipher",
                nameof(sealedData));
        }
        RequireKeyAndNonce(key, sealedData.Nonce);
        var gcm = CreateGcm(forEncryption: false, key, sealedData.Nonce);
        gcm.ProcessAadBytes(associatedData);
        // BouncyCastle's GCM wants ciphertext and tag as one stream.
        var input = new byte[sealedData.Ciphertext.Length + SealedData.TagBytes];
        sealedData.Ciphertext.CopyTo(input);
        sealedData.Tag.CopyTo(input.AsSpan(sealedData.Ciphertext.Length));
        var plaintext = new byte[sealedData.Ciphertext.Length];
        try
        {
            var written = gcm.ProcessBytes(input, plaintext);
            gcm.DoFinal(plaintext.AsSpan(written));
            return plaintext;
        }
        catch (InvalidCipherTextException)
        {
            // GCM decrypts before it authenticates: don't leave unauthenticated plaintext around.
            CryptographicOperations.ZeroMemory(plaintext);
            throw new AuthenticationTagMismatchException("sm4-gcm tag mismatch: wrong key, nonce or associated data, or tampered data");
        }
    }

    internal static PublicKey CreatePublicKey(ECPublicKeyParameters publicKey) =>
        new(SignatureAlgorithm.Sm2WithSm3, EcKeyEncoding.WriteSpki(EcKeyEncoding.Sm2P256V1, publicKey.Q.GetEncoded(false)))
        {
            CachedVerifier = publicKey,
        };

    // Cached with the key so the point is decoded and validated once and BouncyCastle's
    // per-point wNAF precomputation for it is kept across verifications.
    private static ECPublicKeyParameters? VerifierFor(PublicKey key) => key.VerifierOrNull(ParsePublicKey);

    private static ECPublicKeyParameters ParsePublicKey(byte[] spki)
    {
        var point = DecodePoint(EcKeyEncoding.ReadSpki(spki, EcKeyEncoding.Sm2P256V1, SuiteId.Sm));
        try
        {
            return new ECPublicKeyParameters(point, Domain);
        }
        catch (ArgumentException e)
        {
            throw new CryptographicException($"public key is not a valid sm2p256v1 point: {e.Message}", e);
        }
    }

    private static Org.BouncyCastle.Math.EC.ECPoint DecodePoint(byte[] encoded)
    {
        try
        {
            return Domain.Curve.DecodePoint(encoded);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or ArithmeticException)
        {
            throw new CryptographicException($"public key is not a valid sm2p256v1 point: {e.Message}", e);
        }
    }

    private static GcmBlockCipher CreateGcm(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        var gcm = new GcmBlockCipher(new SM4Engine());
        gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key), TagBits, nonce.ToArray()));
        return gcm;
    }

    private static void RequireKeyAndNonce(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != Sm4KeyBytes)
        {
            throw new ArgumentException($"sm4-gcm needs a {Sm4KeyBytes}-byte key, got {key.Length} bytes", nameof(key));
        }
        if (nonce.Length != SealedData.NonceBytes)
        {
            throw new ArgumentException($"sm4-gcm needs a {SealedData.NonceBytes}-byte nonce, got {nonce.Length} bytes", nameof(nonce));
        }
    }

    private sealed class Sm3Hasher : IHasher
    {
        private SM3Digest? _sm3 = new();

        public void Append(ReadOnlySpan<byte> data) =>
            (_sm3 ?? throw new InvalidOperationException("hasher already finished")).BlockUpdate(data);

        public Digest Finish()
        {
            var sm3 = _sm3 ?? throw new InvalidOperationException("hasher already finished");
            _sm3 = null;
            Span<byte> output = stackalloc byte[Digest.SizeBytes];
            sm3.DoFinal(output);
            return new Digest(HashAlgorithm.Sm3, output);
        }
    }
}
