using System.Formats.Asn1;
using System.Numerics;

namespace TradeChain.Crypto.Tests;

/// <summary>Encodings the tests build independently of the code under test.</summary>
internal static class TestData
{
    /// <summary>SPKI DER up to the point: id-ecPublicKey with the named curve sm2p256v1 (RFC 5480 layout).</summary>
    public const string Sm2SpkiPrefixHex = "3059301306072a8648ce3d020106082a811ccf5501822d034200";

    /// <summary>SPKI DER up to the point: id-ecPublicKey with the named curve prime256v1.</summary>
    public const string P256SpkiPrefixHex = "3059301306072a8648ce3d020106082a8648ce3d030107034200";

    /// <summary>Where the uncompressed point starts in both prefixes above.</summary>
    public const int SpkiPointOffset = 26;

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);


    /// <summary>DER SEQUENCE { INTEGER r, INTEGER s } from big-endian hex, as X9.62 / GM/T 0009 define it.</summary>
    public static byte[] DerSignature(string rHex, string sHex)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(Hex(rHex), isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(Hex(sHex), isUnsigned: true, isBigEndian: true));
        }
        return writer.Encode();
    }

    /// <summary>A signature short enough (at most 70 bytes) to be re-encoded longer within <see cref="Signature.MaxDerBytes"/>.</summary>
    public static byte[] ShortSignature(ISigningKey key, byte[] message)
    {
        while (true)
        {
            var der = key.Sign(message).Der.ToArray();
            if (der.Length <= 70)
            {
                return der;
            }
        }
    }

    /// <summary>The same (r, s) in BER that is not DER: long-form length, a needless leading zero, trailing data.</summary>
    public static IEnumerable<byte[]> BerVariants(byte[] der)
    {
        var r = der.AsSpan(4, der[3]).ToArray();
        var s = der.AsSpan(6 + r.Length).ToArray();
        yield return [0x30, 0x81, .. der[1..]];
        yield return [0x30, (byte)(der[1] + 1), 0x02, (byte)(r.Length + 1), 0x00, .. r, 0x02, (byte)s.Length, .. s];
        yield return [.. der, 0x00];
    }
}
