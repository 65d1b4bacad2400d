using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TradeChain.Crypto;
using TradeChain.Node.Transport;

namespace TradeChain.Node.Tests;

/// <summary>TLS peers are accepted only when their certificate is bound to the member key the chain holds for them.</summary>
[Trait("Category", "Node")]
public sealed class TransportIdentityTests
{
    [Theory]
    [InlineData("sm")]
    [InlineData("intl")]
    public void a_certificate_bound_by_the_member_key_is_accepted_as_that_member(string suiteName)
    {
        var suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(suiteName));
        using var memberKey = suite.GenerateSigningKey();
        using var certificate = TransportIdentity.Create("customs", memberKey, DateTimeOffset.UtcNow);
        Assert.Equal("customs", TransportIdentity.VerifyBinding(certificate, id => id == "customs" ? memberKey.PublicKey : null, out var problem));
        Assert.Null(problem);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, certificate.GetECDsaPublicKey()!.ExportParameters(false).Curve.Oid.Value);
    }

    [Fact]
    public void a_certificate_bound_by_another_key_or_for_a_non_member_or_without_binding_is_refused()
    {
        var suite = CryptoSuites.Sm;
        using var memberKey = suite.GenerateSigningKey();
        using var thief = suite.GenerateSigningKey();
        using var forged = TransportIdentity.Create("customs", thief, DateTimeOffset.UtcNow);
        Assert.Null(TransportIdentity.VerifyBinding(forged, id => id == "customs" ? memberKey.PublicKey : null, out var wrongKey));
        Assert.Contains("does not verify under member 'customs''s current key", wrongKey);

        using var stranger = TransportIdentity.Create("stranger", thief, DateTimeOffset.UtcNow);
        Assert.Null(TransportIdentity.VerifyBinding(stranger, _ => null, out var notMember));
        Assert.Contains("not a member", notMember);

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var plain = new CertificateRequest("CN=customs", ecdsa, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Null(TransportIdentity.VerifyBinding(plain, _ => memberKey.PublicKey, out var noBinding));
        Assert.Contains("no TradeChain member binding", noBinding);
    }

    [Fact]
    public void a_binding_cannot_be_moved_to_another_transport_key()
    {
        var suite = CryptoSuites.Intl;
        using var memberKey = suite.GenerateSigningKey();
        using var genuine = TransportIdentity.Create("port", memberKey, DateTimeOffset.UtcNow);
        // Copy the genuine binding extension into a certificate for a key the attacker holds.
        using var attackerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=port", attackerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(genuine.Extensions[TransportIdentity.BindingExtensionOid]!);
        using var transplanted = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Null(TransportIdentity.VerifyBinding(transplanted, _ => memberKey.PublicKey, out var problem));
        Assert.Contains("does not verify", problem);
    }

    [Fact]
    public void saved_files_load_back_with_the_private_key()
    {
        using var memberKey = CryptoSuites.Sm.GenerateSigningKey();
        using var certificate = TransportIdentity.Create("tax", memberKey, DateTimeOffset.UtcNow);
        var dir = Directory.CreateTempSubdirectory("tradechain-tls-");
        try
        {
            TransportIdentity.Save(certificate, Path.Combine(dir.FullName, "c.pem"), Path.Combine(dir.FullName, "k.pem"));
            using var loaded = TransportIdentity.Load(Path.Combine(dir.FullName, "c.pem"), Path.Combine(dir.FullName, "k.pem"));
            Assert.True(loaded.HasPrivateKey);
            Assert.Equal("tax", TransportIdentity.VerifyBinding(loaded, _ => memberKey.PublicKey, out _));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
