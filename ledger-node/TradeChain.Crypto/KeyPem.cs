using System.Security.Cryptography;

namespace TradeChain.Crypto;

/// <summary>PEM framing of key files, with errors that say which block was expected and which were found.</summary>
internal static class KeyPem
{
    public const string PublicKeyLabel = "PUBLIC KEY";
    public const string PrivateKeyLabel = "PRIVATE KEY";
    public const string EncryptedPrivateKeyLabel = "ENCRYPTED PRIVATE KEY";

    public static string Encode(string label, ReadOnlySpan<byte> der) => new(PemEncoding.Write(label, der));

    /// <summary>The DER of the first block labelled <paramref name="label"/>; other blocks (e.g. "EC PARAMETERS") are skipped.</summary>
    public static byte[] Decode(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var otherLabels = new List<string>();
        ReadOnlySpan<char> rest = pem;
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var foundLabel = rest[fields.Label];
            if (foundLabel.SequenceEqual(label))
            {
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(rest[fields.Base64Data], der, out var written) || written != der.Length)
                {
                    throw new FormatException($"PEM '{label}' has invalid base64");
                }
                return der;
            }
            otherLabels.Add($"'{foundLabel}'");
            rest = rest[fields.Location.End..];
        }
        throw new FormatException(otherLabels.Count == 0
            ? $"not a PEM '{label}': no PEM block found"
            : $"not a PEM '{label}': found {string.Join(", ", otherLabels)}");
    }

    /// <summary>
    /// Reads an EC private key PEM as PKCS#8, decrypting it when a passphrase is given. The
    /// caller owns (and should clear) the returned DER.
    /// </summary>
    public static EcKeyEncoding.EcPrivateKeyInfo ReadPrivateKey(string pkcs8Pem, string? passphrase, string curveOid, SuiteId suite, out byte[] pkcs8Der)
    {
        if (passphrase is null)
        {
            pkcs8Der = Decode(pkcs8Pem, PrivateKeyLabel);
            return EcKeyEncoding.ReadPkcs8(pkcs8Der, curveOid, suite);
        }

        RequireUsablePassphrase(passphrase);
        var encrypted = Decode(pkcs8Pem, EncryptedPrivateKeyLabel);
        pkcs8Der = Pkcs8Encryption.Decrypt(encrypted, passphrase);
        try
        {
            return EcKeyEncoding.ReadPkcs8(pkcs8Der, curveOid, suite);
        }
        catch (FormatException e)
        {
            // CBC padding passes by chance for 1 wrong passphrase in 256; the garbage then fails here.
            CryptographicOperations.ZeroMemory(pkcs8Der);
            throw new CryptographicException("wrong passphrase or corrupted key", e);
        }
    }

    public static void RequireUsablePassphrase(string passphrase)
    {
        if (passphrase.Length == 0)
        {
            throw new ArgumentException("passphrase is empty: pass null for an unencrypted key", nameof(passphrase));
        }
    }
}
