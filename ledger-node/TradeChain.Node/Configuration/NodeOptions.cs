using System.Net;
using Microsoft.Extensions.Configuration;
using TradeChain.Crypto;

namespace TradeChain.Node.Configuration;

/// <summary>
/// One node's configuration: a JSON file (<c>tradechain node init</c> writes it) overridable by
/// environment variables named <c>TRADECHAIN__SECTION__KEY</c> (e.g.
/// <c>TRADECHAIN__LISTEN__CLIENT=0.0.0.0:7201</c>). Relative paths are relative to the file.
/// <see cref="Validate"/> explains every problem before anything starts.
/// </summary>
public sealed class NodeOptions
{
    /// <summary>Environment variables with this prefix override the file ("TRADECHAIN__NODE__MEMBERID").</summary>
    public const string EnvironmentPrefix = "TRADECHAIN__";

    public NodeSection Node { get; set; } = new();

    public ListenSection Listen { get; set; } = new();

    public TransportSection Transport { get; set; } = new();

    /// <summary>Peer addresses that override the member addresses in the genesis (e.g. behind NAT); usually empty.</summary>
    public List<PeerAddress> Peers { get; set; } = [];

    public MempoolSection Mempool { get; set; } = new();

    public ConsensusSection Consensus { get; set; } = new();

    public TelemetrySection Telemetry { get; set; } = new();

    /// <summary>The directory relative paths are resolved against (the config file's).</summary>
    public string BaseDirectory { get; set; } = ".";

    /// <summary>Reads a config file and the environment; paths become absolute. Throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/>.</summary>
    public static NodeOptions Load(string configFile, IDictionary<string, string?>? overrides = null)
    {
        var path = Path.GetFullPath(configFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"node config {path} does not exist (create one with 'tradechain node init')", path);
        }
        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(path, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
                .Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"node config {path} is not valid JSON: {e.Message}", e);
        }
        var options = new NodeOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"node config {path}: {e.Message}", e);
        }
        options.BaseDirectory = Path.GetDirectoryName(path)!;
        return options;
    }

    /// <summary>A path from the config, made absolute against <see cref="BaseDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, BaseDirectory);

    /// <summary>Every problem, in plain language; empty when the node can start.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Node.MemberId))
        {
            errors.Add("node.memberId is required: it is how this node finds its seat in the genesis membership");
        }
        Require(errors, Node.DataDirectory, "node.dataDirectory", "where the ledger, consensus state and mempool log live");
        Require(errors, Node.GenesisFile, "node.genesisFile", "the network's genesis.json");
        Require(errors, Node.MemberKeyFile, "node.memberKeyFile", "the member's ledger signing key (PKCS#8 PEM)");
        if (string.IsNullOrWhiteSpace(Node.ExpectedGenesisHash))
        {
            errors.Add("node.expectedGenesisHash is required: a node must refuse to join a network whose genesis it did not agree to (run 'tradechain node init --genesis FILE')");
        }
        else
        {
            try
            {
                Digest.Parse(Node.ExpectedGenesisHash);
            }
            catch (FormatException e)
            {
                errors.Add($"node.expectedGenesisHash: {e.Message}");
            }
        }
        if (string.IsNullOrWhiteSpace(Node.AdminToken) || Node.AdminToken.Length < NodeSection.MinAdminTokenChars)
        {
            errors.Add($"node.adminToken must be at least {NodeSection.MinAdminTokenChars} characters: it guards the admin RPCs");
        }
        if (!Transport.PlaintextForLocalDevelopment)
        {
            Require(errors, Node.TransportCertificateFile, "node.transportCertificateFile", "the node's TLS certificate (bound to the member key)");
            Require(errors, Node.TransportKeyFile, "node.transportKeyFile", "the node's TLS private key");
        }
        var peer = CheckEndpoint(errors, Listen.Peer, "listen.peer");
        var client = CheckEndpoint(errors, Listen.Client, "listen.client");
        if (peer is not null && client is not null && peer.Port == client.Port)
        {
            errors.Add($"listen.peer and listen.client must use different ports (both {peer.Port}): peers need mutual TLS, clients do not");
        }
        foreach (var entry in Peers)
        {
            if (string.IsNullOrWhiteSpace(entry.MemberId) || !Uri.TryCreate(entry.Address, UriKind.Absolute, out _))
            {
                errors.Add($"peers: each entry needs a memberId and an absolute address like https://10.0.0.2:7100 (got '{entry.MemberId}' '{entry.Address}')");
            }
        }
        errors.AddRange(Mempool.Validate());
        errors.AddRange(Consensus.Validate());
        if (Telemetry.LogFormat is not ("text" or "json"))
        {
            errors.Add($"telemetry.logFormat must be 'text' or 'json' (got '{Telemetry.LogFormat}')");
        }
        if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(Telemetry.LogLevel, ignoreCase: true, out _))
        {
            errors.Add($"telemetry.logLevel '{Telemetry.LogLevel}' is not one of Trace, Debug, Information, Warning, Error");
        }
        if (Telemetry.OtlpEndpoint is { Length: > 0 } otlp && !Uri.TryCreate(otlp, UriKind.Absolute, out _))
        {
            errors.Add($"telemetry.otlpEndpoint '{otlp}' is not an absolute URL");
        }
        return errors;
    }

    private static void Require(List<string> errors, string? value, string name, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{name} is required: {what}");
        }
    }

    private static IPEndPoint? CheckEndpoint(List<string> errors, string? value, string name)
    {
        if (!IPEndPoint.TryParse(value ?? "", out var endpoint) || endpoint.Port == 0)
        {
            errors.Add($"{name} must be 'address:port' with a non-zero port, e.g. 127.0.0.1:7100 (got '{value}')");
            return null;
        }
        return endpoint;
    }
}

public sealed class NodeSection
{
    /// <summary>128 bits of hex: guessing it is not an option.</summary>
    public const int MinAdminTokenChars = 32;

    /// <summary>This node's member id; it must be a member in the genesis (or added by governance).</summary>
    public string MemberId { get; set; } = "";

    public string DataDirectory { get; set; } = "data";

    public string GenesisFile { get; set; } = "genesis.json";

    /// <summary>The genesis hash this node agreed to ("sm3:…"); a different genesis file stops the node.</summary>
    public string ExpectedGenesisHash { get; set; } = "";

    public string MemberKeyFile { get; set; } = "keys/member.key.pem";

    /// <summary>Name of the environment variable holding the member key's passphrase; empty for an unencrypted key.</summary>
    public string MemberKeyPassphraseEnv { get; set; } = "";

    public string TransportCertificateFile { get; set; } = "keys/transport.crt.pem";

    public string TransportKeyFile { get; set; } = "keys/transport.key.pem";

    /// <summary>Bearer token for the Admin service.</summary>
    public string AdminToken { get; set; } = "";
}

public sealed class ListenSection
{
    /// <summary>Where peers connect (mutual TLS unless plaintext is configured).</summary>
    public string Peer { get; set; } = "127.0.0.1:7100";

    /// <summary>Where clients (ingest, analytics, the API, the CLI) connect: plaintext HTTP/2; bind it to loopback or a private interface.</summary>
    public string Client { get; set; } = "127.0.0.1:7200";
}

public sealed class TransportSection
{
    /// <summary>
    /// Peers talk HTTP/2 without TLS, trusting the member id a peer claims. Only for a network on
    /// one machine: logged as a warning at start-up. Consensus messages stay signed.
    /// </summary>
    public bool PlaintextForLocalDevelopment { get; set; }
}

public sealed class PeerAddress
{
    public string MemberId { get; set; } = "";

    public string Address { get; set; } = "";
}

public sealed class MempoolSection
{
    /// <summary>Bytes of pending batches held; a full mempool answers RESOURCE_EXHAUSTED. 256 MiB ≈ 850,000 events.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Pending batches held.</summary>
    public int MaxBatches { get; set; } = 4096;

    /// <summary>Pending batches of one member: one busy member cannot fill the pool for the others.</summary>
    public int MaxBatchesPerMember { get; set; } = 1024;

    /// <summary>The back-off a full mempool tells submitters (about one block interval).</summary>
    public int RetryAfterMs { get; set; } = 500;

    public IEnumerable<string> Validate()
    {
        if (MaxBytes < 4 * 1024 * 1024)
        {
            yield return "mempool.maxBytes must be at least 4 MiB: one largest batch must fit";
        }
        if (MaxBatches < 1 || MaxBatchesPerMember < 1)
        {
            yield return "mempool.maxBatches and mempool.maxBatchesPerMember must be at least 1";
        }
        if (MaxBatchesPerMember > MaxBatches)
        {
            yield return $"mempool.maxBatchesPerMember ({MaxBatchesPerMember}) cannot exceed mempool.maxBatches ({MaxBatches})";
        }
        if (RetryAfterMs is < 1 or > 60_000)
        {
            yield return "mempool.retryAfterMs must be 1..60000";
        }
    }
}

/// <summary>Local consensus tuning; the timeouts themselves come from the chain (genesis and governance).</summary>
public sealed class ConsensusSection
{
    /// <summary>Re-send interval for undecided heights (gossip of lost messages). Must exceed a round trip.</summary>
    public long RebroadcastIntervalMs { get; set; } = 1000;

    /// <summary>A fresh proposal is prevoted only if its timestamp is this close to the local clock.</summary>
    public long MaxClockSkewMs { get; set; } = 2000;

    /// <summary>How often the node compares its tip with its peers' and fetches missing blocks.</summary>
    public long SyncIntervalMs { get; set; } = 1000;

    /// <summary>
    /// When the mempool is empty, how long a proposer waits for a batch before proposing an empty
    /// block (a block is still made, so heights keep moving and commit times stay measurable).
    /// </summary>
    public long EmptyBlockWaitMs { get; set; } = 500;

    public IEnumerable<string> Validate()
    {
        if (RebroadcastIntervalMs is < 50 or > 60_000)
        {
            yield return "consensus.rebroadcastIntervalMs must be 50..60000";
        }
        if (MaxClockSkewMs is < 0 or > 600_000)
        {
            yield return "consensus.maxClockSkewMs must be 0..600000";
        }
        if (SyncIntervalMs is < 50 or > 60_000)
        {
            yield return "consensus.syncIntervalMs must be 50..60000";
        }
        if (EmptyBlockWaitMs is < 0 or > 60_000)
        {
            yield return "consensus.emptyBlockWaitMs must be 0..60000";
        }
    }
}

public sealed class TelemetrySection
{
    /// <summary>"text" (one line per entry, for people) or "json" (one JSON object per line, for log shippers).</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary>Minimum level logged: Trace, Debug, Information, Warning, Error.</summary>
    public string LogLevel { get; set; } = "Information";

    /// <summary>OTLP collector for metrics (e.g. http://127.0.0.1:4317); empty: metrics stay in-process (dotnet-counters can read them).</summary>
    public string OtlpEndpoint { get; set; } = "";
}
