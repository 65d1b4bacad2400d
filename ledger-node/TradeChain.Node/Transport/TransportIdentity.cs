using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Node.Transport;

/// <summary>
/// A node's TLS identity, bound to its member. .NET's TLS cannot use SM2 keys, so each node has a
/// P-256 transport key with a self-signed certificate that carries a binding extension: the
/// member id and the member's ledger key's signature (SM2 or ECDSA, the network's suite) over
/// the certificate's public key. A peer accepts a TLS connection only if that signature verifies
/// under the key the chain's membership holds for that member, so trust comes from the genesis
/// and governance, not from a certificate authority; the TLS handshake proves the peer holds the
/// transport key.
/// </summary>
public static class TransportIdentity
{
    /// <summary>Private-arc OID of the binding extension (TradeChain transport binding, version 1).</summary>
    public const string BindingExtensionOid = "1.3.6.1.4.1.61197.1.1";

    public const byte BindingFormatVersion = 1;

    /// <summary>Transport certificates are re-issued by <c>tradechain node init --rotate-transport-key</c>; ten years keeps them out of the way.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    /// <summary>The bytes the member key signs: header(TransportBinding, 1); member id; the transport key's SPKI.</summary>
    public static byte[] BindingMessage(string memberId, ReadOnlySpan<byte> transportSpki)
    {
        var writer = new CanonicalWriter(160);
        writer.WriteHeader(TypeTag.TransportBinding, BindingFormatVersion);
        writer.WriteString(memberId);
        writer.WriteBytes(transportSpki);
        return writer.ToArray();
    }

    /// <summary>A fresh P-256 transport key and its certificate, bound to <paramref name="memberId"/> by <paramref name="memberKey"/>.</summary>
    public static X509Certificate2 Create(string memberId, ISigningKey memberKey, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentNullException.ThrowIfNull(memberKey);
        using var transportKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(memberId)}, O=TradeChain member node"), transportKey, HashAlgorithmName.SHA256);
        var spki = transportKey.ExportSubjectPublicKeyInfo();
        var signature = memberKey.Sign(BindingMessage(memberId, spki));
        var value = new CanonicalWriter(160);
        value.WriteHeader(TypeTag.TransportBinding, BindingFormatVersion);
        value.WriteString(memberId);
        value.WriteSignature(signature);
        request.CertificateExtensions.Add(new X509Extension(new Oid(BindingExtensionOid, "TradeChain member binding"), value.ToArray(), critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);
    }

    /// <summary>Writes the certificate and its private key as PEM (the key file readable by its owner only).</summary>
    public static void Save(X509Certificate2 certificate, string certificateFile, string keyFile)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no P-256 private key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static X509Certificate2 Load(string certificateFile, string keyFile)
    {
        var loaded = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        // Re-import as PKCS#12: an ephemeral PEM key cannot serve TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// The member a peer certificate speaks for, when its binding verifies under that member's
    /// current key; else null and the reason in <paramref name="problem"/>.
    /// </summary>
    public static string? VerifyBinding(X509Certificate2 certificate, Func<string, Crypto.PublicKey?> memberKeyOf, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(memberKeyOf);
        var extension = certificate.Extensions[BindingExtensionOid];
        if (extension is null)
        {
            problem = "the certificate carries no TradeChain member binding";
            return null;
        }
        string memberId;
        Signature signature;
        try
        {
            var reader = new CanonicalReader(extension.RawData);
            reader.ReadHeader(TypeTag.TransportBinding, BindingFormatVersion);
            memberId = reader.ReadString();
            signature = reader.ReadSignature();
            reader.RequireEnd();
        }
        catch (FormatException e)
        {
            problem = $"the member binding is malformed: {e.Message}";
            return null;
        }
        if (memberKeyOf(memberId) is not { } memberKey)
        {
            problem = $"the certificate claims member '{memberId}', which is not a member of this network";
            return null;
        }
        var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        if (!CryptoSuites.Verify(memberKey, BindingMessage(memberId, spki), signature))
        {
            problem = $"the binding signature does not verify under member '{memberId}''s current key";
            return null;
        }
        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            problem = $"the certificate is valid {certificate.NotBefore:u}..{certificate.NotAfter:u}, not now";
            return null;
        }
        problem = null;
        return memberId;
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal).Replace("+", "\\+", StringComparison.Ordinal);
}
