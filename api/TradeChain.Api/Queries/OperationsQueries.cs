using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Store;
using TradeChain.Api.Access;

namespace TradeChain.Api.Queries;

/// <summary>An SLA breach with the shipment reference to drill down into (the house bill, else the master bill) and the link that does.</summary>
public sealed record SlaBreachView(
    string Reference,
    string ShipmentLink,
    string Clock,
    string MasterBill,
    string HouseBill,
    string Port,
    string? Mode,
    string? Direction,
    string Enterprise,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    bool Open,
    long ElapsedMs,
    long TargetMs,
    long OverByMs,
    string WaitingAfter,
    string WaitingAt,
    string? WaitingStatus)
{
    public static SlaBreachView Of(SlaBreachRow r)
    {
        var reference = r.HouseBill.Length > 0 ? r.HouseBill : r.MasterBill;
        return new SlaBreachView(reference, $"/api/v1/shipments/{Uri.EscapeDataString(reference)}", r.Clock, r.MasterBill, r.HouseBill, r.Port, r.Mode?.ToString(), r.Direction?.ToString(),
            r.Enterprise, r.StartedAt, r.EndedAt, r.Open, r.ElapsedMs, r.TargetMs, r.OverByMs, r.LastEventType.ToString(), r.LastLocation, r.WaitingStatus?.ToString());
    }
}

/// <summary>
/// Cargo in port, SLA breaches, turnaround and master-bill splits with the scope applied: the
/// query narrowed before it runs (a port's principal gets its port), the answer kept after (an
/// enterprise its own rows), by the rules in <see cref="OperationsAccess"/>.
/// </summary>
public sealed class OperationsQueries(IAnalyticsStore store)
{
    public async Task<QueryResult<CargoInPortRow>> CargoInPortAsync(AccessScope scope, CargoInPortQuery requested, CancellationToken cancellationToken)
    {
        var query = scope.Narrow(requested);
        return scope.Keep(await Run(() => store.CargoInPortAsync(query, cancellationToken)).ConfigureAwait(false));
    }

    public Task<QueryResult<TurnaroundRow>> TurnaroundAsync(AccessScope scope, TurnaroundQuery requested, CancellationToken cancellationToken)
    {
        var query = scope.Narrow(requested);
        return Run(() => store.TurnaroundAsync(query, cancellationToken));
    }

    public async Task<QueryResult<SlaBreachRow>> SlaBreachesAsync(AccessScope scope, SlaQuery query, CancellationToken cancellationToken)
    {
        // Refused before the query runs: a role without aggregate reach costs the store nothing.
        if (scope.Aggregates is not (AggregateReach.All or AggregateReach.OwnEnterprise or AggregateReach.OwnPort))
        {
            throw scope.Denied("SLA breaches");
        }
        return scope.Keep(await Run(() => store.SlaBreachesAsync(query, cancellationToken)).ConfigureAwait(false));
    }

    public async Task<QueryResult<HouseDistributionRow>> HousesAsync(AccessScope scope, string masterBill, int maxRows, CancellationToken cancellationToken)
    {
        if (scope.Shipments == ShipmentReach.None)
        {
            throw scope.Denied("master bill splits");
        }
        return scope.Keep(masterBill, await Run(() => store.MasterSplitAsync(new MasterSplitQuery(masterBill, maxRows), cancellationToken)).ConfigureAwait(false));
    }

    private static Task<T> Run<T>(Func<Task<T>> query) => AggregateQueries.Run(query);
}
