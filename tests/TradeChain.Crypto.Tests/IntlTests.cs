using FsCheck;
using FsCheck.Fluent;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Xunit;

namespace TradeChain.Crypto.Tests;

[Trait("Category", "Crypto")]
public sealed class IntlTests
{
    // RFC 6979 Appendix A.2.5: ECDSA on P-256 with SHA-256; key x = C9AFA9D8…6721.
    private const string Rfc6979PublicX = "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6";
    private const string Rfc6979PublicY = "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";

    private static PublicKey Rfc6979PublicKey() =>
        new(SignatureAlgorithm.EcdsaP256WithSha256, TestData.Hex(TestData.P256SpkiPrefixHex + "04" + Rfc6979PublicX + Rfc6979PublicY));

    // FIPS 180-2 Appendix B (NIST CSRC "SHA256.pdf" examples): one block, the empty string, two blocks.
    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256_matches_nist_examples(string message, string expectedHex)
    {
        var digest = CryptoSuites.Intl.Hash(TestData.Ascii(message));

        Assert.Equal(HashAlgorithm.Sha256, digest.Algorithm);
        Assert.Equal(expectedHex, digest.ToHex());
        Assert.Equal(digest, CryptoSuites.Hash(HashAlgorithm.Sha256, TestData.Ascii(message)));
    }

    [Theory]
    [InlineData("sample", "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8")]
    [InlineData("test", "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367", "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083")]
    public void Verifies_rfc6979_p256_sha256_signatures(string message, string rHex, string sHex)
    {
        var signature = new Signature(SignatureAlgorithm.EcdsaP256WithSha256, TestData.DerSignature(rHex, sHex));

        Assert.True(CryptoSuites.Intl.Verify(Rfc6979PublicKey(), TestData.Ascii(message), signature));
        Assert.True(CryptoSuites.Verify(Rfc6979PublicKey(), TestData.Ascii(message), signature));
        Assert.False(CryptoSuites.Intl.Verify(Rfc6979PublicKey(), TestData.Ascii(message + "!"), signature));
    }

    [Fact]
    public void Own_signature_verifies_with_bouncycastle_ecdsa()
    {
        using var key = CryptoSuites.Intl.GenerateSigningKey();
        var message = TestData.Ascii("batch root 42");
        var signature = key.Sign(message);

        var verifier = new DsaDigestSigner(new ECDsaSigner(), new Sha256Digest());
        verifier.Init(false, (ECPublicKeyParameters)PublicKeyFactory.CreateKey(key.PublicKey.Spki.ToArray()));
        verifier.BlockUpdate(message, 0, message.Length);

        Assert.Equal(SignatureAlgorithm.EcdsaP256WithSha256, signature.Algorithm);
        Assert.True(verifier.VerifySignature(signature.Der.ToArray()));
    }

    [Fact]
    public void Bouncycastle_ecdsa_signature_verifies_here()
    {
        using var key = CryptoSuites.Intl.GenerateSigningKey();
        var bcPrivateKey = (ECPrivateKeyParameters)new PemReader(new StringReader(key.ExportPkcs8Pem())).ReadObject();
        var message = TestData.Ascii("customs released CNTSN");
        var signer = new DsaDigestSigner(new ECDsaSigner(), new Sha256Digest());
        signer.Init(true, bcPrivateKey);
        signer.BlockUpdate(message, 0, message.Length);

        var signature = new Signature(SignatureAlgorithm.EcdsaP256WithSha256, signer.GenerateSignature());

        Assert.True(CryptoSuites.Intl.Verify(key.PublicKey, message, signature));
    }

    [Fact]
    public void Rejects_tampered_message_wrong_key_and_every_single_byte_flip()
    {
        using var key = CryptoSuites.Intl.GenerateSigningKey();
        using var otherKey = CryptoSuites.Intl.GenerateSigningKey();
        var message = TestData.Ascii("duties paid 010120250000123456");
        var signature = key.Sign(message);
        Assert.True(CryptoSuites.Intl.Verify(key.PublicKey, message, signature));

        var tamperedMessage = message.ToArray();
        tamperedMessage[0] ^= 0x01;
        Assert.False(CryptoSuites.Intl.Verify(key.PublicKey, tamperedMessage, signature));
        Assert.False(CryptoSuites.Intl.Verify(otherKey.PublicKey, message, signature));

        for (var i = 0; i < signature.Der.Length; i++)
        {
            var flipped = signature.Der.ToArray();
            flipped[i] ^= (byte)(1 << (i % 8));
            Assert.False(CryptoSuites.Intl.Verify(key.PublicKey, message, new Signature(SignatureAlgorithm.EcdsaP256WithSha256, flipped)), $"flip at byte {i}");
        }
    }

    [Fact]
    public void Rejects_any_flipped_bits_in_the_rfc6979_signature()
    {
        var der = TestData.DerSignature(
            "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
            "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
        var message = TestData.Ascii("sample");
        var flips = Gen.Zip(Gen.Choose(0, der.Length - 1), Gen.Choose(1, 255));

        Prop.ForAll(flips.ToArbitrary(), flip =>
        {
            var tampered = der.ToArray();
            tampered[flip.Item1] ^= (byte)flip.Item2;
            return !CryptoSuites.Intl.Verify(Rfc6979PublicKey(), message, new Signature(SignatureAlgorithm.EcdsaP256WithSha256, tampered));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Returns_false_for_garbage_signatures_and_keys()
    {
        var message = TestData.Ascii("sample");
        var derLike = Gen.Choose(1, Signature.MaxDerBytes).SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length));
        Prop.ForAll(derLike.ToArbitrary(), bytes =>
            !CryptoSuites.Intl.Verify(Rfc6979PublicKey(), message, new Signature(SignatureAlgorithm.EcdsaP256WithSha256, bytes))).QuickCheckThrowOnFailure();

        using var key = CryptoSuites.Intl.GenerateSigningKey();
        var signature = key.Sign(message);
        var spkiLike = Gen.Choose(1, 120).SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length));
        Prop.ForAll(spkiLike.ToArbitrary(), bytes =>
            !CryptoSuites.Intl.Verify(new PublicKey(SignatureAlgorithm.EcdsaP256WithSha256, bytes), message, signature)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Returns_false_for_a_valid_signature_in_non_der_encodings()
    {
        using var key = CryptoSuites.Intl.GenerateSigningKey();
        var message = TestData.Ascii("manifest");
        var der = TestData.ShortSignature(key, message);
        Assert.True(CryptoSuites.Intl.Verify(key.PublicKey, message, new Signature(SignatureAlgorithm.EcdsaP256WithSha256, der)));

        foreach (var ber in TestData.BerVariants(der))
        {
            Assert.False(CryptoSuites.Intl.Verify(key.PublicKey, message, new Signature(SignatureAlgorithm.EcdsaP256WithSha256, ber)));
        }
    }

    [Fact]
    public void A_point_off_the_curve_is_not_a_key()
    {
        var offCurve = new PublicKey(
            SignatureAlgorithm.EcdsaP256WithSha256,
            TestData.Hex(TestData.P256SpkiPrefixHex + "04" + Rfc6979PublicX + Rfc6979PublicY[..^1] + "0"));
        var signature = new Signature(
            SignatureAlgorithm.EcdsaP256WithSha256,
            TestData.DerSignature(
                "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
                "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"));

        Assert.False(CryptoSuites.Intl.Verify(offCurve, TestData.Ascii("sample"), signature));
    }
}
