using TradeChain.Ingest.Submission;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Store;
using TradeChain.Api.Access;
using TradeChain.Api.Feeds;
using TradeChain.Api.Ledger;
using TradeChain.Crypto;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Signing;
using TradeChain.Node.Client;

namespace TradeChain.Api.Hosting;

/// <summary>
/// The production wiring, from configuration: the member's node (Api:NodeAddress), the analytics
/// store (given by the caller, or the embedded one in Api:AnalyticsDirectory), and for feed push the member's signing key
/// (Api:MemberKeyFile, passphrase from the environment variable TRADECHAIN_KEY_PASSPHRASE) with
/// the partner profiles of the "Ingest" section. Owns what it opens.
/// </summary>
public sealed class ApiComposition : IAsyncDisposable
{
    public const string PassphraseVariable = "TRADECHAIN_KEY_PASSPHRASE";

    private readonly IAnalyticsStore _analytics;
    private readonly LedgerClient _client;
    private readonly ISigningKey? _memberKey;

    private ApiComposition(IAnalyticsStore analytics, LedgerClient client, ISigningKey? memberKey, ApiComponents components)
    {
        _analytics = analytics;
        _client = client;
        _memberKey = memberKey;
        Components = components;
    }

    public ApiComponents Components { get; }

    /// <param name="analytics">
    /// The analytics store to serve from, owned from here on (the <c>tradechain api run</c> command
    /// opens DuckDB or ClickHouse from its own settings); null opens DuckDB in Api:AnalyticsDirectory.
    /// </param>
    public static ApiComposition FromConfiguration(IConfiguration configuration, IAnalyticsStore? analytics = null)
    {
        var options = configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        if (string.IsNullOrWhiteSpace(options.NodeAddress))
        {
            throw new InvalidOperationException("Api:NodeAddress (the member node's client endpoint) is required");
        }
        var suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(options.Suite));
        analytics ??= DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = options.AnalyticsDirectory });
        var client = new LedgerClient(options.NodeAddress);
        ISigningKey? memberKey = null;
        FeedPushService? feeds = null;
        if (options.MemberKeyFile is { } keyFile)
        {
            var ingest = configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
            memberKey = suite.ImportSigningKey(File.ReadAllText(keyFile), Environment.GetEnvironmentVariable(PassphraseVariable));
            // The API holds the members' shared key already; the push seals with it unless Ingest names its own.
            ingest.SensitiveKey ??= options.SensitiveKey;
            feeds = new FeedPushService(ingest.BuildProfiles(), new BatchSigner(suite, memberKey, ingest.MemberId), ingest.CreateSealer(suite), new LedgerClientBatchSubmitter(client), TimeProvider.System, ingest.BatchLimits);
        }
        var sensitiveKey = options.SensitiveKey is { } key ? Convert.FromBase64String(key) : null;
        var anchoring = memberKey is null ? null : new Audit.AuditAnchoring(memberKey, new Audit.LedgerClientAnchorSubmitter(client));
        return new ApiComposition(analytics, client, memberKey, new ApiComponents(analytics, new GrpcLedgerGateway(client), feeds, new SymmetricKeyOpener(suite, sensitiveKey), new LedgerClientBlockSource(client), anchoring));
    }

    public async ValueTask DisposeAsync()
    {
        await _analytics.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
        _memberKey?.Dispose();
    }
}
