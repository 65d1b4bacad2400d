using TradeChain.Api.Audit;
using TradeChain.Api.Auth;
using TradeChain.Api.Ledger;
using TradeChain.Api.Paging;

namespace TradeChain.Api.Endpoints;

/// <summary>The regulator's audit trail: records (cursor-paged by sequence number), the chain head and a verification.</summary>
public static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var audit = v1.MapGroup("/audit").RequireAuthorization(p => p.RequireRole(Roles.Name(Role.Regulator)));
        audit.MapGet("", (string? principal, string? cursor, int? limit, HttpContext context, AuditLog log, CursorCodec cursors) =>
        {
            RequireRegulator(context);
            var pageSize = PageLimits.Check(limit);
            var queryKey = $"audit|{principal}";
            var fromSeq = Math.Max(1, cursors.Decode(queryKey, cursor));
            var records = log.Read(fromSeq, pageSize + 1, r => principal is null || r.Principal == principal);
            var page = records.Take(pageSize).ToArray();
            return TypedResults.Ok(new Page<AuditRecord>(page, records.Count > pageSize ? cursors.Encode(queryKey, records[pageSize].Seq) : null));
        }).WithSummary("Audit records in order, optionally of one principal");
        audit.MapGet("/head", (HttpContext context, AuditLog log) =>
        {
            RequireRegulator(context);
            return TypedResults.Ok(log.Head);
        }).WithSummary("The chain head (sequence number and hash) to anchor or compare");
        audit.MapGet("/verify", async (HttpContext context, AuditLog log, AuditAnchorJournal anchors, ILedgerGateway ledger) =>
        {
            RequireRegulator(context);
            var anchor = await AuditAnchorer.CheckAsync(log, anchors, ledger, context.RequestAborted);
            return TypedResults.Ok(AuditLog.Verify(log.Path) with { Anchor = anchor });
        }).WithSummary("Re-hashes the whole log, reports the first broken record, if any, and checks the log against the newest anchor on the ledger");
    }

    private static void RequireRegulator(HttpContext context)
    {
        var scope = TradeChainAuthenticationHandler.ScopeOf(context);
        if (!scope.CanReadAudit)
        {
            throw scope.Denied("the audit log");
        }
    }
}
