using TradeChain.Api.Auth;
using TradeChain.Api.Paging;
using TradeChain.Api.Partners;

namespace TradeChain.Api.Endpoints;

/// <summary>A feed partner's own records: its push receipts and its dead letters (Kafka dead-letter topics and refused HTTPS push items).</summary>
public static class PartnerEndpoints
{
    /// <summary>Receipts whose refusals are listed among the dead letters: the newest ones, so the list stays a page-sized read.</summary>
    public const int MaxReceiptsForDeadLetters = 200;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/feeds/submissions", (string? cursor, int? limit, HttpContext context, SubmissionLog submissions, CursorCodec cursors) =>
        {
            var partner = PartnerOf(context);
            var pageSize = PageLimits.Check(limit);
            var queryKey = $"submissions|{partner}";
            var before = cursors.Decode(queryKey, cursor) is > 0 and var position ? position : long.MaxValue;
            var (items, next) = submissions.Read(partner, before, pageSize);
            return TypedResults.Ok(new Page<SubmissionView>(items, next is { } n ? cursors.Encode(queryKey, n) : null));
        }).WithSummary("The caller's push receipts, newest first: accepted and duplicate event ids, refused items with code and reason");

        v1.MapGet("/dead-letters", async (string? cursor, int? limit, HttpContext context, DeadLetterReader reader, SubmissionLog submissions, CursorCodec cursors) =>
        {
            var partner = PartnerOf(context);
            var pageSize = PageLimits.Check(limit);
            var kafka = await reader.ReadAsync(partner, context.RequestAborted);
            var all = kafka.Concat(submissions.Rejections(partner, MaxReceiptsForDeadLetters))
                .OrderByDescending(d => d.At).ThenBy(d => d.Topic, StringComparer.Ordinal).ThenByDescending(d => d.Offset).ThenByDescending(d => d.SubmissionId)
                .ToArray();
            return TypedResults.Ok(cursors.PageOf($"dead-letters|{partner}", cursor, pageSize, all));
        }).WithSummary("The caller's dead letters, newest first: Kafka dead-letter records with their reason headers and refused HTTPS push items");
    }

    /// <summary>The caller's partner profile; only feed partners have records here.</summary>
    private static string PartnerOf(HttpContext context)
    {
        var scope = TradeChainAuthenticationHandler.ScopeOf(context);
        return scope.CanPushFeeds ? scope.PartnerId! : throw scope.Denied("feed submissions or dead letters (they belong to a port, airport, customs or tax principal bound to a partner profile)");
    }
}
