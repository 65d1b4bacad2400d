using System.Formats.Asn1;
using System.Security.Cryptography;

namespace TradeChain.Crypto;

/// <summary>
/// PBES2 (RFC 8018) for PKCS#8 keys: PBKDF2-HMAC-SHA256 and AES-256-CBC, the scheme .NET's
/// ExportEncryptedPkcs8PrivateKeyPem and OpenSSL 3 write. Implemented here because BouncyCastle's
/// PKCS#8 generator offers only the legacy SHA-1 PKCS#12 schemes, and .NET cannot hold an SM2 key.
/// </summary>
internal static class Pkcs8Encryption
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.2 s per export or import.</summary>
    public const int Pbkdf2Iterations = 600_000;

    /// <summary>A hostile key file must not pin a core for minutes before the passphrase check.</summary>
    private const int MaxPbkdf2Iterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int AesBlockBytes = 16;

    private const string Pbes2 = "1.2.840.113549.1.5.13";
    private const string Pbkdf2 = "1.2.840.113549.1.5.12";
    private const string HmacWithSha1 = "1.2.840.113549.2.7";
    private const string HmacWithSha256 = "1.2.840.113549.2.9";
    private const string HmacWithSha384 = "1.2.840.113549.2.10";
    private const string HmacWithSha512 = "1.2.840.113549.2.11";
    private const string Aes128Cbc = "2.16.840.1.101.3.4.1.2";
    private const string Aes192Cbc = "2.16.840.1.101.3.4.1.22";
    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";

    /// <summary>EncryptedPrivateKeyInfo DER around a PKCS#8 PrivateKeyInfo.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> privateKeyInfo, string passphrase)
    {
        Span<byte> salt = stackalloc byte[SaltBytes];
        Span<byte> iv = stackalloc byte[AesBlockBytes];
        Span<byte> key = stackalloc byte[32];
        RandomNumberGenerator.Fill(salt);
        RandomNumberGenerator.Fill(iv);
        byte[] ciphertext;
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, key, Pbkdf2Iterations, HashAlgorithmName.SHA256);
            using var aes = Aes.Create();
            aes.SetKey(key);
            ciphertext = aes.EncryptCbc(privateKeyInfo, iv, PaddingMode.PKCS7);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Pbes2);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Pbkdf2);
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(salt);
                            writer.WriteInteger(Pbkdf2Iterations);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(HmacWithSha256);
                                writer.WriteNull();
                            }
                        }
                    }
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Aes256Cbc);
                        writer.WriteOctetString(iv);
                    }
                }
            }
            writer.WriteOctetString(ciphertext);
        }
        return writer.Encode();
    }

    /// <summary>The PrivateKeyInfo DER inside; the caller owns (and should clear) it.</summary>
    public static byte[] Decrypt(ReadOnlyMemory<byte> encryptedPrivateKeyInfo, string passphrase)
    {
        Pbes2Parameters parameters;
        byte[] ciphertext;
        try
        {
            var outer = new AsnReader(encryptedPrivateKeyInfo, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            parameters = ReadPbes2(info.ReadSequence());
            ciphertext = info.ReadOctetString();
            info.ThrowIfNotEmpty();
        }
        catch (AsnContentException e)
        {
            throw new FormatException($"not a valid EncryptedPrivateKeyInfo: {e.Message}", e);
        }

        Span<byte> key = stackalloc byte[parameters.KeyBytes];
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(passphrase, parameters.Salt, key, parameters.Iterations, parameters.Prf);
            using var aes = Aes.Create();
            aes.SetKey(key);
            return aes.DecryptCbc(ciphertext, parameters.Iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException("wrong passphrase or corrupted key", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private sealed record Pbes2Parameters(byte[] Salt, int Iterations, HashAlgorithmName Prf, int KeyBytes, byte[] Iv);

    private static Pbes2Parameters ReadPbes2(AsnReader algorithm)
    {
        const string supported = "supported: PBES2 with PBKDF2 (HMAC-SHA1/256/384/512) and AES-CBC";
        var scheme = algorithm.ReadObjectIdentifier();
        if (scheme != Pbes2)
        {
            throw new FormatException($"key is encrypted with {scheme}; {supported}");
        }
        var pbes2 = algorithm.ReadSequence();
        algorithm.ThrowIfNotEmpty();

        var kdf = pbes2.ReadSequence();
        var kdfOid = kdf.ReadObjectIdentifier();
        if (kdfOid != Pbkdf2)
        {
            throw new FormatException($"key derivation {kdfOid} is not PBKDF2; {supported}");
        }
        var pbkdf2 = kdf.ReadSequence();
        var salt = pbkdf2.ReadOctetString();
        if (!pbkdf2.TryReadInt32(out var iterations) || iterations is < 1 or > MaxPbkdf2Iterations)
        {
            throw new FormatException($"PBKDF2 iteration count must be 1..{MaxPbkdf2Iterations}");
        }
        int? declaredKeyBytes = null;
        if (pbkdf2.HasData && pbkdf2.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            declaredKeyBytes = pbkdf2.TryReadInt32(out var keyLength) ? keyLength : -1;
        }
        // RFC 8018 makes HMAC-SHA1 the PRF when none is named.
        var prf = HashAlgorithmName.SHA1;
        if (pbkdf2.HasData)
        {
            var prfAlgorithm = pbkdf2.ReadSequence();
            var prfOid = prfAlgorithm.ReadObjectIdentifier();
            prf = prfOid switch
            {
                HmacWithSha1 => HashAlgorithmName.SHA1,
                HmacWithSha256 => HashAlgorithmName.SHA256,
                HmacWithSha384 => HashAlgorithmName.SHA384,
                HmacWithSha512 => HashAlgorithmName.SHA512,
                _ => throw new FormatException($"PBKDF2 PRF {prfOid} is not supported; {supported}"),
            };
        }
        pbkdf2.ThrowIfNotEmpty();
        kdf.ThrowIfNotEmpty();

        var cipher = pbes2.ReadSequence();
        var cipherOid = cipher.ReadObjectIdentifier();
        var keyBytes = cipherOid switch
        {
            Aes128Cbc => 16,
            Aes192Cbc => 24,
            Aes256Cbc => 32,
            _ => throw new FormatException($"key cipher {cipherOid} is not supported; {supported}"),
        };
        if (declaredKeyBytes is { } declared && declared != keyBytes)
        {
            throw new FormatException($"PBKDF2 key length {declared} does not fit the cipher's {keyBytes}-byte key");
        }
        var iv = cipher.ReadOctetString();
        if (iv.Length != AesBlockBytes)
        {
            throw new FormatException($"AES-CBC IV must be {AesBlockBytes} bytes, got {iv.Length}");
        }
        cipher.ThrowIfNotEmpty();
        pbes2.ThrowIfNotEmpty();
        return new Pbes2Parameters(salt, iterations, prf, keyBytes, iv);
    }
}
