using System.Security.Cryptography;
using Xunit;

namespace TradeChain.Crypto.Tests;

/// <summary>Both suites' authenticated encryption: round trips, and every kind of tampering refused.</summary>
[Trait("Category", "Crypto")]
public sealed class SealTests
{
    public static TheoryData<SuiteId> Suites => new() { SuiteId.Sm, SuiteId.Intl };

    private static readonly byte[] Aad = TestData.Ascii("shipment MAWB 999-12345675");

    [Theory]
    [MemberData(nameof(Suites))]
    public void Round_trips_with_a_fresh_nonce_each_time(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        var key = RandomNumberGenerator.GetBytes(suite.CipherKeyBytes);

        foreach (var length in new[] { 0, 1, 15, 16, 17, 1000 })
        {
            var plaintext = RandomNumberGenerator.GetBytes(length);
            var first = suite.Seal(key, plaintext, Aad);
            var second = suite.Seal(key, plaintext, Aad);

            Assert.Equal(suite.CipherAlgorithm, first.Algorithm);
            Assert.Equal(length, first.Ciphertext.Length);
            Assert.False(first.Nonce.SequenceEqual(second.Nonce));
            Assert.Equal(plaintext, suite.Open(key, first, Aad));
            Assert.Equal(plaintext, CryptoSuites.ForCipher(first.Algorithm).Open(key, second, Aad));
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Refuses_tampered_ciphertext_tag_aad_nonce_or_key(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        var key = RandomNumberGenerator.GetBytes(suite.CipherKeyBytes);
        var sealedData = suite.Seal(key, TestData.Ascii("declared value: USD 1,250,000"), Aad);

        for (var i = 0; i < sealedData.Ciphertext.Length; i++)
        {
            var ciphertext = sealedData.Ciphertext.ToArray();
            ciphertext[i] ^= 0x01;
            AssertRefused(suite, key, new SealedData(sealedData.Algorithm, sealedData.Nonce, ciphertext, sealedData.Tag), Aad);
        }
        for (var i = 0; i < SealedData.TagBytes; i++)
        {
            var tag = sealedData.Tag.ToArray();
            tag[i] ^= 0x80;
            AssertRefused(suite, key, new SealedData(sealedData.Algorithm, sealedData.Nonce, sealedData.Ciphertext, tag), Aad);
        }
        for (var i = 0; i < SealedData.NonceBytes; i++)
        {
            var nonce = sealedData.Nonce.ToArray();
            nonce[i] ^= 0x01;
            AssertRefused(suite, key, new SealedData(sealedData.Algorithm, nonce, sealedData.Ciphertext, sealedData.Tag), Aad);
        }
        var truncated = new SealedData(sealedData.Algorithm, sealedData.Nonce, sealedData.Ciphertext[..^1], sealedData.Tag);
        AssertRefused(suite, key, truncated, Aad);
        AssertRefused(suite, key, sealedData, TestData.Ascii("shipment MAWB 999-12345676"));
        AssertRefused(suite, key, sealedData, []);
        var otherKey = key.ToArray();
        otherKey[^1] ^= 0x01;
        AssertRefused(suite, otherKey, sealedData, Aad);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Wrong_key_or_nonce_length_names_the_expected_length(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        var wrongKey = new byte[suite.CipherKeyBytes == 16 ? 32 : 16];

        var sealError = Assert.Throws<ArgumentException>(() => suite.Seal(wrongKey, [1, 2, 3], []));
        Assert.Contains($"{suite.CipherKeyBytes}-byte key", sealError.Message, StringComparison.Ordinal);

        var key = new byte[suite.CipherKeyBytes];
        var sealedData = suite.Seal(key, [1, 2, 3], []);
        var openError = Assert.Throws<ArgumentException>(() => suite.Open(wrongKey, sealedData, []));
        Assert.Contains($"{suite.CipherKeyBytes}-byte key", openError.Message, StringComparison.Ordinal);

        var nonceError = Assert.Throws<ArgumentException>(() => suite.Seal(key, new byte[8], [1], []));
        Assert.Contains("12-byte nonce", nonceError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suite_refuses_to_open_the_other_suites_cipher()
    {
        var sealedBySm = CryptoSuites.Sm.Seal(new byte[16], [1, 2, 3], []);

        var error = Assert.Throws<ArgumentException>(() => CryptoSuites.Intl.Open(new byte[32], sealedBySm, []));
        Assert.Contains("sm4-gcm", error.Message, StringComparison.Ordinal);
        Assert.Same(CryptoSuites.Sm, CryptoSuites.ForCipher(sealedBySm.Algorithm));
    }

    // The GCM specification's test case 16 (McGrew & Viega, as used in NIST's GCM validation):
    // AES-256, 96-bit IV, 60-byte plaintext, 20-byte associated data.
    [Fact]
    public void Aes256Gcm_matches_gcm_spec_test_case_16()
    {
        var key = TestData.Hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        var nonce = TestData.Hex("cafebabefacedbaddecaf888");
        var aad = TestData.Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        var plaintext = TestData.Hex(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");

        var sealedData = CryptoSuites.Intl.Seal(key, nonce, plaintext, aad);

        Assert.Equal(
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            Convert.ToHexStringLower(sealedData.Ciphertext));
        Assert.Equal("76fc6ece0f4e1768cddf8853bb2d551b", Convert.ToHexStringLower(sealedData.Tag));
        Assert.Equal(plaintext, CryptoSuites.Intl.Open(key, sealedData, aad));
    }

    private static void AssertRefused(ICryptoSuite suite, byte[] key, SealedData sealedData, byte[] aad) =>
        Assert.Throws<AuthenticationTagMismatchException>(() => suite.Open(key, sealedData, aad));
}
