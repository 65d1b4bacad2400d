using System.Security.Cryptography;
using System.Text;
using TradeChain.Consensus;
using TradeChain.Crypto;

namespace TradeChain.Simulation;

/// <summary>
/// Test-only signatures: HMAC-SHA-256 under a secret derived from the public key. Anyone can
/// derive the secret, so this proves nothing cryptographically; in the simulator the adversary
/// is the simulator's own Byzantine code, which only ever signs with its own keys. What it buys
/// is speed (microseconds instead of SM2's milliseconds) and determinism (same bytes every run).
/// </summary>
public sealed class KeyedHashSigner(PublicKey publicKey) : IMessageSigner
{
    private readonly byte[] _secret = KeyedHashVerifier.SecretOf(publicKey);

    public PublicKey PublicKey { get; } = publicKey;

    public Signature Sign(ReadOnlySpan<byte> message) => new(SignatureAlgorithm.EcdsaP256WithSha256, HMACSHA256.HashData(_secret, message));
}

/// <summary>Verifies <see cref="KeyedHashSigner"/> signatures; caches one secret per key. Not thread-safe (one per simulation).</summary>
public sealed class KeyedHashVerifier : ISignatureVerifier
{
    private static readonly byte[] SecretLabel = Encoding.ASCII.GetBytes("tradechain-sim-secret|");
    private readonly Dictionary<PublicKey, byte[]> _secrets = [];

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature)
    {
        if (!_secrets.TryGetValue(key, out var secret))
        {
            secret = SecretOf(key);
            _secrets.Add(key, secret);
        }
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(secret, message, expected);
        return signature.Der.SequenceEqual(expected);
    }

    internal static byte[] SecretOf(PublicKey key) => SHA256.HashData([.. SecretLabel, .. key.Spki]);
}

/// <summary>
/// The keys of every node in one simulation: generation 0 is each node's genesis key, later
/// generations are what key rotations install. Keyed-hash keys are derived from names, so they
/// are the same in every run; SM2 keys are generated (generation 0 only).
/// </summary>
public sealed class SimKeys
{
    /// <summary>Key generations per member: bounds how many rotations a run can decide.</summary>
    public const int Generations = 6;

    private readonly Dictionary<(string Member, int Generation), IMessageSigner> _signers = [];

    public SimKeys(IEnumerable<string> members, SignerKind kind)
    {
        foreach (var member in members)
        {
            for (var generation = 0; generation < (kind == SignerKind.Sm2 ? 1 : Generations); generation++)
            {
                _signers[(member, generation)] = kind switch
                {
                    SignerKind.KeyedHash => new KeyedHashSigner(KeyedHashKey(member, generation)),
                    SignerKind.Sm2 => new SigningKeySigner(CryptoSuites.Sm.GenerateSigningKey()),
                    _ => throw new ArgumentOutOfRangeException(nameof(kind)),
                };
            }
        }
        Verifier = kind == SignerKind.Sm2 ? new SuiteSignatureVerifier(CryptoSuites.Sm) : new KeyedHashVerifier();
    }

    public ISignatureVerifier Verifier { get; }

    public bool HasGeneration(string member, int generation) => _signers.ContainsKey((member, generation));

    public PublicKey KeyOf(string member, int generation) => _signers[(member, generation)].PublicKey;

    /// <summary>Every key a member holds (all generations), as a keyring for its core.</summary>
    public Keyring KeyringOf(string member) =>
        new(_signers.Where(entry => entry.Key.Member == member).OrderBy(entry => entry.Key.Generation).Select(entry => entry.Value));

    /// <summary>The keyed-hash public key of a member's key generation: derived from the names, so the same in every run.</summary>
    public static PublicKey KeyedHashKey(string member, int generation)
    {
        var id = SHA256.HashData(Encoding.UTF8.GetBytes($"tradechain-sim-key|{member}|{generation}"));
        return new PublicKey(SignatureAlgorithm.EcdsaP256WithSha256, id.AsSpan(0, 16));
    }
}
