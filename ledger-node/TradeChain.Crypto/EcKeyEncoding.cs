using System.Formats.Asn1;
using System.Security.Cryptography;

namespace TradeChain.Crypto;

/// <summary>
/// DER of EC keys: SubjectPublicKeyInfo (RFC 5480) and PKCS#8 around an ECPrivateKey (RFC 5915).
/// Parsed here rather than by either crypto library so both suites reject a wrong algorithm or
/// curve with the same precise message, before any library sees the key.
/// </summary>
internal static class EcKeyEncoding
{
    public const string IdEcPublicKey = "1.2.840.10045.2.1";
    public const string Sm2P256V1 = "1.2.156.10197.1.301";
    public const string NistP256 = "1.2.840.10045.3.1.7";

    private static readonly Asn1Tag ParametersTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag PublicKeyTag = new(TagClass.ContextSpecific, 1, isConstructed: true);

    /// <param name="PrivateScalar">Big-endian d, as stored (RFC 5915 pads it to the field size).</param>
    /// <param name="Point">The public point the file carries, if any; it must match d.</param>
    public sealed record EcPrivateKeyInfo(byte[] PrivateScalar, byte[]? Point);

    public static string CurveName(string oid) => oid switch
    {
        Sm2P256V1 => "sm2p256v1",
        NistP256 => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        "1.3.132.0.10" => "secp256k1",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        _ => oid,
    };

    private static string KeyAlgorithmName(string oid) => oid switch
    {
        "1.2.840.113549.1.1.1" => $"rsaEncryption ({oid})",
        "1.3.101.112" => $"Ed25519 ({oid})",
        "1.3.101.110" => $"X25519 ({oid})",
        "1.2.840.10040.4.1" => $"DSA ({oid})",
        _ => oid,
    };

    /// <summary>The encoded public point, after checking the algorithm and curve.</summary>
    public static byte[] ReadSpki(ReadOnlyMemory<byte> der, string curveOid, SuiteId suite)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var spki = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            ReadEcAlgorithm(spki, curveOid, suite);
            var point = spki.ReadBitString(out var unusedBits);
            if (unusedBits != 0)
            {
                throw new FormatException("public key BIT STRING has unused bits");
            }
            spki.ThrowIfNotEmpty();
            return point;
        }
        catch (AsnContentException e)
        {
            throw new FormatException($"not a valid SubjectPublicKeyInfo: {e.Message}", e);
        }
    }

    public static EcPrivateKeyInfo ReadPkcs8(ReadOnlyMemory<byte> der, string curveOid, SuiteId suite)
    {
        byte[]? ecPrivateKey = null;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var pkcs8 = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            // 0 is PKCS#8 v1; 1 is RFC 5958's OneAsymmetricKey, whose extra fields we don't need.
            if (!pkcs8.TryReadInt32(out var version) || version is not (0 or 1))
            {
                throw new FormatException("PKCS#8 version must be 0 or 1");
            }
            ReadEcAlgorithm(pkcs8, curveOid, suite);
            ecPrivateKey = pkcs8.ReadOctetString();

            var ecReader = new AsnReader(ecPrivateKey, AsnEncodingRules.DER);
            var ec = ecReader.ReadSequence();
            ecReader.ThrowIfNotEmpty();
            if (!ec.TryReadInt32(out var ecVersion) || ecVersion != 1)
            {
                throw new FormatException("ECPrivateKey version must be 1");
            }
            var scalar = ec.ReadOctetString();
            if (ec.HasData && ec.PeekTag().HasSameClassAndValue(ParametersTag))
            {
                var parameters = ec.ReadSequence(ParametersTag);
                var innerCurve = parameters.ReadObjectIdentifier();
                if (innerCurve != curveOid)
                {
                    throw new CryptographicException(
                        $"corrupted key: ECPrivateKey names curve {CurveName(innerCurve)} but its PKCS#8 header names {CurveName(curveOid)}");
                }
            }
            byte[]? point = null;
            if (ec.HasData && ec.PeekTag().HasSameClassAndValue(PublicKeyTag))
            {
                var publicKey = ec.ReadSequence(PublicKeyTag);
                point = publicKey.ReadBitString(out var unusedBits);
                if (unusedBits != 0)
                {
                    throw new FormatException("ECPrivateKey public key BIT STRING has unused bits");
                }
            }
            return new EcPrivateKeyInfo(scalar, point);
        }
        catch (AsnContentException e)
        {
            throw new FormatException($"not a valid PKCS#8 EC private key: {e.Message}", e);
        }
        finally
        {
            if (ecPrivateKey is not null)
            {
                CryptographicOperations.ZeroMemory(ecPrivateKey);
            }
        }
    }

    public static byte[] WriteSpki(string curveOid, ReadOnlySpan<byte> point)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteEcAlgorithm(writer, curveOid);
            writer.WriteBitString(point);
        }
        return writer.Encode();
    }

    /// <summary>PKCS#8 as OpenSSL writes EC keys: the curve in the header, the public point inside.</summary>
    public static byte[] WritePkcs8(string curveOid, ReadOnlySpan<byte> privateScalar, ReadOnlySpan<byte> point)
    {
        var ec = new AsnWriter(AsnEncodingRules.DER);
        using (ec.PushSequence())
        {
            ec.WriteInteger(1);
            ec.WriteOctetString(privateScalar);
            using (ec.PushSequence(PublicKeyTag))
            {
                ec.WriteBitString(point);
            }
        }
        var ecDer = ec.Encode();
        try
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                WriteEcAlgorithm(writer, curveOid);
                writer.WriteOctetString(ecDer);
            }
            return writer.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ecDer);
        }
    }

    private static void ReadEcAlgorithm(AsnReader parent, string curveOid, SuiteId suite)
    {
        var suiteName = AlgorithmNames.Of(suite);
        var algorithm = parent.ReadSequence();
        var algorithmOid = algorithm.ReadObjectIdentifier();
        if (algorithmOid != IdEcPublicKey)
        {
            throw new CryptographicException(
                $"key algorithm is {KeyAlgorithmName(algorithmOid)}, suite {suiteName} needs an EC key on {CurveName(curveOid)}");
        }
        if (!algorithm.HasData || !algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            throw new CryptographicException(
                $"key has explicit or implicit EC parameters, suite {suiteName} needs the named curve {CurveName(curveOid)}");
        }
        var keyCurve = algorithm.ReadObjectIdentifier();
        algorithm.ThrowIfNotEmpty();
        if (keyCurve != curveOid)
        {
            throw new CryptographicException($"key is on curve {CurveName(keyCurve)}, suite {suiteName} needs {CurveName(curveOid)}");
        }
    }

    private static void WriteEcAlgorithm(AsnWriter writer, string curveOid)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(IdEcPublicKey);
            writer.WriteObjectIdentifier(curveOid);
        }
    }
}
