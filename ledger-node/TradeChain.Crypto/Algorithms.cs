namespace TradeChain.Crypto;

/// <summary>
/// A network's crypto suite, fixed in its genesis block. The byte values are part of the
/// canonical encoding of everything hashed or signed: never renumber them.
/// </summary>
public enum SuiteId : byte
{
    /// <summary>Chinese national standards: SM2 signatures, SM3 hashes, SM4-GCM encryption.</summary>
    Sm = 1,

    /// <summary>International: ECDSA P-256 with SHA-256, SHA-256, AES-256-GCM.</summary>
    Intl = 2,
}

/// <summary>Hash algorithm named by every digest. Byte values are on-ledger: never renumber.</summary>
public enum HashAlgorithm : byte
{
    Sm3 = 1,
    Sha256 = 2,
}

/// <summary>Signature algorithm named by every signature and public key. Byte values are on-ledger.</summary>
public enum SignatureAlgorithm : byte
{
    /// <summary>SM2 with SM3 over Z(A) ‖ M, default user id "1234567812345678", DER (r, s).</summary>
    Sm2WithSm3 = 1,

    /// <summary>ECDSA on NIST P-256 with SHA-256, DER (r, s).</summary>
    EcdsaP256WithSha256 = 2,
}

/// <summary>Authenticated cipher named by every sealed value. Byte values are on-ledger.</summary>
public enum CipherAlgorithm : byte
{
    /// <summary>SM4 in GCM mode, 128-bit key, 96-bit nonce, 128-bit tag.</summary>
    Sm4Gcm = 1,

    /// <summary>AES-256 in GCM mode, 256-bit key, 96-bit nonce, 128-bit tag.</summary>
    Aes256Gcm = 2,
}
