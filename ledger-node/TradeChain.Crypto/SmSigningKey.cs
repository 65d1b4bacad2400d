using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;

namespace TradeChain.Crypto;

/// <summary>An SM2 private key on sm2p256v1.</summary>
internal sealed class SmSigningKey : ISigningKey
{
    /// <summary>RFC 5915 stores d at the field size, leading zeros kept.</summary>
    private const int ScalarBytes = 32;

    // BouncyCastle keeps d in an immutable BigInteger: Dispose can only drop the reference.
    private ECPrivateKeyParameters? _privateKey;

    public SmSigningKey(ECPrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        PublicParameters = new ECPublicKeyParameters(new FixedPointCombMultiplier().Multiply(SmSuite.Domain.G, privateKey.D), SmSuite.Domain);
        PublicKey = SmSuite.CreatePublicKey(PublicParameters);
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Sm2WithSm3;

    public PublicKey PublicKey { get; }

    internal ECPublicKeyParameters PublicParameters { get; }

    public Signature Sign(ReadOnlySpan<byte> message)
    {
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(Key, SmSuite.Random), SmSuite.DefaultUserId));
        signer.BlockUpdate(message);
        return new Signature(SignatureAlgorithm.Sm2WithSm3, signer.GenerateSignature());
    }

    public string ExportPkcs8Pem(string? passphrase = null)
    {
        var scalar = BigIntegers.AsUnsignedByteArray(ScalarBytes, Key.D);
        var pkcs8 = EcKeyEncoding.WritePkcs8(EcKeyEncoding.Sm2P256V1, scalar, PublicParameters.Q.GetEncoded(false));
        try
        {
            if (passphrase is null)
            {
                return KeyPem.Encode(KeyPem.PrivateKeyLabel, pkcs8);
            }
            KeyPem.RequireUsablePassphrase(passphrase);
            return KeyPem.Encode(KeyPem.EncryptedPrivateKeyLabel, Pkcs8Encryption.Encrypt(pkcs8, passphrase));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    public string ExportPublicKeyPem() => KeyPem.Encode(KeyPem.PublicKeyLabel, PublicKey.Spki);

    public void Dispose() => _privateKey = null;

    private ECPrivateKeyParameters Key => _privateKey ?? throw new ObjectDisposedException(nameof(SmSigningKey));
}
