using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Analytics.Generation;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Store;

namespace TradeChain.Analytics.Tests.Shared;

/// <summary>
/// One generated ledger projected into one store, shared by a contract test class: the engine
/// opens stores, everything else is the same for both. When the engine is not available here
/// (no Docker for ClickHouse) <see cref="SkipReason"/> says why and every test skips with it.
/// </summary>
public abstract class AnalyticsStoreFixture : IAsyncLifetime
{
    /// <summary>
    /// About 400 shipments over 30 days: ~5,000 events in ~50 blocks, with inspections, holds,
    /// rejections, late messages, duplicates and early gate-outs all present at these rates.
    /// </summary>
    public static GeneratorOptions Options { get; } = new() { Seed = 20260105, Shipments = 400, Days = 30 };

    private readonly List<IAnalyticsStore> _opened = [];

    public AnalyticsLedger Ledger { get; private set; } = null!;

    public Oracle Oracle { get; private set; } = null!;

    public IAnalyticsStore Store { get; private set; } = null!;

    public ProjectionProgress Progress { get; private set; } = null!;

    public string? SkipReason { get; protected set; }

    /// <summary>A new, empty store of this engine named <paramref name="name"/>; null when the engine is unavailable.</summary>
    protected abstract Task<IAnalyticsStore?> CreateStoreAsync(string name);

    public async Task<IAnalyticsStore> OpenFreshStoreAsync(string name)
    {
        var store = await CreateStoreAsync(name) ?? throw new InvalidOperationException(SkipReason);
        _opened.Add(store);
        return store;
    }

    public void SkipIfUnavailable()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    public static BlockProjector Projector(ICommittedBlockSource source, IAnalyticsStore store, ProjectorOptions? options = null, ProjectionMetrics? metrics = null) =>
        new(source, store, options ?? new ProjectorOptions { MaxBlocksPerBatch = 8 }, metrics ?? new ProjectionMetrics(), TimeProvider.System, NullLogger.Instance);

    public virtual async ValueTask InitializeAsync()
    {
        Ledger = AnalyticsLedger.Build(Options);
        Oracle = new Oracle(Ledger.FirstOccurrences);
        if (await CreateStoreAsync("main") is not { } store)
        {
            return;
        }
        _opened.Add(store);
        Store = store;
        Progress = await Projector(new ListBlockSource(Ledger.Blocks), store).CatchUpAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
        Ledger?.Dispose();
        GC.SuppressFinalize(this);
    }
}
