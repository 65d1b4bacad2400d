using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace TradeChain.Crypto.Tests;

[Trait("Category", "Crypto")]
public sealed class CryptoSuitesTests
{
    [Fact]
    public void Every_algorithm_dispatches_to_its_suite()
    {
        foreach (var suite in new[] { CryptoSuites.Sm, CryptoSuites.Intl })
        {
            Assert.Same(suite, CryptoSuites.Get(suite.Id));
            Assert.Same(suite, CryptoSuites.ForHash(suite.HashAlgorithm));
            Assert.Same(suite, CryptoSuites.ForSignature(suite.SignatureAlgorithm));
            Assert.Same(suite, CryptoSuites.ForCipher(suite.CipherAlgorithm));
        }
        Assert.Equal(16, CryptoSuites.Sm.CipherKeyBytes);
        Assert.Equal(32, CryptoSuites.Intl.CipherKeyBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => CryptoSuites.Get((SuiteId)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => CryptoSuites.ForHash((HashAlgorithm)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => CryptoSuites.ForSignature((SignatureAlgorithm)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => CryptoSuites.ForCipher((CipherAlgorithm)9));
    }

    [Fact]
    public void Verify_dispatches_on_the_signature_and_refuses_mixed_algorithms()
    {
        using var smKey = CryptoSuites.Sm.GenerateSigningKey();
        using var intlKey = CryptoSuites.Intl.GenerateSigningKey();
        byte[] message = [1, 2, 3];
        var smSignature = smKey.Sign(message);
        var intlSignature = intlKey.Sign(message);

        Assert.True(CryptoSuites.Verify(smKey.PublicKey, message, smSignature));
        Assert.True(CryptoSuites.Verify(intlKey.PublicKey, message, intlSignature));
        Assert.False(CryptoSuites.Verify(smKey.PublicKey, message, intlSignature));
        Assert.False(CryptoSuites.Verify(intlKey.PublicKey, message, smSignature));
        Assert.False(CryptoSuites.Intl.Verify(smKey.PublicKey, message, smSignature));
        Assert.False(CryptoSuites.Sm.Verify(intlKey.PublicKey, message, intlSignature));

        // Same bytes, other label: a signature cannot be replayed as the other algorithm's.
        var relabelled = new Signature(SignatureAlgorithm.EcdsaP256WithSha256, smSignature.Der);
        Assert.False(CryptoSuites.Verify(smKey.PublicKey, message, relabelled));
        var relabelledKey = new PublicKey(SignatureAlgorithm.EcdsaP256WithSha256, smKey.PublicKey.Spki);
        Assert.False(CryptoSuites.Verify(relabelledKey, message, new Signature(SignatureAlgorithm.EcdsaP256WithSha256, smSignature.Der)));
    }

    [Theory]
    [InlineData(SuiteId.Sm)]
    [InlineData(SuiteId.Intl)]
    public void Concurrent_signing_and_verification_with_one_shared_key_is_correct(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        using var key = suite.GenerateSigningKey();
        var shared = new PublicKey(key.Algorithm, key.PublicKey.Spki);
        var messages = Enumerable.Range(0, 64).Select(i => BitConverter.GetBytes(i)).ToArray();
        var signatures = messages.AsParallel().AsOrdered().Select(m => key.Sign(m)).ToArray();

        var results = new bool[messages.Length * 2];
        Parallel.For(0, results.Length, i =>
        {
            var index = i / 2;
            // Odd slots pair a message with its neighbour's signature and must fail.
            var signature = i % 2 == 0 ? signatures[index] : signatures[(index + 1) % signatures.Length];
            results[i] = CryptoSuites.Verify(shared, messages[index], signature) == (i % 2 == 0);
        });

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Digest_text_form_round_trips()
    {
        var digests = Gen.Zip(Gen.Elements(HashAlgorithm.Sm3, HashAlgorithm.Sha256), Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), Digest.SizeBytes));

        Prop.ForAll(digests.ToArbitrary(), pair =>
        {
            var digest = new Digest(pair.Item1, pair.Item2);
            return Digest.Parse(digest.ToString()).Equals(digest);
        }).QuickCheckThrowOnFailure();

        var sm3 = CryptoSuites.Hash(HashAlgorithm.Sm3, TestData.Ascii("abc"));
        Assert.Equal("sm3:66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", sm3.ToString());
        Assert.Equal(sm3, Digest.Parse(sm3.ToString()));
        Assert.NotEqual(sm3, new Digest(HashAlgorithm.Sha256, sm3.Bytes));
    }
}
