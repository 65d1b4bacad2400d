using System.Text.Json;
using Microsoft.Extensions.Configuration;
using TradeChain.Crypto;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Signing;

namespace TradeChain.Ingest.Commands;

/// <summary>
/// The config file of <c>tradechain ingest run</c> and <c>replay-dlq</c>: the <c>Ingest</c> section
/// exactly as a host binds it (docs/ingest.md), plus where the member's node and key are:
/// <code>
/// { "Ingest": { "MemberId": "tianjin-port", "BootstrapServers": "…", "Partners": [ … ] },
///   "Ledger": { "NodeAddress": "http://127.0.0.1:7201", "Suite": "sm",
///               "MemberKeyFile": "keys/tianjin-port.key.pem", "PassphraseVariable": "TRADECHAIN_KEY_PASSPHRASE" } }
/// </code>
/// A relative key path is read from the config file's directory; the passphrase only ever comes
/// from the named environment variable.
/// </summary>
public sealed class IngestCliConfig
{
    public const string LedgerSectionName = "Ledger";
    public const string DefaultPassphraseVariable = "TRADECHAIN_KEY_PASSPHRASE";

    public required IngestOptions Ingest { get; init; }

    public required string NodeAddress { get; init; }

    public required SuiteId Suite { get; init; }

    public required string MemberKeyFile { get; init; }

    public string PassphraseVariable { get; init; } = DefaultPassphraseVariable;

    /// <summary>Reads and checks the file; every problem is reported at once as <see cref="InvalidDataException"/>.</summary>
    public static IngestCliConfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"config file '{path}' does not exist", full);
        }
        IConfiguration configuration;
        try
        {
            configuration = FromJson(File.ReadAllBytes(full));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"config file '{path}' is not JSON: {e.Message}", e);
        }
        IngestOptions ingest;
        try
        {
            ingest = configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"config file '{path}': {e.Message}", e);
        }
        var ledger = configuration.GetSection(LedgerSectionName);
        var problems = new List<string>(ingest.Validate());
        var nodeAddress = ledger["NodeAddress"];
        if (string.IsNullOrWhiteSpace(nodeAddress))
        {
            problems.Add("Ledger:NodeAddress (the member node's client endpoint, e.g. http://127.0.0.1:7201) is required");
        }
        SuiteId suite = SuiteId.Sm;
        try
        {
            suite = AlgorithmNames.ParseSuite(ledger["Suite"] ?? "sm");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            problems.Add($"Ledger:Suite '{ledger["Suite"]}' is not a suite: use sm or intl");
        }
        var keyFile = ledger["MemberKeyFile"];
        if (string.IsNullOrWhiteSpace(keyFile))
        {
            problems.Add("Ledger:MemberKeyFile (the member's PKCS#8 PEM signing key) is required");
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"config file '{path}' is not usable:\n  {string.Join("\n  ", problems)}");
        }
        return new IngestCliConfig
        {
            Ingest = ingest,
            NodeAddress = nodeAddress!,
            Suite = suite,
            MemberKeyFile = Path.GetFullPath(keyFile!, Path.GetDirectoryName(full)!),
            PassphraseVariable = ledger["PassphraseVariable"] ?? DefaultPassphraseVariable,
        };
    }

    /// <summary>The member's signer; dispose the returned key when done.</summary>
    public BatchSigner CreateSigner(out ISigningKey key)
    {
        var suite = CryptoSuites.Get(Suite);
        key = suite.ImportSigningKey(File.ReadAllText(MemberKeyFile), Environment.GetEnvironmentVariable(PassphraseVariable));
        return new BatchSigner(suite, key, Ingest.MemberId);
    }

    /// <summary>A JSON document as configuration keys ("Ingest:Partners:0:PartnerId"), as the JSON configuration provider reads it.</summary>
    public static IConfiguration FromJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var document = JsonDocument.ParseValue(ref reader);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(document.RootElement, null, values);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix is null ? property.Name : $"{prefix}:{property.Name}", values);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++}", values);
                }
                break;
            case JsonValueKind.String:
                values[prefix ?? ""] = element.GetString();
                break;
            case JsonValueKind.Null:
                values[prefix ?? ""] = null;
                break;
            default:
                values[prefix ?? ""] = element.GetRawText();
                break;
        }
    }
}
