using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Generation;
using TradeChain.Analytics.Projection;
using TradeChain.Api.Access;
using TradeChain.Api.Auth;
using TradeChain.Api.Feeds;
using TradeChain.Api.Hosting;
using TradeChain.Api.Ledger;
using TradeChain.Crypto;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Signing;
using TradeChain.Ledger;
using TradeChain.Storage;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

[assembly: AssemblyFixture(typeof(TradeChain.Api.Tests.ApiFixture))]

namespace TradeChain.Api.Tests;

/// <summary>A running API: the real host on 127.0.0.1 with a random port, and clients that talk to it over HTTP.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiServer> StartAsync(ApiComponents components, string dataDirectory, int rateLimitPerSecond, int rateLimitBurst, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = ApiHost.Build(["--urls", "http://127.0.0.1:0"], components, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Api:DataDirectory"] = dataDirectory,
                ["Api:RateLimitPerSecond"] = rateLimitPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Api:RateLimitBurst"] = rateLimitBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Api:MaxFeedBodyBytes"] = (256 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ApiServer(app, new Uri(bound));
    }

    public HttpClient Client(string? apiKey = null, string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(TradeChainAuthenticationHandler.ApiKeyHeader, apiKey);
        }
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// The shared world of the API tests: generated trade (the analytics generator) signed into a
/// certified test chain, stored in a real <see cref="LedgerStore"/>, projected into the embedded
/// DuckDB store, and the API host serving both. One principal per role, each with an API key.
/// The only test double is the node's submission endpoint (<see cref="RecordingSubmitter"/>):
/// certifying new blocks needs a running consortium, which is the node's subject, not this one's.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string TestPassword = "correct horse battery staple";
    public const string PortPartner = "tjpct-gate";

    public static readonly GeneratorOptions Generation = new() { Seed = 11, Shipments = 120, Days = 20 };

    private readonly Dictionary<string, ISigningKey> _memberKeys = [];
    private ulong _batchSequence;

    public TempDirectory Temp { get; } = new();

    public TestChain Chain { get; } = new();

    public LedgerStore Ledger { get; private set; } = null!;

    public DuckDbAnalyticsStore Analytics { get; private set; } = null!;

    public ApiServer Server { get; private set; } = null!;

    public RecordingSubmitter Submitter { get; } = new();

    /// <summary>Every event on the ledger (first occurrences) by id text.</summary>
    public Dictionary<string, TradeEvent> EventsById { get; } = [];

    /// <summary>The key that seals <see cref="SealedEventId"/>'s details, held by the API.</summary>
    public byte[] SensitiveKey { get; } = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public string SealedEventId { get; private set; } = "";

    /// <summary>Enterprise A: a trader with several declarations; B: another trader.</summary>
    public string EnterpriseA { get; private set; } = "";

    public string EnterpriseB { get; private set; } = "";

    /// <summary>A declaration number of a shipment of A (its DeclarationFiled event has plaintext sensitive details).</summary>
    public string DeclarationOfA { get; private set; } = "";

    public string DeclarationOfB { get; private set; } = "";

    public Dictionary<string, string> ApiKeys { get; } = [];

    public IReadOnlyList<Principal> Principals { get; private set; } = [];

    public ISigningKey PartnerMemberKey { get; } = CryptoSuites.Intl.GenerateSigningKey();

    public HttpClient As(string principalId) => Server.Client(ApiKeys[principalId]);

    public async ValueTask InitializeAsync()
    {
        var generated = new ShipmentGenerator(Generation).Generate().Select(g => g.Event).ToList();
        SealOneDeclaration(generated);
        Ledger = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = Temp.Sub("ledger") });
        await Ledger.AppendAsync(Chain.Genesis());
        foreach (var chunk in generated.Chunk(100))
        {
            await Ledger.AppendAsync(Chain.Next(Batches(chunk).ToArray()));
        }
        foreach (var e in generated)
        {
            EventsById.TryAdd(e.ComputeEventId(Chain.Suite).ToString(), e);
        }
        Analytics = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = Temp.Sub("analytics"), MemoryLimitMiB = 256 });
        await new BlockProjector(new LedgerStoreBlockSource(Ledger), Analytics, new ProjectorOptions(), new ProjectionMetrics(), TimeProvider.System).CatchUpAsync();
        PickEnterprises(generated);
        var data = Temp.Sub("api");
        ProvisionPrincipals(Path.Combine(data, "principals.json"));
        var profile = new PartnerProfile { PartnerId = PortPartner, MemberId = TestChain.MemberId, SourceSystem = "tjpct-gate-system", DefaultPort = "CNTSN" };
        var feeds = new FeedPushService([profile], new BatchSigner(Chain.Suite, PartnerMemberKey, TestChain.MemberId), new SensitiveSealer(Chain.Suite, SensitiveKey), Submitter, TimeProvider.System);
        var components = new ApiComponents(Analytics, new LedgerStoreGateway(Ledger, TestChain.MemberId), feeds, new SymmetricKeyOpener(Chain.Suite, SensitiveKey));
        Server = await ApiServer.StartAsync(components, data, rateLimitPerSecond: 10_000, rateLimitBurst: 10_000);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Analytics.DisposeAsync();
        await Ledger.DisposeAsync();
        Chain.Dispose();
        PartnerMemberKey.Dispose();
        foreach (var key in _memberKeys.Values)
        {
            key.Dispose();
        }
        Temp.Dispose();
    }

    /// <summary>Principals of every role; enterprise ones bound to A and B, the port one to CNTSN and the push partner.</summary>
    private void ProvisionPrincipals(string path)
    {
        var hash = PasswordHasher.Hash(TestPassword, PasswordHasher.MinIterations);
        Principals =
        [
            new() { Id = "exporter-a", Role = Role.Exporter, Organisation = "Enterprise A", EnterpriseUscc = EnterpriseA, PasswordHash = hash },
            new() { Id = "importer-b", Role = Role.Importer, Organisation = "Enterprise B", EnterpriseUscc = EnterpriseB },
            new() { Id = "bureau", Role = Role.CommerceBureau, Organisation = "Commerce bureau", PasswordHash = hash },
            new() { Id = "customs", Role = Role.Customs, Organisation = "Tianjin customs" },
            new() { Id = "port-cntsn", Role = Role.Port, Organisation = "Tianjin terminal", Port = "CNTSN", PartnerId = PortPartner },
            new() { Id = "airport-cnpek", Role = Role.Airport, Organisation = "PEK cargo terminal", Port = "CNPEK" },
            new() { Id = "tax", Role = Role.Tax, Organisation = "Tax bureau" },
            new() { Id = "regulator", Role = Role.Regulator, Organisation = "Regulator" },
            new() { Id = "operator", Role = Role.Operator, Organisation = "Consortium operations" },
        ];
        var store = PrincipalStore.Open(path, TimeProvider.System);
        foreach (var principal in Principals)
        {
            store.Upsert(principal);
            ApiKeys[principal.Id] = store.Issue(principal.Id).PlainText;
        }
    }

    private void PickEnterprises(IReadOnlyList<TradeEvent> events)
    {
        var declarations = events
            .Where(e => e.EventType == TradeEventType.DeclarationFiled && e.Sensitive is { IsSealed: false } && e.References.DeclarationNumber is not null)
            .Select(e => (Trader: e.Parties.First(p => p.Role is PartyRole.Consignee or PartyRole.Shipper).Uscc, Declaration: e.References.DeclarationNumber!, e.Port))
            .ToArray();
        // A trades by sea at Tianjin, B by air at Beijing Capital: the port-bound roles see one each.
        var a = declarations.First(d => d.Port == "CNTSN");
        var b = declarations.First(d => d.Port == "CNPEK" && d.Trader != a.Trader);
        (EnterpriseA, DeclarationOfA) = (a.Trader, a.Declaration);
        (EnterpriseB, DeclarationOfB) = (b.Trader, b.Declaration);
    }

    /// <summary>Seals the details of the last declaration filed, under the key the API holds, bound to its event id.</summary>
    private void SealOneDeclaration(List<TradeEvent> events)
    {
        var index = events.FindLastIndex(e => e.EventType == TradeEventType.DeclarationFiled && e.Sensitive is { IsSealed: false });
        var target = events[index];
        var id = target.ComputeEventId(Chain.Suite).ToString();
        var sealedData = Chain.Suite.Seal(SensitiveKey, TradeEventCodec.EncodeSensitiveDetails(target.Sensitive!.Plaintext!), Encoding.UTF8.GetBytes(id));
        // Every copy (a partner resend) carries the same sealed part, as one sealing at ingest would give.
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].ComputeEventId(Chain.Suite).ToString() == id)
            {
                events[i] = events[i] with { Sensitive = SensitivePart.FromSealed(sealedData) };
            }
        }
        SealedEventId = id;
    }

    /// <summary>Signed batches per member and feed, never an id twice in one batch (a resend goes in its own batch, as a second submission would).</summary>
    private IEnumerable<Transaction> Batches(IReadOnlyList<TradeEvent> events)
    {
        foreach (var group in events.GroupBy(e => (e.MemberId, e.Feed)))
        {
            var batch = new List<TradeEvent>();
            var ids = new HashSet<Digest>();
            foreach (var e in group)
            {
                if (!ids.Add(e.ComputeEventId(Chain.Suite)))
                {
                    yield return Sign(group.Key.MemberId, group.Key.Feed, batch);
                    batch = [];
                    ids = [e.ComputeEventId(Chain.Suite)];
                }
                batch.Add(e);
            }
            yield return Sign(group.Key.MemberId, group.Key.Feed, batch);
        }
    }

    private Transaction Sign(string member, Feed feed, IReadOnlyList<TradeEvent> events)
    {
        if (!_memberKeys.TryGetValue(member, out var key))
        {
            key = _memberKeys[member] = Chain.Suite.GenerateSigningKey();
        }
        return Transaction.ForBatch(EventBatch.Sign(Chain.Suite, key, member, feed, ++_batchSequence, 1_767_225_600_000, events), 1_767_225_600_000);
    }
}

/// <summary>
/// Test double of the member node's submission endpoint (an external system here): verifies each
/// batch as a node would, stores ids once, reports replays as duplicates, and can be made unavailable.
/// </summary>
public sealed class RecordingSubmitter : Ingest.Submission.IBatchSubmitter
{
    private readonly Lock _gate = new();
    private const int MaxKept = 1000;
    private readonly HashSet<Digest> _stored = [];
    private readonly Queue<TradeEvent> _accepted = new();

    public bool Unavailable { get; set; }

    /// <summary>The newest events stored, as they were submitted (what the ledger would hold).</summary>
    public IReadOnlyList<TradeEvent> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    public Task<Ingest.Submission.SubmitReceipt> SubmitAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Unavailable)
            {
                throw new Ingest.Submission.BatchSubmitterUnavailableException("node down (test)");
            }
            if (batch.Verify() is { Count: > 0 } problems)
            {
                return Task.FromResult(Ingest.Submission.SubmitReceipt.Rejected("ledger.bad_signature", string.Join("; ", problems)));
            }
            var suite = CryptoSuites.Get(batch.Header.Suite);
            var receipts = new List<Ingest.Submission.EventReceipt>(batch.Events.Count);
            foreach (var e in batch.Events)
            {
                var id = e.ComputeEventId(suite);
                var stored = _stored.Add(id);
                if (stored)
                {
                    _accepted.Enqueue(e);
                    if (_accepted.Count > MaxKept)
                    {
                        _accepted.Dequeue();
                    }
                }
                receipts.Add(new(id, stored ? Ingest.Submission.EventStatus.Accepted : Ingest.Submission.EventStatus.Duplicate));
            }
            return Task.FromResult(Ingest.Submission.SubmitReceipt.Accepted(receipts));
        }
    }
}

public static class Json
{
    public static async Task<System.Text.Json.JsonElement> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken))!;
}
