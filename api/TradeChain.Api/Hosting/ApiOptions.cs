namespace TradeChain.Api.Hosting;

/// <summary>The API's configuration (section "Api"). Every limit names its unit; <see cref="Validate"/> says what is wrong before anything starts.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The member node's client endpoint (LedgerClient); required.</summary>
    public string NodeAddress { get; set; } = "";

    /// <summary>The network's suite, "sm" or "intl".</summary>
    public string Suite { get; set; } = "sm";

    /// <summary>The embedded DuckDB analytics store's directory, when the composition opens the store itself.</summary>
    public string AnalyticsDirectory { get; set; } = "analytics-data";

    /// <summary>PKCS#8 PEM of the member's signing key; set, it enables feed push (passphrase from TRADECHAIN_KEY_PASSPHRASE).</summary>
    public string? MemberKeyFile { get; set; }

    /// <summary>Base64 key that opens sealed sensitive details; unset, allowed roles see "sealed".</summary>
    public string? SensitiveKey { get; set; }

    /// <summary>Holds principals.json (principals and API key hashes) and audit.log.</summary>
    public string DataDirectory { get; set; } = "api-data";

    /// <summary>Body limit of every endpoint but feed push: JSON requests here are small (a login, a key request).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Body limit of a feed push: the ingest parsers' message limit (a CUSCAR of a large vessel is a few MB).</summary>
    public long MaxFeedBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Requests a client may make in a burst (token bucket size), per principal, or per IP before authentication.</summary>
    public int RateLimitBurst { get; set; } = 100;

    /// <summary>Requests per second a client's bucket refills: ample for a dashboard, a brake on scrapers and key guessing.</summary>
    public int RateLimitPerSecond { get; set; } = 20;

    public int TokenLifetimeMinutes { get; set; } = 8 * 60;

    /// <summary>HS256 token keys as "id:base64secret", the first signs. Empty: a random key per process (tokens end at restart; one replica only).</summary>
    public List<string> TokenKeys { get; set; } = [];

    /// <summary>How long a rotated-out API key keeps working.</summary>
    public int KeyRotationOverlapHours { get; set; } = 24;

    /// <summary>Webhook subscriptions and their delivery outbox (section "Api:Webhooks").</summary>
    public Webhooks.WebhookOptions Webhooks { get; set; } = new();

    /// <summary>Where partners' dead letters are read from (section "Api:DeadLetters").</summary>
    public Partners.DeadLetterOptions DeadLetters { get; set; } = new();

    /// <summary>Push receipts kept per partner for <c>/feeds/submissions</c>; the oldest go first.</summary>
    public int MaxSubmissionsPerPartner { get; set; } = 1_000;

    /// <summary>Client endpoints of every member node for the node board ("http://host:port"). Empty: the board shows the API's own node.</summary>
    public List<string> MemberNodes { get; set; } = [];

    /// <summary>How long the node board waits for each node before showing it unreachable: the board answers within about this.</summary>
    public int NodeBoardTimeoutMs { get; set; } = 2_000;

    /// <summary>Size at which the audit file rolls over into a new numbered segment (it also rolls at each UTC month).</summary>
    public long AuditSegmentMaxBytes { get; set; } = Audit.AuditRotation.DefaultMaxSegmentBytes;

    /// <summary>Minutes between anchors of the audit head on the ledger (with Api:MemberKeyFile set); one more is made on shutdown. An unchanged head is not anchored again.</summary>
    public int AuditAnchorIntervalMinutes { get; set; } = 60;

    /// <summary>This API's id in its audit anchors, telling apart several APIs of one member (1..64 characters).</summary>
    public string InstanceId { get; set; } = "api";

    /// <summary>Calendar months a rolled audit segment is kept after its newest record; at least six, as the regulator requires.</summary>
    public int AuditRetentionMonths { get; set; } = Audit.AuditRotation.DefaultRetentionMonths;

    /// <summary>A consortium has one node per member; 64 bounds the board's concurrent calls.</summary>
    public const int MaxMemberNodes = 64;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add("Api:DataDirectory is required");
        }
        if (MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add($"Api:MaxRequestBodyBytes must be 1 KiB..16 MiB, is {MaxRequestBodyBytes}");
        }
        if (MaxFeedBodyBytes < MaxRequestBodyBytes || MaxFeedBodyBytes > 64 * 1024 * 1024)
        {
            problems.Add($"Api:MaxFeedBodyBytes must be at least MaxRequestBodyBytes and at most 64 MiB, is {MaxFeedBodyBytes}");
        }
        if (RateLimitPerSecond < 1 || RateLimitBurst < RateLimitPerSecond)
        {
            problems.Add($"Api:RateLimitPerSecond must be ≥ 1 and RateLimitBurst ≥ it (got {RateLimitPerSecond}/s, burst {RateLimitBurst})");
        }
        if (TokenLifetimeMinutes is < 1 or > 24 * 60)
        {
            problems.Add($"Api:TokenLifetimeMinutes must be 1..1440, is {TokenLifetimeMinutes}");
        }
        if (TokenKeys.Any(k => k.Split(':', 2) is not [{ Length: > 0 }, { Length: > 0 }]))
        {
            problems.Add("Api:TokenKeys entries are 'id:base64secret'");
        }
        if (KeyRotationOverlapHours is < 0 or > 24 * 30)
        {
            problems.Add($"Api:KeyRotationOverlapHours must be 0..720, is {KeyRotationOverlapHours}");
        }
        if (MaxSubmissionsPerPartner is < 1 or > 100_000)
        {
            problems.Add($"Api:MaxSubmissionsPerPartner must be 1..100000, is {MaxSubmissionsPerPartner}");
        }
        problems.AddRange(Webhooks.Validate());
        problems.AddRange(DeadLetters.Validate());
        if (MemberNodes.Count > MaxMemberNodes)
        {
            problems.Add($"Api:MemberNodes lists {MemberNodes.Count} nodes, at most {MaxMemberNodes}");
        }
        foreach (var node in MemberNodes.Where(n => !Uri.TryCreate(n, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add($"Api:MemberNodes entry '{node}' is not an http(s) client endpoint such as http://127.0.0.1:7201");
        }
        if (NodeBoardTimeoutMs is < 100 or > 30_000)
        {
            problems.Add($"Api:NodeBoardTimeoutMs must be 100..30000, is {NodeBoardTimeoutMs}");
        }
        if (AuditAnchorIntervalMinutes is < 1 or > 1440)
        {
            problems.Add($"Api:AuditAnchorIntervalMinutes must be 1..1440, is {AuditAnchorIntervalMinutes}");
        }
        if (InstanceId.Length is < 1 or > 64 || InstanceId.Any(char.IsControl) || InstanceId.Trim().Length != InstanceId.Length)
        {
            problems.Add($"Api:InstanceId must be 1..64 characters without control characters or surrounding spaces, is '{InstanceId}'");
        }
        if (AuditSegmentMaxBytes is < 64 * 1024 or > 4L * 1024 * 1024 * 1024)
        {
            problems.Add($"Api:AuditSegmentMaxBytes must be 64 KiB..4 GiB, is {AuditSegmentMaxBytes}");
        }
        if (AuditRetentionMonths is < Audit.AuditRotation.MinRetentionMonths or > 1200)
        {
            problems.Add($"Api:AuditRetentionMonths must be {Audit.AuditRotation.MinRetentionMonths}..1200, is {AuditRetentionMonths}");
        }
        return problems;
    }
}
