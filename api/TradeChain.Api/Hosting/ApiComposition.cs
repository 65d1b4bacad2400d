using TradeChain.Ingest.Submission;
using TradeChain.Analytics.DuckDb;
using TradeChain.Api.Access;
using TradeChain.Api.Feeds;
using TradeChain.Api.Ledger;
using TradeChain.Crypto;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Signing;
using TradeChain.Node.Client;

namespace TradeChain.Api.Hosting;

/// <summary>
/// The production wiring, from configuration: the member's node (Api:NodeAddress), the embedded
/// analytics store (Api:AnalyticsDirectory), and for feed push the member's signing key
/// (Api:MemberKeyFile, passphrase from the environment variable TRADECHAIN_KEY_PASSPHRASE) with
/// the partner profiles of the "Ingest" section. Owns what it opens.
/// </summary>
public sealed class ApiComposition : IAsyncDisposable
{
    public const string PassphraseVariable = "TRADECHAIN_KEY_PASSPHRASE";

    private readonly DuckDbAnalyticsStore _analytics;
    private readonly LedgerClient _client;
    private readonly ISigningKey? _memberKey;

    private ApiComposition(DuckDbAnalyticsStore analytics, LedgerClient client, ISigningKey? memberKey, ApiComponents components)
    {
        _analytics = analytics;
        _client = client;
        _memberKey = memberKey;
        Components = components;
    }

    public ApiComponents Components { get; }

    public static ApiComposition FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(ApiOptions.SectionName);
        var nodeAddress = section["NodeAddress"] ?? throw new InvalidOperationException("Api:NodeAddress (the member node's client endpoint) is required");
        var suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(section["Suite"] ?? "sm"));
        var analytics = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = section["AnalyticsDirectory"] ?? "analytics-data" });
        var client = new LedgerClient(nodeAddress);
        ISigningKey? memberKey = null;
        FeedPushService? feeds = null;
        if (section["MemberKeyFile"] is { } keyFile)
        {
            var ingest = configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
            memberKey = suite.ImportSigningKey(File.ReadAllText(keyFile), Environment.GetEnvironmentVariable(PassphraseVariable));
            feeds = new FeedPushService(ingest.BuildProfiles(), new BatchSigner(suite, memberKey, ingest.MemberId), new LedgerClientBatchSubmitter(client), TimeProvider.System, ingest.BatchLimits);
        }
        var sensitiveKey = section["SensitiveKey"] is { } key ? Convert.FromBase64String(key) : null;
        return new ApiComposition(analytics, client, memberKey, new ApiComponents(analytics, new GrpcLedgerGateway(client), feeds, new SymmetricKeyOpener(suite, sensitiveKey), new NodeBlockSource(client)));
    }

    public async ValueTask DisposeAsync()
    {
        await _analytics.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
        _memberKey?.Dispose();
    }
}
