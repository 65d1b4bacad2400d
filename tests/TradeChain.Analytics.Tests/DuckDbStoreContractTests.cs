using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Store;
using TradeChain.Analytics.Tests.Shared;
using TradeChain.Testing;

namespace TradeChain.Analytics.Tests;

/// <summary>The embedded store: each store a DuckDB file in its own temporary data directory.</summary>
public sealed class DuckDbStoreFixture : AnalyticsStoreFixture
{
    private readonly TempDirectory _directory = new();

    protected override Task<IAnalyticsStore?> CreateStoreAsync(string name) =>
        Task.FromResult<IAnalyticsStore?>(DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = _directory.Sub(name) }));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

[Trait("Category", "Analytics")]
public sealed class DuckDbStoreContractTests(DuckDbStoreFixture fixture) : AnalyticsStoreContract<DuckDbStoreFixture>(fixture);
