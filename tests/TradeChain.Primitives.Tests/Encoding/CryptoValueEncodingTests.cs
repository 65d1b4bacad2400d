using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using Xunit;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>Digests, signatures, public keys and sealed data: algorithm byte first, then their bytes; read back strictly.</summary>
[Trait("Category", "Encoding")]
public sealed class CryptoValueEncodingTests
{
    [Fact]
    public void Signature_public_key_and_sealed_data_round_trip()
    {
        var signature = new Signature(SignatureAlgorithm.Sm2WithSm3, [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02]);
        var key = new PublicKey(SignatureAlgorithm.EcdsaP256WithSha256, Enumerable.Range(0, 91).Select(i => (byte)i).ToArray());
        var sealedData = new SealedData(CipherAlgorithm.Sm4Gcm, new byte[SealedData.NonceBytes], [1, 2, 3], Enumerable.Repeat((byte)0xEE, SealedData.TagBytes).ToArray());

        var w = new CanonicalWriter();
        w.WriteSignature(signature);
        w.WritePublicKey(key);
        w.WriteSealed(sealedData);
        var bytes = w.ToArray();

        Assert.Equal((1 + 4 + 8) + (1 + 4 + 91) + (1 + 12 + 4 + 3 + 16), bytes.Length);
        var r = new CanonicalReader(bytes);
        Assert.Equal(signature, r.ReadSignature());
        Assert.Equal(key, r.ReadPublicKey());
        var read = r.ReadSealed();
        r.RequireEnd();
        Assert.Equal(CipherAlgorithm.Sm4Gcm, read.Algorithm);
        Assert.Equal(sealedData.Nonce.ToArray(), read.Nonce.ToArray());
        Assert.Equal(sealedData.Ciphertext.ToArray(), read.Ciphertext.ToArray());
        Assert.Equal(sealedData.Tag.ToArray(), read.Tag.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Signature.MaxDerBytes + 1)]
    public void A_signature_of_impossible_length_is_rejected(int length)
    {
        var w = new CanonicalWriter();
        w.WriteByte((byte)SignatureAlgorithm.Sm2WithSm3);
        w.WriteBytes(new byte[length]);
        var ex = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(w.WrittenSpan.ToArray()).ReadSignature());
        Assert.Equal(1, ex.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PublicKey.MaxSpkiBytes + 1)]
    public void A_public_key_of_impossible_length_is_rejected(int length)
    {
        var w = new CanonicalWriter();
        w.WriteByte((byte)SignatureAlgorithm.EcdsaP256WithSha256);
        w.WriteBytes(new byte[length]);
        Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(w.WrittenSpan.ToArray()).ReadPublicKey());
    }

    [Fact]
    public void Unknown_signature_and_cipher_codes_are_rejected()
    {
        var signature = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader([3, 0, 0, 0, 1, 0x30]).ReadSignature());
        Assert.Contains("unknown signature algorithm code 3", signature.Reason, StringComparison.Ordinal);
        var key = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader([0, 0, 0, 0, 1, 0x30]).ReadPublicKey());
        Assert.Contains("unknown signature algorithm code 0", key.Reason, StringComparison.Ordinal);
        var cipher = Assert.Throws<CanonicalFormatException>(() => new CanonicalReader([9, .. new byte[12 + 4 + 16]]).ReadSealed());
        Assert.Contains("unknown cipher algorithm code 9", cipher.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_digest_presence_byte_is_strict()
    {
        byte[] bytes = [2, (byte)HashAlgorithm.Sha256, .. new byte[Digest.SizeBytes]];
        Assert.Throws<CanonicalFormatException>(() => new CanonicalReader(bytes).ReadOptionalDigest());
        bytes[0] = 1;
        var r = new CanonicalReader(bytes);
        Assert.Equal(new Digest(HashAlgorithm.Sha256, new byte[Digest.SizeBytes]), r.ReadOptionalDigest());
        r.RequireEnd();
        Assert.Null(new CanonicalReader([0]).ReadOptionalDigest());
    }
}
