using TradeChain.Analytics.Queries;
using TradeChain.Analytics.Store;
using TradeChain.Api.Access;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Queries;

/// <summary>
/// KPI and volume queries with the scope applied: the query is narrowed before it runs (a port's
/// principal gets its port) and the answer filtered after (an enterprise keeps its own rows).
/// </summary>
public sealed class AggregateQueries(IAnalyticsStore store)
{
    public async Task<QueryResult<KpiRow>> KpiAsync(AccessScope scope, KpiQuery requested, CancellationToken cancellationToken)
    {
        var query = scope.Narrow(requested);
        var result = await Run(() => store.KpiAsync(query, cancellationToken)).ConfigureAwait(false);
        return new QueryResult<KpiRow>(scope.Keep(result.Rows), result.Truncated);
    }

    public Task<QueryResult<VolumeRow>> VolumesAsync(AccessScope scope, VolumeQuery requested, CancellationToken cancellationToken)
    {
        var query = scope.Narrow(requested);
        return Run(() => store.VolumesAsync(query, cancellationToken));
    }

    // The analytics queries check their own bounds (a year of periods, row limits) and say which one failed.
    internal static async Task<T> Run<T>(Func<Task<T>> query)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw ApiProblemException.Invalid(e.Message);
        }
    }
}
