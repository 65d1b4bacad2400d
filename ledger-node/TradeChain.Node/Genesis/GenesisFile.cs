using System.Text.Json;
using System.Text.Json.Serialization;
using TradeChain.Crypto;
using TradeChain.Ledger;

namespace TradeChain.Node.Genesis;

/// <summary>
/// The human form of a network's genesis (<c>genesis.json</c>, "tradechain.genesis/1"): chain id,
/// suite, members with roles, PEM keys and addresses, validators with power, consensus
/// parameters, the governance rule and the genesis time. The truth is the canonical encoding of
/// the <see cref="NetworkConfiguration"/> it describes; its hash, written beside it as
/// <c>genesisHash</c>, is what every node's config names and checks at start-up.
/// </summary>
public static class GenesisFile
{
    public const string FormatName = "tradechain.genesis/1";

    /// <summary>Hundreds of members with PEM keys fit in well under a megabyte.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // PEM keys hold "+" and "/": keep them readable rather than \u-escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(NetworkConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var suite = CryptoSuites.Get(configuration.Suite);
        var document = new GenesisDocument
        {
            Format = FormatName,
            ChainId = configuration.ChainId,
            Suite = AlgorithmNames.Of(configuration.Suite),
            ProtocolVersion = configuration.ProtocolVersion,
            SoftwareVersion = configuration.SoftwareVersion,
            GenesisTimeMs = configuration.GenesisTimeMs,
            Members = configuration.Members.Select(m => new MemberDocument
            {
                MemberId = m.MemberId,
                Name = m.Name,
                Roles = [.. m.Roles],
                Address = m.Address,
                PublicKey = PemOf(m.PublicKey),
            }).ToList(),
            Validators = configuration.Validators.Select(v => new ValidatorDocument { MemberId = v.MemberId, Power = v.Power }).ToList(),
            Consensus = new ConsensusDocument
            {
                ProposeTimeoutMs = configuration.Consensus.ProposeTimeoutMs,
                VoteTimeoutMs = configuration.Consensus.VoteTimeoutMs,
                TimeoutIncrementMs = configuration.Consensus.TimeoutIncrementMs,
                ValidatorChangeDelayHeights = configuration.Consensus.ValidatorChangeDelayHeights,
                MaxBlockTransactions = configuration.Consensus.MaxBlockTransactions,
            },
            Governance = new GovernanceDocument { ApprovalsMustExceed = $"{configuration.Governance.Numerator}/{configuration.Governance.Denominator}" },
            GenesisHash = suite.Hash(configuration.Encode()).ToString(),
        };
        return JsonSerializer.Serialize(document, Json) + "\n";
    }

    /// <summary>Reads and checks a genesis file; <see cref="FormatException"/> names what is wrong, including a genesisHash that does not match the content.</summary>
    public static NetworkConfiguration Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
        {
            throw new FormatException($"genesis file is larger than {MaxFileBytes} bytes");
        }
        GenesisDocument document;
        try
        {
            document = JsonSerializer.Deserialize<GenesisDocument>(text, Json) ?? throw new FormatException("genesis file is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"genesis file is not valid: {e.Message}");
        }
        if (document.Format != FormatName)
        {
            throw new FormatException($"format is '{document.Format}', this program reads '{FormatName}'");
        }
        var suiteId = AlgorithmNames.ParseSuite(document.Suite);
        var suite = CryptoSuites.Get(suiteId);
        var rule = document.Governance.ApprovalsMustExceed.Split('/');
        if (rule.Length != 2 || !int.TryParse(rule[0], out var numerator) || !int.TryParse(rule[1], out var denominator))
        {
            throw new FormatException($"governance.approvalsMustExceed must be a fraction like '1/2' or '2/3', got '{document.Governance.ApprovalsMustExceed}'");
        }
        var configuration = new NetworkConfiguration(
            document.ChainId,
            suiteId,
            document.ProtocolVersion,
            document.SoftwareVersion,
            document.GenesisTimeMs,
            document.Members.Select(m => new MemberInfo(m.MemberId, m.Name, [.. m.Roles.Order(StringComparer.Ordinal)], ReadKey(suite, m.MemberId, m.PublicKey), m.Address))
                .OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray(),
            document.Validators.Select(v => new ValidatorSeat(v.MemberId, v.Power)).OrderBy(v => v.MemberId, StringComparer.Ordinal).ToArray(),
            new ConsensusParameters(
                document.Consensus.ProposeTimeoutMs,
                document.Consensus.VoteTimeoutMs,
                document.Consensus.TimeoutIncrementMs,
                document.Consensus.ValidatorChangeDelayHeights,
                document.Consensus.MaxBlockTransactions),
            new GovernanceRule(numerator, denominator));
        if (configuration.Check() is { } problem)
        {
            throw new FormatException($"genesis is not usable: {problem}");
        }
        var hash = suite.Hash(configuration.Encode()).ToString();
        if (document.GenesisHash.Length > 0 && document.GenesisHash != hash)
        {
            throw new FormatException($"genesisHash says {document.GenesisHash}, the content hashes to {hash}: the file was edited after it was made");
        }
        return configuration;
    }

    public static NetworkConfiguration ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxFileBytes)
        {
            throw new FormatException($"{path} is {info.Length} bytes, larger than any genesis file ({MaxFileBytes})");
        }
        return Read(File.ReadAllText(path));
    }

    public static string PemOf(PublicKey key) => new(System.Security.Cryptography.PemEncoding.Write("PUBLIC KEY", key.Spki));

    private static PublicKey ReadKey(ICryptoSuite suite, string memberId, string pem)
    {
        try
        {
            return suite.ImportPublicKey(pem);
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new FormatException($"member '{memberId}' publicKey is not a {AlgorithmNames.Of(suite.Id)} SPKI PEM: {e.Message}");
        }
    }

    private sealed class GenesisDocument
    {
        public string Format { get; set; } = "";
        public string ChainId { get; set; } = "";
        public string Suite { get; set; } = "";
        public ushort ProtocolVersion { get; set; }
        public string SoftwareVersion { get; set; } = "";
        public long GenesisTimeMs { get; set; }
        public List<MemberDocument> Members { get; set; } = [];
        public List<ValidatorDocument> Validators { get; set; } = [];
        public ConsensusDocument Consensus { get; set; } = new();
        public GovernanceDocument Governance { get; set; } = new();
        public string GenesisHash { get; set; } = "";
    }

    private sealed class MemberDocument
    {
        public string MemberId { get; set; } = "";
        public string Name { get; set; } = "";
        public List<string> Roles { get; set; } = [];
        public string Address { get; set; } = "";
        public string PublicKey { get; set; } = "";
    }

    private sealed class ValidatorDocument
    {
        public string MemberId { get; set; } = "";
        public long Power { get; set; }
    }

    private sealed class ConsensusDocument
    {
        public long ProposeTimeoutMs { get; set; }
        public long VoteTimeoutMs { get; set; }
        public long TimeoutIncrementMs { get; set; }
        public int ValidatorChangeDelayHeights { get; set; }
        public int MaxBlockTransactions { get; set; }
    }

    private sealed class GovernanceDocument
    {
        public string ApprovalsMustExceed { get; set; } = "1/2";
    }
}
