using TradeChain.Api.Audit;
using TradeChain.Api.Auth;
using TradeChain.Api.Problems;
using TradeChain.Api.Usage;

namespace TradeChain.Api.Endpoints;

/// <summary>API usage statistics, folded from the audit log.</summary>
public static class UsageEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/usage", (string? from, string? to, HttpContext context, AuditLog log, PrincipalStore principals, TimeProvider time) =>
        {
            var scope = TradeChainAuthenticationHandler.ScopeOf(context);
            if (!scope.CanReadUsage)
            {
                throw scope.Denied("API usage statistics");
            }
            var end = to is null ? time.GetUtcNow() : Instant("to", to);
            var start = from is null ? end.AddDays(-30) : Instant("from", from);
            if (start >= end || end - start > UsageReports.MaxRange)
            {
                throw ApiProblemException.Invalid($"from must be before to and the range at most {UsageReports.MaxRange.TotalDays} days (got {start:O} .. {end:O})");
            }
            return TypedResults.Ok(UsageReports.Build(log.Scan(), start, end, principals.FindPrincipal));
        }).WithSummary("Calls per function (method and route), per principal and per organisation over [from, to) (default: the last 30 days)");
    }

    /// <summary>A date (midnight UTC) or an ISO 8601 instant.</summary>
    private static DateTimeOffset Instant(string name, string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }
        throw ApiProblemException.Invalid($"{name} '{value}' is not a date (yyyy-MM-dd) or an ISO 8601 instant");
    }
}
