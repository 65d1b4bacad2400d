using System.Security.Cryptography;
using System.Text;
using TradeChain.Crypto;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Pipeline;

/// <summary>
/// Seals an event's plaintext sensitive details under the members' shared sensitive-data key
/// before it is batched, so declared values and consignee details never reach the ledger in the
/// clear and proofs of the event can go to roles that may not read them. The convention is the
/// one the API's opener uses: the suite's cipher (SM4-GCM or AES-256-GCM), associated data = the
/// event id's text (binding the ciphertext to its event), a fresh nonce per event. The event id
/// covers member, source system and source reference only, so sealing changes neither the id
/// nor deduplication.
/// </summary>
public sealed class SensitiveSealer
{
    private readonly ICryptoSuite _suite;
    private readonly byte[] _key;

    public SensitiveSealer(ICryptoSuite suite, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (key.Length != suite.CipherKeyBytes)
        {
            throw new ArgumentException($"the sensitive-data key must be {suite.CipherKeyBytes} bytes for {AlgorithmNames.Of(suite.CipherAlgorithm)}, got {key.Length}", nameof(key));
        }
        _suite = suite;
        _key = key.ToArray();
    }

    public ICryptoSuite Suite => _suite;

    /// <summary>The key from its configured form (base64); null with the reason when it is not one.</summary>
    public static SensitiveSealer? FromBase64(ICryptoSuite suite, string base64Key, out string? problem)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64Key.Trim());
        }
        catch (FormatException)
        {
            problem = "the sensitive-data key is not base64";
            return null;
        }
        if (key.Length != suite.CipherKeyBytes)
        {
            problem = $"the sensitive-data key must be {suite.CipherKeyBytes} bytes for {AlgorithmNames.Of(suite.CipherAlgorithm)}, got {key.Length}";
            return null;
        }
        problem = null;
        return new SensitiveSealer(suite, key);
    }

    /// <summary>The event with its plaintext details sealed under a fresh random nonce; events without plaintext details are returned as they are.</summary>
    public TradeEvent Seal(TradeEvent tradeEvent, Digest eventId)
    {
        Span<byte> nonce = stackalloc byte[SealedData.NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        return Seal(tradeEvent, eventId, nonce);
    }

    /// <summary>Pure form of <see cref="Seal(TradeEvent, Digest)"/>: the caller supplies the nonce, which must never repeat under one key.</summary>
    public TradeEvent Seal(TradeEvent tradeEvent, Digest eventId, ReadOnlySpan<byte> nonce)
    {
        ArgumentNullException.ThrowIfNull(tradeEvent);
        if (tradeEvent.Sensitive is not { Plaintext: { } plaintext })
        {
            return tradeEvent;
        }
        var sealedData = _suite.Seal(_key, nonce, TradeEventCodec.EncodeSensitiveDetails(plaintext), Encoding.UTF8.GetBytes(eventId.ToString()));
        return tradeEvent with { Sensitive = SensitivePart.FromSealed(sealedData) };
    }
}
