using Xunit;

namespace TradeChain.Crypto.Tests;

[Trait("Category", "Crypto")]
public sealed class Sm3Tests
{
    // GB/T 32905-2016 Appendix A, examples 1 and 2 (also BouncyCastle's SM3DigestTest).
    [Theory]
    [InlineData("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")]
    public void Hash_matches_the_standard_examples(string message, string expectedHex)
    {
        var digest = CryptoSuites.Sm.Hash(TestData.Ascii(message));

        Assert.Equal(HashAlgorithm.Sm3, digest.Algorithm);
        Assert.Equal(expectedHex, digest.ToHex());
        Assert.Equal(digest, CryptoSuites.Hash(HashAlgorithm.Sm3, TestData.Ascii(message)));
    }

    // GM/T 0003.5-2012 Annex A intermediate values for the signature example: Z(A) with the
    // default id over sm2p256v1 and Alice's key, then e = SM3(Z(A) || "message digest").
    // Values as reproduced in GmSSL 2.x test/sm2test.c and OpenSSL test/sm2_internal_test.c.
    [Fact]
    public void Hash_reproduces_the_sm2_example_z_and_e()
    {
        var za = TestData.Hex(
            "0080" + "31323334353637383132333435363738"
            + "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC"
            + "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93"
            + "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"
            + "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"
            + Sm2Tests.StandardPublicX + Sm2Tests.StandardPublicY);

        var z = CryptoSuites.Sm.Hash(za);
        Assert.Equal("b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3", z.ToHex());

        var hasher = CryptoSuites.Sm.CreateHasher();
        hasher.Append(z.Bytes);
        hasher.Append(TestData.Ascii("message digest"));
        Assert.Equal("f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640", hasher.Finish().ToHex());
    }

    [Theory]
    [InlineData(SuiteId.Sm)]
    [InlineData(SuiteId.Intl)]
    public void Hasher_fed_in_pieces_equals_one_shot_hash(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        var data = new byte[1000];
        new Random(7).NextBytes(data);

        foreach (var split in new[] { 0, 1, 63, 64, 65, 999, 1000 })
        {
            var hasher = suite.CreateHasher();
            hasher.Append(data.AsSpan(0, split));
            hasher.Append(data.AsSpan(split));
            Assert.Equal(suite.Hash(data), hasher.Finish());
        }
    }

    [Theory]
    [InlineData(SuiteId.Sm)]
    [InlineData(SuiteId.Intl)]
    public void Hasher_refuses_use_after_finish(SuiteId suiteId)
    {
        var hasher = CryptoSuites.Get(suiteId).CreateHasher();
        hasher.Finish();

        Assert.Throws<InvalidOperationException>(() => hasher.Finish());
        Assert.Throws<InvalidOperationException>(() => hasher.Append([1]));
    }

    [Fact]
    public void Reused_thread_state_does_not_leak_between_hashes()
    {
        var first = CryptoSuites.Sm.Hash(TestData.Ascii("abc"));
        CryptoSuites.Sm.Hash(new byte[100]);
        Assert.Equal(first, CryptoSuites.Sm.Hash(TestData.Ascii("abc")));
    }
}
