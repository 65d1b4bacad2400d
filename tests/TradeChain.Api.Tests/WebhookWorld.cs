using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Projection;
using TradeChain.Api.Access;
using TradeChain.Crypto;
using TradeChain.Api.Auth;
using TradeChain.Api.Feeds;
using TradeChain.Api.Hosting;
using TradeChain.Api.Ledger;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Signing;
using TradeChain.Ledger;
using TradeChain.Storage;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Tests;

/// <summary>
/// A small chain of its own for the tests that commit new blocks while the API runs (webhooks) or
/// need their own configuration (dead letters): a certified test chain in a real ledger store,
/// projected into its own DuckDB store after every commit, and the API host following it. The
/// API can be stopped and started again on the same data directory.
/// </summary>
public sealed class WebhookWorld : IAsyncDisposable
{
    public const string EnterpriseA = "91120116MA05JXXX1X";
    public const string EnterpriseB = "91110000MA01BBBB2Y";
    public const string PortPartner = "tjpct-gate";

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TempDirectory _temp = new();
    private readonly TestChain _chain = new();
    private readonly ISigningKey _pushKey = CryptoSuites.Intl.GenerateSigningKey();
    private LedgerStore _ledger = null!;
    private DuckDbAnalyticsStore _analytics = null!;
    private int _sequence;

    private WebhookWorld(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public ApiServer Server { get; private set; } = null!;

    public Dictionary<string, string> ApiKeys { get; } = [];

    public string DataDirectory => _temp.Sub("api");

    public static async Task<WebhookWorld> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var world = new WebhookWorld(new Dictionary<string, string?>
        {
            ["Api:Webhooks:AllowHttpLoopback"] = "true",
            ["Api:Webhooks:PollIntervalMs"] = "20",
            ["Api:Webhooks:RetryInitialDelayMs"] = "50",
            ["Api:Webhooks:RetryMaxDelayMs"] = "200",
            ["Api:Webhooks:RequestTimeoutMs"] = "300",
            ["Api:Webhooks:MaxAttempts"] = "40",
            ["Api:Webhooks:MaxSubscriptionsPerPrincipal"] = "3",
        }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value));
        world._ledger = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = world._temp.Sub("ledger") });
        await world._ledger.AppendAsync(world._chain.Genesis());
        world._analytics = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = world._temp.Sub("analytics"), MemoryLimitMiB = 128 });
        // One committed event so the projection has a checkpoint before any subscription exists.
        await world.CommitAsync(world.Gate("warm-up", "MBLWARMUP000001", null));
        world.Provision();
        await world.StartApiAsync();
        return world;
    }

    public HttpClient As(string principal) => Server.Client(ApiKeys[principal]);

    /// <summary>A gate event at <paramref name="port"/> of master bill <paramref name="master"/>, naming <paramref name="consignee"/> (or no party).</summary>
    public TradeEvent Gate(string sourceReference, string master, string? consignee, string port = "CNTSN", TradeEventType type = TradeEventType.GateOut) =>
        TestChain.Event(sourceReference, type, minute: ++_sequence) with
        {
            Port = port,
            References = new References { MasterBill = master },
            Parties = consignee is null ? [] : [new Party(PartyRole.Consignee, consignee, "1207960XXX")],
        };

    /// <summary>Commits the events in one certified block and projects it, as the node and the projector would; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> CommitAsync(params TradeEvent[] events)
    {
        await _ledger.AppendAsync(_chain.Next(_chain.Batch(events)));
        await new BlockProjector(new LedgerStoreBlockSource(_ledger), _analytics, new ProjectorOptions(), new ProjectionMetrics(), TimeProvider.System).CatchUpAsync();
        return events.Select(e => _chain.EventId(e).ToString()).ToArray();
    }

    public async Task StopApiAsync() => await Server.DisposeAsync();

    public async Task StartApiAsync()
    {
        var profile = new PartnerProfile { PartnerId = PortPartner, MemberId = TestChain.MemberId, SourceSystem = "tjpct-gate-system", DefaultPort = "CNTSN" };
        var feeds = new FeedPushService([profile], new BatchSigner(_chain.Suite, _pushKey, TestChain.MemberId), sealer: null, new RecordingSubmitter(), TimeProvider.System);
        var components = new ApiComponents(_analytics, new LedgerStoreGateway(_ledger, TestChain.MemberId), feeds, new SymmetricKeyOpener(_chain.Suite, null), new LedgerStoreBlockSource(_ledger));
        Server = await ApiServer.StartAsync(components, DataDirectory, 10_000, 10_000, _settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _analytics.DisposeAsync();
        await _ledger.DisposeAsync();
        _chain.Dispose();
        _pushKey.Dispose();
        _temp.Dispose();
    }

    private void Provision()
    {
        Principal[] principals =
        [
            new() { Id = "exporter-a", Role = Role.Exporter, Organisation = "Enterprise A", EnterpriseUscc = EnterpriseA },
            new() { Id = "importer-b", Role = Role.Importer, Organisation = "Enterprise B", EnterpriseUscc = EnterpriseB },
            new() { Id = "bureau", Role = Role.CommerceBureau, Organisation = "Commerce bureau" },
            new() { Id = "port-cntsn", Role = Role.Port, Organisation = "Tianjin terminal", Port = "CNTSN", PartnerId = PortPartner },
            new() { Id = "customs", Role = Role.Customs, Organisation = "Tianjin customs" },
            new() { Id = "operator", Role = Role.Operator, Organisation = "Consortium operations" },
        ];
        var store = PrincipalStore.Open(Path.Combine(DataDirectory, "principals.json"), TimeProvider.System);
        foreach (var principal in principals)
        {
            store.Upsert(principal);
            ApiKeys[principal.Id] = store.Issue(principal.Id).PlainText;
        }
    }
}

/// <summary>One request a receiver got: its headers of interest and the exact body bytes.</summary>
public sealed record ReceivedDelivery(string Path, string Signature, string IdempotencyKey, string EventId, byte[] Body);

/// <summary>
/// A real webhook receiver: Kestrel on a loopback port. Its behaviour is set by the test: answer
/// 200, 500, or hold the request past the sender's timeout. Every request is recorded, failed ones too.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public enum Mode
    {
        Ok,
        Fail,
        Hang,
    }

    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public volatile Mode Behaviour = Mode.Ok;

    public ConcurrentQueue<ReceivedDelivery> Accepted { get; } = new();

    public int Requests => _requests;

    private int _requests;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/{name}", async (string name, HttpContext context) =>
        {
            Interlocked.Increment(ref receiver!._requests);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            switch (receiver.Behaviour)
            {
                case Mode.Fail:
                    return Results.StatusCode(500);
                case Mode.Hang:
                    await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.StatusCode(504);
            }
            receiver.Accepted.Enqueue(new ReceivedDelivery(name, context.Request.Headers["X-TradeChain-Signature"].ToString(),
                context.Request.Headers["Idempotency-Key"].ToString(), context.Request.Headers["X-TradeChain-Event-Id"].ToString(), body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new WebhookReceiver(app, new Uri(bound));
        return receiver;
    }

    public string Url(string name) => new Uri(Address, name).AbsoluteUri;

    /// <summary>Distinct deliveries (by idempotency key) that reached <paramref name="name"/>.</summary>
    public IReadOnlyList<ReceivedDelivery> For(string name) =>
        Accepted.Where(d => d.Path == name).GroupBy(d => d.IdempotencyKey).Select(g => g.First()).ToArray();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeoutMs"/> passes; then fails with <paramref name="what"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeoutMs} ms: {what}");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, int timeoutMs = 20_000) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeoutMs);
}
