using TradeChain.Crypto;
using TradeChain.Ledger.Certificates;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger;

/// <summary>
/// A peer as the CBD-Forum-001-2017 configuration data names it: peer id, address and public key.
/// A peer listed in <see cref="NetworkConfiguration.Validators"/> votes; its index there is its
/// validator index in commit certificates.
/// </summary>
public sealed record PeerInfo(string PeerId, string Address, PublicKey PublicKey);

/// <summary>
/// The data of a <see cref="TransactionType.Configuration"/> transaction: chain id, crypto suite,
/// protocol and software versions, and the validator set in force from the block after the one
/// that holds it. The genesis block's configuration founds the chain.
/// </summary>
public sealed record NetworkConfiguration(
    string ChainId,
    SuiteId Suite,
    ushort ProtocolVersion,
    string SoftwareVersion,
    IReadOnlyList<PeerInfo> Validators)
{
    /// <summary>Tagged as <see cref="TypeTag.Genesis"/>: the genesis configuration and its later replacements share one format.</summary>
    public const byte FormatVersion = 1;

    public ValidatorSet ValidatorSet => new(Validators);

    public string? Check()
    {
        if (!LedgerText.IsId(ChainId))
        {
            return $"chain id '{ChainId}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
        }
        if (!Enum.IsDefined(Suite))
        {
            return $"unknown crypto suite {(byte)Suite}";
        }
        if (SoftwareVersion.Length is 0 or > LedgerLimits.MaxIdChars)
        {
            return $"software version must be 1..{LedgerLimits.MaxIdChars} characters";
        }
        if (Validators.Count == 0 || Validators.Count > LedgerLimits.MaxValidators)
        {
            return $"a configuration names 1..{LedgerLimits.MaxValidators} validators, got {Validators.Count}";
        }
        var signatureAlgorithm = CryptoSuites.Get(Suite).SignatureAlgorithm;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peer in Validators)
        {
            if (!LedgerText.IsId(peer.PeerId) || !ids.Add(peer.PeerId))
            {
                return $"validator id '{peer.PeerId}' is malformed or repeated";
            }
            if (peer.Address.Length is 0 or > LedgerLimits.MaxAddressChars)
            {
                return $"validator '{peer.PeerId}' address must be 1..{LedgerLimits.MaxAddressChars} characters";
            }
            if (peer.PublicKey.Algorithm != signatureAlgorithm)
            {
                return $"validator '{peer.PeerId}' key is {AlgorithmNames.Of(peer.PublicKey.Algorithm)}, the suite signs with {AlgorithmNames.Of(signatureAlgorithm)}";
            }
        }
        return null;
    }

    public byte[] Encode()
    {
        if (Check() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        var writer = new CanonicalWriter(256 + Validators.Count * 160);
        writer.WriteHeader(TypeTag.Genesis, FormatVersion);
        writer.WriteString(ChainId);
        writer.WriteByte((byte)Suite);
        writer.WriteUInt16(ProtocolVersion);
        writer.WriteString(SoftwareVersion);
        writer.WriteList(Validators, static (w, p) =>
        {
            w.WriteString(p.PeerId);
            w.WriteString(p.Address);
            w.WritePublicKey(p.PublicKey);
        });
        return writer.ToArray();
    }

    public static NetworkConfiguration Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        reader.ReadHeader(TypeTag.Genesis, FormatVersion);
        var configuration = new NetworkConfiguration(
            ChainId: reader.ReadString(),
            Suite: reader.ReadEnum<SuiteId>("crypto suite"),
            ProtocolVersion: reader.ReadUInt16(),
            SoftwareVersion: reader.ReadString(),
            Validators: reader.ReadList(static (ref CanonicalReader r) => new PeerInfo(r.ReadString(), r.ReadString(), r.ReadPublicKey()), minItemBytes: 12));
        reader.RequireEnd();
        if (configuration.Check() is { } problem)
        {
            throw new CanonicalFormatException(0, problem);
        }
        return configuration;
    }
}
