using System.Collections.Frozen;
using TradeChain.Crypto;
using TradeChain.Ingest.Batching;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Submission;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Kafka;

/// <summary>
/// One member organisation's ingest worker, as bound from the "Ingest" configuration section.
/// Every limit names its unit; <see cref="Validate"/> says in plain words what is wrong before
/// anything connects.
/// </summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>The member whose node the worker feeds and whose key signs its batches.</summary>
    public string MemberId { get; set; } = string.Empty;

    /// <summary>Kafka bootstrap servers, "host:port,host:port".</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Consumer group; one per member organisation, so each member's node receives every event of the feeds it reads. Default "tradechain-ingest-&lt;member&gt;".</summary>
    public string? GroupId { get; set; }

    /// <summary>Extra librdkafka settings for the consumer and the dead-letter producer (security, timeouts), e.g. "security.protocol": "SSL".</summary>
    public Dictionary<string, string> Kafka { get; set; } = [];

    public FeedTopicOptions Topics { get; set; } = new();

    /// <summary>See <see cref="BatchLimits.Default"/> for the reasoning behind the defaults.</summary>
    public int BatchMaxEvents { get; set; } = BatchLimits.Default.MaxEvents;

    public long BatchMaxBytes { get; set; } = BatchLimits.Default.MaxBytes;

    public long BatchMaxDelayMs { get; set; } = BatchLimits.Default.MaxDelayMs;

    public long RetryInitialDelayMs { get; set; } = Backoff.Default.InitialDelayMs;

    public long RetryMaxDelayMs { get; set; } = Backoff.Default.MaxDelayMs;

    /// <summary>Largest partner message read; larger ones are dead-lettered as message.too_large.</summary>
    public int MaxMessageBytes { get; set; } = FormatLimits.Default.MaxMessageBytes;

    /// <summary>On shutdown, how long to keep trying to submit what is batched; what is not accepted by then stays uncommitted and is replayed.</summary>
    public long ShutdownFlushTimeoutMs { get; set; } = 10_000;

    /// <summary>On a rebalance, how long to try to submit what is batched before giving the partitions up uncommitted.</summary>
    public long RevokeFlushTimeoutMs { get; set; } = 10_000;

    /// <summary>Vehicle registry capacity; see <see cref="VehicleRegistry.DefaultMaxVehicles"/>.</summary>
    public int MaxVehicles { get; set; } = VehicleRegistry.DefaultMaxVehicles;

    public List<PartnerProfileOptions> Partners { get; set; } = [];

    /// <summary>
    /// The members' shared sensitive-data key, base64 (16 bytes for sm, 32 for intl): every
    /// event's declared value and consignee details are sealed with it before batching. A secret:
    /// hosts take it from a file (TRADECHAIN__INGEST__SENSITIVEKEY_FILE), never as a literal.
    /// </summary>
    public string? SensitiveKey { get; set; }

    /// <summary>A file holding <see cref="SensitiveKey"/> (a mounted secret), read when the worker starts; what <c>ingest run</c> configs name, as they hold no secrets.</summary>
    public string? SensitiveKeyFile { get; set; }

    /// <summary>Without a <see cref="SensitiveKey"/> the worker refuses to start unless this is true: plaintext details on the ledger must be a decision, not an accident.</summary>
    public bool AllowPlaintextSensitive { get; set; }

    public string ConsumerGroup => string.IsNullOrWhiteSpace(GroupId) ? $"tradechain-ingest-{MemberId}" : GroupId;

    public BatchLimits BatchLimits => new(BatchMaxEvents, BatchMaxBytes, BatchMaxDelayMs);

    public Backoff Backoff => new(RetryInitialDelayMs, RetryMaxDelayMs);

    public FormatLimits FormatLimits => FormatLimits.Default with { MaxMessageBytes = MaxMessageBytes };

    /// <summary>Every problem, in plain words; empty when the worker can start.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(MemberId))
        {
            problems.Add("member id is required: the worker signs batches as one member");
        }
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            problems.Add("bootstrap servers are required, e.g. \"kafka-1:9092,kafka-2:9092\"");
        }
        problems.AddRange(BatchLimits.Validate(TradeEventLimits.Default));
        problems.AddRange(Backoff.Validate());
        if (MaxMessageBytes < 1024)
        {
            problems.Add($"max message bytes must be at least 1024, is {MaxMessageBytes}");
        }
        if (ShutdownFlushTimeoutMs < 0 || RevokeFlushTimeoutMs < 0)
        {
            problems.Add("flush timeouts cannot be negative");
        }
        if (MaxVehicles < 1)
        {
            problems.Add($"max vehicles must be at least 1, is {MaxVehicles}");
        }
        problems.AddRange(Topics.Validate());
        if (Partners.Count == 0)
        {
            problems.Add("at least one partner profile is required: messages from partners without one are dead-lettered");
        }
        foreach (var duplicate in Partners.GroupBy(p => p.PartnerId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"partner '{duplicate.Key}' is configured {duplicate.Count()} times");
        }
        foreach (var partner in Partners)
        {
            problems.AddRange(partner.Validate());
        }
        var hasKey = !string.IsNullOrWhiteSpace(SensitiveKey);
        var hasKeyFile = !string.IsNullOrWhiteSpace(SensitiveKeyFile);
        if (!hasKey && !hasKeyFile && !AllowPlaintextSensitive)
        {
            problems.Add($"no sensitive-data key: set {SectionName}:{nameof(SensitiveKey)} (base64, from a secret file) or {SectionName}:{nameof(SensitiveKeyFile)} so declared values and consignee details are sealed, or {SectionName}:{nameof(AllowPlaintextSensitive)}=true to put them on the ledger in plaintext");
        }
        if (hasKey && hasKeyFile)
        {
            problems.Add($"set {SectionName}:{nameof(SensitiveKey)} or {SectionName}:{nameof(SensitiveKeyFile)}, not both");
        }
        if (hasKey && !Convert.TryFromBase64String(SensitiveKey!.Trim(), new byte[SensitiveKey.Length], out _))
        {
            problems.Add($"{SectionName}:{nameof(SensitiveKey)} is not base64");
        }
        return problems;
    }

    /// <summary>The sealer for <paramref name="suite"/> (reading <see cref="SensitiveKeyFile"/> if named); null when no key is set and plaintext is explicitly allowed.</summary>
    /// <exception cref="ArgumentException">No key without the explicit allowance, a missing key file, or a key that is not one for the suite.</exception>
    public SensitiveSealer? CreateSealer(ICryptoSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var (base64, origin) = (SensitiveKey, $"{SectionName}:{nameof(SensitiveKey)}");
        if (string.IsNullOrWhiteSpace(base64) && !string.IsNullOrWhiteSpace(SensitiveKeyFile))
        {
            origin = $"{SectionName}:{nameof(SensitiveKeyFile)} {SensitiveKeyFile}";
            base64 = File.Exists(SensitiveKeyFile) ? File.ReadAllText(SensitiveKeyFile) : throw new ArgumentException($"{origin} does not exist", nameof(SensitiveKeyFile));
        }
        if (string.IsNullOrWhiteSpace(base64))
        {
            return AllowPlaintextSensitive
                ? null
                : throw new ArgumentException($"no sensitive-data key: set {SectionName}:{nameof(SensitiveKey)}, {SectionName}:{nameof(SensitiveKeyFile)} or {SectionName}:{nameof(AllowPlaintextSensitive)}=true", nameof(SensitiveKey));
        }
        return SensitiveSealer.FromBase64(suite, base64, out var problem) ?? throw new ArgumentException($"{origin}: {problem}", nameof(SensitiveKey));
    }

    public IReadOnlyList<PartnerProfile> BuildProfiles() => Partners.Select(p => p.ToProfile(MemberId)).ToArray();
}

/// <summary>Topic name per feed, with the consortium's default names.</summary>
public sealed class FeedTopicOptions
{
    public string Manifests { get; set; } = "tradechain.manifests";

    public string CustomsStatus { get; set; } = "tradechain.customs-status";

    public string PortGate { get; set; } = "tradechain.port-gate";

    public string Tax { get; set; } = "tradechain.tax";

    public string Movements { get; set; } = "tradechain.movements";

    /// <summary>Topic → the feed its events belong to.</summary>
    public FrozenDictionary<string, Feed> ByTopic() => new Dictionary<string, Feed>(StringComparer.Ordinal)
    {
        [Manifests] = Feed.Manifest,
        [CustomsStatus] = Feed.CustomsStatus,
        [PortGate] = Feed.PortGate,
        [Tax] = Feed.Tax,
        [Movements] = Feed.TransportMovement,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public IReadOnlyList<string> Validate()
    {
        string[] names = [Manifests, CustomsStatus, PortGate, Tax, Movements];
        var problems = new List<string>();
        if (names.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("every feed needs a topic name");
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            problems.Add($"each feed needs its own topic, got {string.Join(", ", names)}");
        }
        if (names.Any(n => n.EndsWith(Pipeline.IngestHeaders.DeadLetterTopicSuffix, StringComparison.Ordinal)))
        {
            problems.Add($"a feed topic may not end in '{Pipeline.IngestHeaders.DeadLetterTopicSuffix}', the dead-letter suffix");
        }
        return problems;
    }
}

/// <summary>A partner's profile as configured; see <see cref="PartnerProfile"/> for the meaning of each field.</summary>
public sealed class PartnerProfileOptions
{
    public string PartnerId { get; set; } = string.Empty;

    public string SourceSystem { get; set; } = string.Empty;

    public string? DefaultPort { get; set; }

    public TransportMode? DefaultMode { get; set; }

    public TradeDirection? DefaultDirection { get; set; }

    public int UtcOffsetMinutes { get; set; } = PartnerProfile.ChinaUtcOffsetMinutes;

    public string HomeCountry { get; set; } = "CN";

    /// <summary>The partner's status codes: a list, because the "FORMAT:code" keys contain the configuration path separator.</summary>
    public List<StatusCodeOption> StatusCodes { get; set; } = [];

    /// <summary>Partner place code → UN/LOCODE, e.g. "PEK": "CNPEK".</summary>
    public Dictionary<string, string> LocationCodes { get; set; } = [];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var name = string.IsNullOrWhiteSpace(PartnerId) ? "(unnamed)" : PartnerId;
        if (string.IsNullOrWhiteSpace(PartnerId))
        {
            problems.Add("a partner profile has no partner id");
        }
        if (string.IsNullOrWhiteSpace(SourceSystem))
        {
            problems.Add($"partner {name}: source system is required (it is part of every event id)");
        }
        if (DefaultPort is not null && !PartnerProfile.LooksLikeLocode(DefaultPort))
        {
            problems.Add($"partner {name}: default port '{DefaultPort}' is not a UN/LOCODE");
        }
        if (Math.Abs(UtcOffsetMinutes) > 14 * 60)
        {
            problems.Add($"partner {name}: UTC offset {UtcOffsetMinutes} min is beyond ±14 h");
        }
        foreach (var mapping in StatusCodes)
        {
            if (!mapping.Code.Contains(':', StringComparison.Ordinal) || mapping.EventType is null || !Enum.IsDefined(mapping.EventType.Value))
            {
                problems.Add($"partner {name}: status code '{mapping.Code}' needs the form FORMAT:code (e.g. CODECO:34) and a known event type");
            }
        }
        foreach (var (code, locode) in LocationCodes)
        {
            if (!PartnerProfile.LooksLikeLocode(locode))
            {
                problems.Add($"partner {name}: location code '{code}' maps to '{locode}', which is not a UN/LOCODE");
            }
        }
        return problems;
    }

    public PartnerProfile ToProfile(string memberId) => new()
    {
        PartnerId = PartnerId,
        MemberId = memberId,
        SourceSystem = SourceSystem,
        DefaultPort = DefaultPort,
        DefaultMode = DefaultMode,
        DefaultDirection = DefaultDirection,
        UtcOffsetMinutes = UtcOffsetMinutes,
        HomeCountry = HomeCountry,
        StatusCodes = StatusCodes.ToFrozenDictionary(m => m.Code, m => m.EventType!.Value, StringComparer.Ordinal),
        LocationCodes = LocationCodes.ToFrozenDictionary(StringComparer.Ordinal),
    };
}

/// <summary>One partner status code and the event type it means, e.g. Code "CUSRES:9", EventType Released.</summary>
public sealed class StatusCodeOption
{
    public string Code { get; set; } = string.Empty;

    public TradeEventType? EventType { get; set; }
}
