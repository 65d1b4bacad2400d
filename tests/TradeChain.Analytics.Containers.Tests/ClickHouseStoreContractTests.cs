using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using TradeChain.Analytics.ClickHouse;
using TradeChain.Analytics.Store;
using TradeChain.Analytics.Tests.Shared;

namespace TradeChain.Analytics.Containers.Tests;

/// <summary>
/// A real ClickHouse server in a container (Testcontainers), one database per store. Where no
/// Docker engine runs (development and CI machines here) the fixture records why and every test
/// skips with that reason; where one runs, the full store contract runs against ClickHouse.
/// </summary>
public sealed class ClickHouseStoreFixture : AnalyticsStoreFixture
{
    /// <summary>The current LTS line; the store uses lightweight deletes, FINAL and ArrowStream inserts, all long supported.</summary>
    public const string Image = "clickhouse/clickhouse-server:25.8";

    private const string User = "tradechain";
    private const string Password = "tradechain-test";
    private const ushort HttpPort = 8123;

    private IContainer? _container;
    private bool _checked;

    public ClickHouseStoreOptions StoreOptions(string database) => new()
    {
        ConnectionString = $"Host={_container!.Hostname};Port={_container.GetMappedPublicPort(HttpPort)};Username={User};Password={Password}",
        Database = database,
    };

    protected override async Task<IAnalyticsStore?> CreateStoreAsync(string name)
    {
        if (!await EnsureServerAsync())
        {
            return null;
        }
        return await ClickHouseAnalyticsStore.OpenAsync(StoreOptions("tc_" + name), TestContext.Current.CancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    private async Task<bool> EnsureServerAsync()
    {
        if (_checked)
        {
            return _container is not null;
        }
        _checked = true;
        try
        {
            var container = new ContainerBuilder(Image)
                .WithEnvironment("CLICKHOUSE_USER", User)
                .WithEnvironment("CLICKHOUSE_PASSWORD", Password)
                .WithEnvironment("CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT", "1")
                .WithPortBinding(HttpPort, assignRandomHostPort: true)
                .WithResourceMapping(new FileInfo(Path.Combine(AppContext.BaseDirectory, "clickhouse", "backups.xml")), "/etc/clickhouse-server/config.d/")
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(HttpPort).ForPath("/ping")))
                .Build();
            await container.StartAsync(TestContext.Current.CancellationToken);
            _container = container;
            return true;
        }
        catch (DockerUnavailableException e)
        {
            SkipReason = $"no Docker engine: {e.Message.Split('\n')[0]} (the ClickHouse store contract runs where Docker runs; see infra/clickhouse/README.md)";
            return false;
        }
    }
}

[Trait("Category", "Containers")]
public sealed class ClickHouseStoreContractTests(ClickHouseStoreFixture fixture) : AnalyticsStoreContract<ClickHouseStoreFixture>(fixture)
{
    [Fact]
    public async Task reopening_applies_no_migration_twice_and_backups_go_to_the_backup_disk()
    {
        Fixture.SkipIfUnavailable();
        var options = Fixture.StoreOptions("tc_reopen");
        await using (var first = await ClickHouseAnalyticsStore.OpenAsync(options, TestContext.Current.CancellationToken))
        {
            Assert.Null(await first.GetCheckpointAsync(TestContext.Current.CancellationToken));
        }
        await using var again = await ClickHouseAnalyticsStore.OpenAsync(options, TestContext.Current.CancellationToken);
        Assert.Null(await again.GetCheckpointAsync(TestContext.Current.CancellationToken));
        await Fixture.Store.BackupAsync("analytics-20260101T000000Z", TestContext.Current.CancellationToken);
    }
}
