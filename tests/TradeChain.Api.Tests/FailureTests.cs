using System.Net;
using TradeChain.Api.Access;
using TradeChain.Api.Auth;
using TradeChain.Api.Hosting;
using TradeChain.Api.Ledger;
using TradeChain.Api.Problems;
using TradeChain.Crypto;

namespace TradeChain.Api.Tests;

/// <summary>
/// A second host with a tight rate limit and a ledger gateway that fails unexpectedly (a test
/// double of the node, standing in for a defect the API must not leak): 429 and 500 problems.
/// </summary>
[Trait("Category", "Api")]
public sealed class FailureTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task over_the_rate_limit_a_client_gets_429_problems_with_retry_after_and_others_are_unaffected()
    {
        await using var server = await StartAsync("rate", burst: 5, perSecond: 1);
        var store = (PrincipalStore)server.Services.GetService(typeof(PrincipalStore))!;
        using var busy = server.Client(store.Issue("operator").PlainText);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 12 && limited is null; i++)
        {
            var response = await busy.GetAsync("/api/v1/kpis?clock=customs_clearance&from=2026-01-01&to=2026-02-01", Cancel);
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }
        Assert.NotNull(limited);
        var problem = await Problems.AssertAsync(limited, HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
        Assert.Contains("requests per second", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter is not null, "429 carries Retry-After");
        Assert.True(statuses.Count(s => s != HttpStatusCode.TooManyRequests) >= 5, "the burst is served first");

        // The bucket is per principal: another one is served.
        using var other = server.Client(store.Issue("regulator").PlainText);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/audit/head", Cancel)).StatusCode);
    }

    [Fact]
    public async Task an_unexpected_failure_is_a_500_problem_without_internals()
    {
        await using var server = await StartAsync("broken", burst: 100, perSecond: 100);
        var store = (PrincipalStore)server.Services.GetService(typeof(PrincipalStore))!;
        using var client = server.Client(store.Issue("operator").PlainText);
        var response = await client.GetAsync("/api/v1/node/status", Cancel);
        var problem = await Problems.AssertAsync(response, HttpStatusCode.InternalServerError, ProblemTypes.Internal);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.DoesNotContain("disk", detail, StringComparison.Ordinal);
        Assert.Contains(problem.GetProperty("traceId").GetString()!, detail, StringComparison.Ordinal);
    }

    private async Task<ApiServer> StartAsync(string name, int burst, int perSecond)
    {
        var data = fixture.Temp.Sub("api-" + name);
        var store = PrincipalStore.Open(Path.Combine(data, "principals.json"), TimeProvider.System);
        store.Upsert(new Principal { Id = "operator", Role = Role.Operator, Organisation = "ops" });
        store.Upsert(new Principal { Id = "regulator", Role = Role.Regulator, Organisation = "regulator" });
        var components = new ApiComponents(fixture.Analytics, new BrokenLedger(), null, new SymmetricKeyOpener(CryptoSuites.Intl, null));
        return await ApiServer.StartAsync(components, data, perSecond, burst);
    }

    /// <summary>A node client with a defect: it throws what no handler expects.</summary>
    private sealed class BrokenLedger : ILedgerGateway
    {
        public Task<LedgerEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) => throw new InvalidOperationException("disk on fire");

        public Task<NodeStatusView> GetStatusAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("disk on fire");

        public Task<TradeChain.Ledger.Block?> GetBlockAsync(ulong height, CancellationToken cancellationToken) => throw new InvalidOperationException("disk on fire");

        public Task<LedgerTransaction?> GetTransactionAsync(string transactionId, CancellationToken cancellationToken) => throw new InvalidOperationException("disk on fire");
    }
}
