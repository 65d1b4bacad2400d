using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Xunit;

namespace TradeChain.Crypto.Tests;

[Trait("Category", "Crypto")]
public sealed class KeyPemTests
{
    private const string Passphrase = "correct horse battery staple";

    public static TheoryData<SuiteId> Suites => new() { SuiteId.Sm, SuiteId.Intl };

    // PBKDF2 at 600,000 iterations costs ~0.2 s: encrypt one key per suite for all tests.
    private static readonly Lazy<(ISigningKey Key, string Pem)> EncryptedSm = new(() => EncryptedKey(SuiteId.Sm));
    private static readonly Lazy<(ISigningKey Key, string Pem)> EncryptedIntl = new(() => EncryptedKey(SuiteId.Intl));

    private static (ISigningKey Key, string Pem) Encrypted(SuiteId suite) => suite == SuiteId.Sm ? EncryptedSm.Value : EncryptedIntl.Value;

    private static (ISigningKey Key, string Pem) EncryptedKey(SuiteId suite)
    {
        var key = CryptoSuites.Get(suite).GenerateSigningKey();
        return (key, key.ExportPkcs8Pem(Passphrase));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Private_key_round_trips_through_pkcs8_pem(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        using var key = suite.GenerateSigningKey();
        var pem = key.ExportPkcs8Pem();

        using var imported = suite.ImportSigningKey(pem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, imported.PublicKey);
        Assert.Equal(pem, imported.ExportPkcs8Pem());
        Assert.True(suite.Verify(key.PublicKey, [1, 2, 3], imported.Sign([1, 2, 3])));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Encrypted_private_key_round_trips_and_refuses_a_wrong_passphrase(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        var (key, pem) = Encrypted(suiteId);

        using var imported = suite.ImportSigningKey(pem, Passphrase);

        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, imported.PublicKey);
        var error = Assert.Throws<CryptographicException>(() => suite.ImportSigningKey(pem, Passphrase + "!"));
        Assert.Equal("wrong passphrase or corrupted key", error.Message);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Encrypted_and_plain_keys_are_not_confused(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        var (key, encryptedPem) = Encrypted(suiteId);

        var noPassphrase = Assert.Throws<FormatException>(() => suite.ImportSigningKey(encryptedPem));
        Assert.Equal("not a PEM 'PRIVATE KEY': found 'ENCRYPTED PRIVATE KEY'", noPassphrase.Message);
        var plainWithPassphrase = Assert.Throws<FormatException>(() => suite.ImportSigningKey(key.ExportPkcs8Pem(), Passphrase));
        Assert.Equal("not a PEM 'ENCRYPTED PRIVATE KEY': found 'PRIVATE KEY'", plainWithPassphrase.Message);
        Assert.Throws<ArgumentException>(() => key.ExportPkcs8Pem(""));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Public_key_round_trips_through_spki_pem(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        using var key = suite.GenerateSigningKey();
        var pem = key.ExportPublicKeyPem();

        var imported = suite.ImportPublicKey(pem);

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, imported);
        Assert.True(suite.Verify(imported, [7], key.Sign([7])));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Wrong_pem_blocks_are_named(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        using var key = suite.GenerateSigningKey();

        var privateAsPublic = Assert.Throws<FormatException>(() => suite.ImportPublicKey(key.ExportPkcs8Pem()));
        Assert.Equal("not a PEM 'PUBLIC KEY': found 'PRIVATE KEY'", privateAsPublic.Message);
        var garbage = Assert.Throws<FormatException>(() => suite.ImportPublicKey("ssh-ed25519 AAAAC3Nza"));
        Assert.Equal("not a PEM 'PUBLIC KEY': no PEM block found", garbage.Message);
    }

    [Fact]
    public void Keys_of_the_other_suite_name_both_curves()
    {
        using var smKey = CryptoSuites.Sm.GenerateSigningKey();
        using var intlKey = CryptoSuites.Intl.GenerateSigningKey();

        AssertMessage("key is on curve P-256, suite sm needs sm2p256v1", () => CryptoSuites.Sm.ImportPublicKey(intlKey.ExportPublicKeyPem()));
        AssertMessage("key is on curve P-256, suite sm needs sm2p256v1", () => CryptoSuites.Sm.ImportSigningKey(intlKey.ExportPkcs8Pem()));
        AssertMessage("key is on curve sm2p256v1, suite intl needs P-256", () => CryptoSuites.Intl.ImportPublicKey(smKey.ExportPublicKeyPem()));
        AssertMessage("key is on curve sm2p256v1, suite intl needs P-256", () => CryptoSuites.Intl.ImportSigningKey(smKey.ExportPkcs8Pem()));
        AssertMessage("key is on curve sm2p256v1, suite intl needs P-256",
            () => CryptoSuites.Intl.ImportSigningKey(EncryptedSm.Value.Pem, Passphrase));
    }

    [Fact]
    public void Keys_of_other_algorithms_and_curves_are_named()
    {
        using var rsa = RSA.Create(2048);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        AssertMessage("key algorithm is rsaEncryption (1.2.840.113549.1.1.1), suite sm needs an EC key on sm2p256v1",
            () => CryptoSuites.Sm.ImportPublicKey(rsa.ExportSubjectPublicKeyInfoPem()));
        AssertMessage("key is on curve P-384, suite intl needs P-256", () => CryptoSuites.Intl.ImportSigningKey(p384.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void Sm2_keys_interoperate_with_bouncycastle_pem()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();

        var bcPrivateKey = (ECPrivateKeyParameters)new PemReader(new StringReader(key.ExportPkcs8Pem())).ReadObject();
        var bcPublicKey = (ECPublicKeyParameters)new PemReader(new StringReader(key.ExportPublicKeyPem())).ReadObject();

        Assert.True(bcPrivateKey.Parameters.G.Multiply(bcPrivateKey.D).Normalize().Equals(bcPublicKey.Q));
        Assert.Equal(key.PublicKey.Spki.Slice(TestData.SpkiPointOffset).ToArray(), bcPublicKey.Q.GetEncoded(false));
    }

    // .NET's own PBES2 reader checks the encryption that suite sm writes by hand.
    [Fact]
    public void Our_pbes2_encryption_is_readable_by_dotnet()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encrypted = Pkcs8Encryption.Encrypt(ecdsa.ExportPkcs8PrivateKey(), Passphrase);

        using var imported = ECDsa.Create();
        imported.ImportEncryptedPkcs8PrivateKey(Passphrase, encrypted, out var bytesRead);

        Assert.Equal(encrypted.Length, bytesRead);
        Assert.Equal(ecdsa.ExportSubjectPublicKeyInfo(), imported.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Pem_blocks_before_the_key_are_skipped()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var pem = "-----BEGIN EC PARAMETERS-----\nBggqgRzPVQGCLQ==\n-----END EC PARAMETERS-----\n" + key.ExportPkcs8Pem();

        using var imported = CryptoSuites.Sm.ImportSigningKey(pem);

        Assert.Equal(key.PublicKey, imported.PublicKey);
    }

    [Fact]
    public void A_compressed_sm2_public_key_is_imported_in_canonical_form()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var uncompressed = key.PublicKey.Spki.Slice(TestData.SpkiPointOffset).ToArray();
        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 | (uncompressed[^1] & 1));
        uncompressed.AsSpan(1, 32).CopyTo(compressed.AsSpan(1));
        var spki = TestData.Hex("3039301306072a8648ce3d020106082a811ccf5501822d032200" + Convert.ToHexString(compressed));

        var imported = CryptoSuites.Sm.ImportPublicKey(new string(PemEncoding.Write("PUBLIC KEY", spki)));

        Assert.Equal(key.PublicKey, imported);
    }

    [Fact]
    public void A_pkcs8_whose_public_key_does_not_match_is_corrupted()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        using var other = CryptoSuites.Sm.GenerateSigningKey();
        var info = EcKeyEncoding.ReadPkcs8(KeyPem.Decode(key.ExportPkcs8Pem(), "PRIVATE KEY"), EcKeyEncoding.Sm2P256V1, SuiteId.Sm);
        var spliced = EcKeyEncoding.WritePkcs8(EcKeyEncoding.Sm2P256V1, info.PrivateScalar, other.PublicKey.Spki.Slice(TestData.SpkiPointOffset));

        AssertMessage("corrupted key: its public key does not match its private key",
            () => CryptoSuites.Sm.ImportSigningKey(new string(PemEncoding.Write("PRIVATE KEY", spliced))));
    }

    private static void AssertMessage(string expected, Action import) =>
        Assert.Equal(expected, Assert.Throws<CryptographicException>(import).Message);
}
