using FsCheck;
using FsCheck.Fluent;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Xunit;

namespace TradeChain.Crypto.Tests;

[Trait("Category", "Crypto")]
public sealed class Sm2Tests
{
    // GM/T 0003.5-2012 Annex A (= GB/T 32918.5-2017 Annex A): the signature example on the
    // recommended curve sm2p256v1, with the default user id "1234567812345678". Reproduced in
    // OpenSSL test/sm2_internal_test.c ("From Annex A in both GM/T0003.5-2012 and GB/T 32918.5").
    internal const string StandardPrivateKey = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
    internal const string StandardPublicX = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
    internal const string StandardPublicY = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
    private const string StandardR = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
    private const string StandardS = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";

    private static readonly byte[] StandardMessage = TestData.Ascii("message digest");

    private static PublicKey StandardPublicKey() =>
        new(SignatureAlgorithm.Sm2WithSm3, TestData.Hex(TestData.Sm2SpkiPrefixHex + "04" + StandardPublicX + StandardPublicY));

    private static Signature StandardSignature() =>
        new(SignatureAlgorithm.Sm2WithSm3, TestData.DerSignature(StandardR, StandardS));

    [Fact]
    public void Verifies_the_standard_example()
    {
        Assert.True(CryptoSuites.Sm.Verify(StandardPublicKey(), StandardMessage, StandardSignature()));
        Assert.True(CryptoSuites.Verify(StandardPublicKey(), StandardMessage, StandardSignature()));
    }

    [Fact]
    public void Standard_example_fails_with_another_user_id_or_message()
    {
        Assert.False(SmSuite.Verify(StandardPublicKey(), StandardMessage, StandardSignature(), TestData.Ascii("ALICE123@YAHOO.COM")));
        Assert.False(CryptoSuites.Sm.Verify(StandardPublicKey(), TestData.Ascii("message digesT"), StandardSignature()));
    }

    [Fact]
    public void Importing_the_standard_private_key_yields_the_standard_public_key()
    {
        using var key = CryptoSuites.Sm.ImportSigningKey(BouncyCastlePkcs8Pem(StandardPrivateKey));

        Assert.Equal(StandardPublicKey(), key.PublicKey);
        Assert.True(CryptoSuites.Sm.Verify(key.PublicKey, StandardMessage, key.Sign(StandardMessage)));
    }

    // BouncyCastle's SM2SignerTest.DoSignerTestFpStandardSM3: sm2p256v1 with the user id
    // "sm2test@example.com" (the standard's own Annex A example uses the default id, above).
    [Fact]
    public void Verifies_with_an_explicit_user_id()
    {
        using var key = CryptoSuites.Sm.ImportSigningKey(BouncyCastlePkcs8Pem("110E7973206F68C19EE5F7328C036F26911C8C73B4E4F36AE3291097F8984FFC"));
        var signature = new Signature(
            SignatureAlgorithm.Sm2WithSm3,
            TestData.DerSignature(
                "05890B9077B92E47B17A1FF42A814280E556AFD92B4A98B9670BF8B1A274C2FA",
                "E3ABBB8DB2B6ECD9B24ECCEA7F679FB9A4B1DB52F4AA985E443AD73237FA1993"));
        var message = TestData.Ascii("hi chappy");

        Assert.True(SmSuite.Verify(key.PublicKey, message, signature, TestData.Ascii("sm2test@example.com")));
        Assert.False(CryptoSuites.Sm.Verify(key.PublicKey, message, signature));
    }

    [Fact]
    public void Own_signature_verifies_with_an_independent_bouncycastle_sm2_signer_and_default_id()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var message = TestData.Ascii("batch root 42");
        var signature = key.Sign(message);

        var bcPublicKey = (ECPublicKeyParameters)PublicKeyFactory.CreateKey(key.PublicKey.Spki.ToArray());
        var signer = new SM2Signer(new Org.BouncyCastle.Crypto.Digests.SM3Digest());
        signer.Init(false, new ParametersWithID(bcPublicKey, TestData.Ascii("1234567812345678")));
        signer.BlockUpdate(message, 0, message.Length);

        Assert.Equal(SignatureAlgorithm.Sm2WithSm3, signature.Algorithm);
        Assert.Equal(0x30, signature.Der[0]);
        Assert.True(signer.VerifySignature(signature.Der.ToArray()));
    }

    [Fact]
    public void Bouncycastle_signature_with_default_id_verifies_here()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var bcPrivateKey = (ECPrivateKeyParameters)new PemReader(new StringReader(key.ExportPkcs8Pem())).ReadObject();
        var message = TestData.Ascii("gate-out CNTSN container MSCU1234566");
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithID(bcPrivateKey, TestData.Ascii("1234567812345678")));
        signer.BlockUpdate(message, 0, message.Length);

        var signature = new Signature(SignatureAlgorithm.Sm2WithSm3, signer.GenerateSignature());

        Assert.True(CryptoSuites.Sm.Verify(key.PublicKey, message, signature));
    }

    [Fact]
    public void Rejects_tampered_message_wrong_key_and_every_single_byte_flip()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        using var otherKey = CryptoSuites.Sm.GenerateSigningKey();
        var message = TestData.Ascii("release CNPEK declaration 010120250000123456");
        var signature = key.Sign(message);
        Assert.True(CryptoSuites.Sm.Verify(key.PublicKey, message, signature));

        var tamperedMessage = message.ToArray();
        tamperedMessage[^1] ^= 0x01;
        Assert.False(CryptoSuites.Sm.Verify(key.PublicKey, tamperedMessage, signature));
        Assert.False(CryptoSuites.Sm.Verify(otherKey.PublicKey, message, signature));

        for (var i = 0; i < signature.Der.Length; i++)
        {
            var flipped = signature.Der.ToArray();
            flipped[i] ^= (byte)(1 << (i % 8));
            Assert.False(CryptoSuites.Sm.Verify(key.PublicKey, message, new Signature(SignatureAlgorithm.Sm2WithSm3, flipped)), $"flip at byte {i}");
        }
    }

    [Fact]
    public void Rejects_any_flipped_bits_in_the_standard_signature()
    {
        var der = StandardSignature().Der.ToArray();
        var flips = Gen.Zip(Gen.Choose(0, der.Length - 1), Gen.Choose(1, 255));

        Prop.ForAll(flips.ToArbitrary(), flip =>
        {
            var tampered = der.ToArray();
            tampered[flip.Item1] ^= (byte)flip.Item2;
            return !CryptoSuites.Sm.Verify(StandardPublicKey(), StandardMessage, new Signature(SignatureAlgorithm.Sm2WithSm3, tampered));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Returns_false_for_garbage_signatures_and_keys()
    {
        var derLike = Gen.Choose(1, Signature.MaxDerBytes).SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length));

        Prop.ForAll(derLike.ToArbitrary(), bytes =>
            !CryptoSuites.Sm.Verify(StandardPublicKey(), StandardMessage, new Signature(SignatureAlgorithm.Sm2WithSm3, bytes))).QuickCheckThrowOnFailure();

        var spkiLike = Gen.Choose(1, 120).SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length));
        Prop.ForAll(spkiLike.ToArbitrary(), bytes =>
            !CryptoSuites.Sm.Verify(new PublicKey(SignatureAlgorithm.Sm2WithSm3, bytes), StandardMessage, StandardSignature())).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Returns_false_for_out_of_range_or_non_canonical_signatures()
    {
        var n = GMNamedCurves.GetByName("sm2p256v1").N.ToString(16);
        Assert.False(Verify(TestData.DerSignature("00", StandardS)));
        Assert.False(Verify(TestData.DerSignature(StandardR, "00")));
        Assert.False(Verify(TestData.DerSignature(n, StandardS)));
        Assert.False(Verify(TestData.DerSignature(StandardR, n)));

        static bool Verify(byte[] der) =>
            CryptoSuites.Sm.Verify(StandardPublicKey(), StandardMessage, new Signature(SignatureAlgorithm.Sm2WithSm3, der));
    }

    [Fact]
    public void Returns_false_for_a_valid_signature_in_non_der_encodings()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var message = TestData.Ascii("manifest");
        var der = TestData.ShortSignature(key, message);
        Assert.True(CryptoSuites.Sm.Verify(key.PublicKey, message, new Signature(SignatureAlgorithm.Sm2WithSm3, der)));

        foreach (var ber in TestData.BerVariants(der))
        {
            Assert.False(CryptoSuites.Sm.Verify(key.PublicKey, message, new Signature(SignatureAlgorithm.Sm2WithSm3, ber)));
        }
    }

    [Fact]
    public void A_point_off_the_curve_is_not_a_key()
    {
        var offCurveY = StandardPublicY[..^1] + "4";
        var offCurve = new PublicKey(SignatureAlgorithm.Sm2WithSm3, TestData.Hex(TestData.Sm2SpkiPrefixHex + "04" + StandardPublicX + offCurveY));

        Assert.False(CryptoSuites.Sm.Verify(offCurve, StandardMessage, StandardSignature()));
        Assert.False(CryptoSuites.Sm.Verify(offCurve, StandardMessage, StandardSignature()));
    }

    [Fact]
    public void Sign_after_dispose_throws()
    {
        var key = CryptoSuites.Sm.GenerateSigningKey();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign([1]));
    }

    /// <summary>PKCS#8 PEM for d on sm2p256v1 written by BouncyCastle, not by the code under test.</summary>
    private static string BouncyCastlePkcs8Pem(string privateKeyHex)
    {
        var d = new BigInteger(privateKeyHex, 16);
        var privateKey = new ECPrivateKeyParameters("EC", d, GMObjectIdentifiers.sm2p256v1);
        var der = PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetEncoded();
        return new string(System.Security.Cryptography.PemEncoding.Write("PRIVATE KEY", der));
    }
}
