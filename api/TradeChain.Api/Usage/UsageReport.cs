using TradeChain.Api.Audit;
using TradeChain.Api.Auth;

namespace TradeChain.Api.Usage;

public sealed record FunctionUsage(string Function, long Calls, long Errors);

public sealed record PrincipalUsage(string Principal, string Role, string? Organisation, string? Enterprise, long Calls, long Errors);

/// <summary>Calls of one organisation's principals; <see cref="Enterprise"/> is its USCC when it is a trader.</summary>
public sealed record OrganisationUsage(string Organisation, string? Enterprise, long Calls, long Errors);

/// <summary>Calls in [<see cref="From"/>, <see cref="To"/>) per function (method and route pattern), per principal and per organisation. Errors are answers of 400 and above.</summary>
public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, long Calls, long Errors, IReadOnlyList<FunctionUsage> ByFunction, IReadOnlyList<PrincipalUsage> ByPrincipal, IReadOnlyList<OrganisationUsage> ByOrganisation);

/// <summary>
/// Usage statistics folded from the audit log, which already records every call under /api/v1:
/// no second record to keep consistent. Records written before the route pattern was recorded
/// count under "&lt;method&gt; (route not recorded)". Pure: records and a principal look-up in, a report out.
/// </summary>
public static class UsageReports
{
    /// <summary>A range wider than this is refused: a report is a period's view, and the scan cost grows with it.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public const string NoRoute = "(no route)";

    public static UsageReport Build(IEnumerable<AuditRecord> records, DateTimeOffset from, DateTimeOffset to, Func<string, Principal?> principalOf)
    {
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();
        var functions = new Dictionary<string, (long Calls, long Errors)>(StringComparer.Ordinal);
        var principals = new Dictionary<(string Principal, string Role), (long Calls, long Errors)>();
        long calls = 0, errors = 0;
        foreach (var record in records)
        {
            if (record.AtMs < fromMs || record.AtMs >= toMs)
            {
                continue;
            }
            var error = record.Result >= 400 ? 1 : 0;
            calls++;
            errors += error;
            var function = FunctionOf(record);
            var f = functions.GetValueOrDefault(function);
            functions[function] = (f.Calls + 1, f.Errors + error);
            var p = principals.GetValueOrDefault((record.Principal, record.Role));
            principals[(record.Principal, record.Role)] = (p.Calls + 1, p.Errors + error);
        }
        var byPrincipal = principals
            .Select(kv => (kv.Key, kv.Value, Principal: principalOf(kv.Key.Principal)))
            .Select(x => new PrincipalUsage(x.Key.Principal, x.Key.Role, x.Principal?.Organisation, x.Principal?.EnterpriseUscc, x.Value.Calls, x.Value.Errors))
            .OrderByDescending(u => u.Calls).ThenBy(u => u.Principal, StringComparer.Ordinal).ToArray();
        var byOrganisation = byPrincipal.Where(u => u.Organisation is not null)
            .GroupBy(u => (u.Organisation!, u.Enterprise))
            .Select(g => new OrganisationUsage(g.Key.Item1, g.Key.Enterprise, g.Sum(u => u.Calls), g.Sum(u => u.Errors)))
            .OrderByDescending(u => u.Calls).ThenBy(u => u.Organisation, StringComparer.Ordinal).ToArray();
        var byFunction = functions.Select(kv => new FunctionUsage(kv.Key, kv.Value.Calls, kv.Value.Errors))
            .OrderByDescending(u => u.Calls).ThenBy(u => u.Function, StringComparer.Ordinal).ToArray();
        return new UsageReport(from, to, calls, errors, byFunction, byPrincipal, byOrganisation);
    }

    /// <summary>"GET /shipments/{reference}" from the route the request matched; older records have none.</summary>
    public static string FunctionOf(AuditRecord record) =>
        record.Route ?? $"{record.Action.Split(' ', 2)[0]} (route not recorded)";

    /// <summary>The function name the audit middleware records: the method and the route pattern under /api/v1.</summary>
    public static string FunctionName(string method, string? routePattern)
    {
        if (routePattern is null)
        {
            return $"{method} {NoRoute}";
        }
        var pattern = routePattern.StartsWith("/api/v1", StringComparison.Ordinal) ? routePattern["/api/v1".Length..] : routePattern;
        return $"{method} {(pattern.Length == 0 ? "/" : pattern)}";
    }
}
