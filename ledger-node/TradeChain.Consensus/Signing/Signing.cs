using TradeChain.Crypto;

namespace TradeChain.Consensus;

/// <summary>
/// Signs consensus messages with one validator key. The core calls it only after its
/// double-signing guard has passed; an implementation may be a local key, an HSM, or (in the
/// simulator) a cheap deterministic test signer.
/// </summary>
public interface IMessageSigner
{
    PublicKey PublicKey { get; }

    Signature Sign(ReadOnlySpan<byte> message);
}

/// <summary>
/// Checks a signature. Pure and thread-safe, so a host may also call it off the consensus
/// thread (e.g. to pre-filter gossip); the core calls it on every new message it accepts.
/// </summary>
public interface ISignatureVerifier
{
    bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature);
}

/// <summary>
/// The keys a node holds. Each height the core looks up its member's key in that height's
/// validator set and asks for the matching signer, so a key rotation works by adding the new key
/// here before the rotation takes effect.
/// </summary>
public interface IValidatorKeyring
{
    /// <summary>The signer for this public key, or null if this node does not hold it.</summary>
    IMessageSigner? SignerFor(PublicKey publicKey);
}

/// <summary>A signer backed by an <see cref="ISigningKey"/> of a crypto suite (SM2 or ECDSA P-256).</summary>
public sealed class SigningKeySigner(ISigningKey key) : IMessageSigner
{
    private readonly ISigningKey _key = key ?? throw new ArgumentNullException(nameof(key));

    public PublicKey PublicKey => _key.PublicKey;

    public Signature Sign(ReadOnlySpan<byte> message) => _key.Sign(message);
}

/// <summary>Verifies with the network's crypto suite (fixed in the genesis).</summary>
public sealed class SuiteSignatureVerifier(ICryptoSuite suite) : ISignatureVerifier
{
    private readonly ICryptoSuite _suite = suite ?? throw new ArgumentNullException(nameof(suite));

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature) => _suite.Verify(key, message, signature);
}

/// <summary>A keyring of fixed signers, looked up by public key.</summary>
public sealed class Keyring : IValidatorKeyring
{
    private readonly Dictionary<PublicKey, IMessageSigner> _signers = [];

    public Keyring(params IEnumerable<IMessageSigner> signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        foreach (var signer in signers)
        {
            Add(signer);
        }
    }

    /// <summary>Adds a key, e.g. one about to replace this member's key through governance.</summary>
    public void Add(IMessageSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _signers[signer.PublicKey] = signer;
    }

    public IMessageSigner? SignerFor(PublicKey publicKey) => _signers.GetValueOrDefault(publicKey);
}
