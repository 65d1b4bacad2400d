namespace TradeChain.Crypto;

/// <summary>
/// One network's algorithms: hashing, signatures and authenticated encryption. Implementations
/// are stateless and thread-safe. Verification of data made under another suite goes through
/// <see cref="CryptoSuites"/>, which dispatches on the algorithm each value names.
/// </summary>
public interface ICryptoSuite
{
    SuiteId Id { get; }

    HashAlgorithm HashAlgorithm { get; }

    SignatureAlgorithm SignatureAlgorithm { get; }

    CipherAlgorithm CipherAlgorithm { get; }

    /// <summary>Key length the cipher takes: 16 bytes for SM4, 32 for AES-256.</summary>
    int CipherKeyBytes { get; }

    Digest Hash(ReadOnlySpan<byte> data);

    /// <summary>A hasher for data that arrives in pieces (Merkle nodes, streamed files).</summary>
    IHasher CreateHasher();

    ISigningKey GenerateSigningKey();

    /// <summary>Reads a PKCS#8 private key PEM, encrypted when <paramref name="passphrase"/> is given.</summary>
    ISigningKey ImportSigningKey(string pkcs8Pem, string? passphrase = null);

    /// <summary>Reads an SPKI public key PEM ("PUBLIC KEY").</summary>
    PublicKey ImportPublicKey(string spkiPem);

    /// <summary>False for a wrong signature, a malformed signature or a key of another algorithm; never throws for bad input.</summary>
    bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature);

    /// <summary>Encrypts with a fresh random nonce.</summary>
    SealedData Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <summary>Encrypts with the given nonce; callers must never reuse a nonce under one key (tests and known answers only).</summary>
    SealedData Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <summary>Decrypts and authenticates; throws <see cref="System.Security.Cryptography.AuthenticationTagMismatchException"/> on any tampering.</summary>
    byte[] Open(ReadOnlySpan<byte> key, SealedData sealedData, ReadOnlySpan<byte> associatedData);
}

/// <summary>Incremental hashing; <see cref="Finish"/> may be called once.</summary>
public interface IHasher
{
    void Append(ReadOnlySpan<byte> data);

    Digest Finish();
}

/// <summary>A private signing key. Dispose clears the key material where the runtime allows.</summary>
public interface ISigningKey : IDisposable
{
    SignatureAlgorithm Algorithm { get; }

    PublicKey PublicKey { get; }

    Signature Sign(ReadOnlySpan<byte> message);

    /// <summary>PKCS#8 PEM; with a passphrase, "ENCRYPTED PRIVATE KEY" (PBES2, PBKDF2-SHA256, AES-256-CBC).</summary>
    string ExportPkcs8Pem(string? passphrase = null);

    /// <summary>SPKI PEM ("PUBLIC KEY").</summary>
    string ExportPublicKeyPem();
}
