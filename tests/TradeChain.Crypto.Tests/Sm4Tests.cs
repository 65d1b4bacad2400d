using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Xunit;

namespace TradeChain.Crypto.Tests;

[Trait("Category", "Crypto")]
public sealed class Sm4Tests
{
    private const string Example1KeyHex = "0123456789abcdeffedcba9876543210";

    // GB/T 32907-2016 Appendix A example 1: key = plaintext = 0123456789abcdeffedcba9876543210
    // (also BouncyCastle's SM4Test). The suite only uses SM4 inside GCM, so the raw block
    // cipher is BouncyCastle's SM4Engine, the engine SmSuite's GCM runs on.
    [Fact]
    public void Block_cipher_matches_standard_example_1()
    {
        var engine = new SM4Engine();
        var block = TestData.Hex(Example1KeyHex);

        engine.Init(true, new KeyParameter(TestData.Hex(Example1KeyHex)));
        engine.ProcessBlock(block, 0, block, 0);
        Assert.Equal("681edf34d206965e86b3e94f536e4246", Convert.ToHexStringLower(block));

        engine.Init(false, new KeyParameter(TestData.Hex(Example1KeyHex)));
        engine.ProcessBlock(block, 0, block, 0);
        Assert.Equal(Example1KeyHex, Convert.ToHexStringLower(block));
    }

    // GB/T 32907-2016 Appendix A example 2: the same key and plaintext encrypted 1,000,000 times.
    [Fact]
    [Trait("Duration", "Long")]
    public void Block_cipher_matches_standard_example_2_after_a_million_rounds()
    {
        var engine = new SM4Engine();
        engine.Init(true, new KeyParameter(TestData.Hex(Example1KeyHex)));
        var block = TestData.Hex(Example1KeyHex);

        for (var round = 0; round < 1_000_000; round++)
        {
            engine.ProcessBlock(block, 0, block, 0);
        }

        Assert.Equal("595298c7c6fd271f0402f804c33d3f66", Convert.ToHexStringLower(block));
    }

    // RFC 8998 Appendix A.1, the SM4-GCM test vector (also in GmSSL's sm4test.c and nettle's gcm test).
    [Fact]
    public void Gcm_matches_rfc8998_vector()
    {
        var key = TestData.Hex("0123456789ABCDEFFEDCBA9876543210");
        var nonce = TestData.Hex("00001234567800000000ABCD");
        var aad = TestData.Hex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        var plaintext = TestData.Hex(
            "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
            + "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");

        var sealedData = CryptoSuites.Sm.Seal(key, nonce, plaintext, aad);

        Assert.Equal(CipherAlgorithm.Sm4Gcm, sealedData.Algorithm);
        Assert.Equal(
            "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
            + "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
            Convert.ToHexStringLower(sealedData.Ciphertext));
        Assert.Equal("83de3541e4c2b58177e065a9bf7b62ec", Convert.ToHexStringLower(sealedData.Tag));
        Assert.Equal(plaintext, CryptoSuites.Sm.Open(key, sealedData, aad));
    }
}
