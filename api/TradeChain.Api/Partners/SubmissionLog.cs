using System.Text.Json;
using TradeChain.Api.Feeds;
using TradeChain.Api.State;
using static TradeChain.Api.State.StateDatabase;

namespace TradeChain.Api.Partners;

/// <summary>
/// One push receipt as kept: when, by whom, the message's format and feed, the counts, and the
/// event ids and refusals, each list cut at <see cref="SubmissionLog.MaxItemsKept"/> (the counts
/// stay exact, <see cref="Truncated"/> says a list was cut).
/// </summary>
public sealed record SubmissionView(
    long SubmissionId,
    DateTimeOffset At,
    string Principal,
    string Format,
    string Feed,
    int AcceptedCount,
    int DuplicateCount,
    int RejectedCount,
    IReadOnlyList<string> Accepted,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<RejectedItem> Rejected,
    bool Truncated);

/// <summary>
/// Partners' push receipts in the API's <see cref="StateDatabase"/>: every HTTPS push the ledger
/// answered, newest first, the newest <c>Api:MaxSubmissionsPerPartner</c> per partner kept.
/// </summary>
public sealed class SubmissionLog
{
    /// <summary>Ids and refusals kept per list of a receipt: a vessel's manifest has thousands of events, its receipt's counts say how many.</summary>
    public const int MaxItemsKept = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly StateDatabase _db;
    private readonly int _maxPerPartner;

    private SubmissionLog(StateDatabase db, int maxPerPartner)
    {
        _db = db;
        _maxPerPartner = maxPerPartner;
    }

    public static SubmissionLog Open(StateDatabase db, int maxPerPartner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerPartner, 1);
        db.Transaction(c => Execute(c, """
            CREATE SEQUENCE IF NOT EXISTS feed_submission_seq START 1;
            CREATE TABLE IF NOT EXISTS feed_submissions (
                seq BIGINT PRIMARY KEY, partner VARCHAR NOT NULL, principal VARCHAR NOT NULL, at_ms BIGINT NOT NULL, rejected INTEGER NOT NULL, receipt_json VARCHAR NOT NULL);
            """));
        return new SubmissionLog(db, maxPerPartner);
    }

    public SubmissionView Record(string principal, FeedReceipt receipt, DateTimeOffset at)
    {
        var truncated = receipt.Accepted.Count > MaxItemsKept || receipt.Duplicates.Count > MaxItemsKept || receipt.Rejected.Count > MaxItemsKept;
        var kept = new SubmissionView(0, at, principal, receipt.Format, receipt.Feed, receipt.Accepted.Count, receipt.Duplicates.Count, receipt.Rejected.Count,
            receipt.Accepted.Take(MaxItemsKept).ToArray(), receipt.Duplicates.Take(MaxItemsKept).ToArray(), receipt.Rejected.Take(MaxItemsKept).ToArray(), truncated);
        var seq = _db.Transaction(c =>
        {
            var next = Long(Query(c, "SELECT nextval('feed_submission_seq')")[0][0]);
            Execute(c, "INSERT INTO feed_submissions VALUES ($seq, $partner, $principal, $at, $rejected, $json)",
                ("seq", next), ("partner", receipt.Partner), ("principal", principal), ("at", at.ToUnixTimeMilliseconds()), ("rejected", receipt.Rejected.Count), ("json", JsonSerializer.Serialize(kept, Json)));
            Execute(c, """
                DELETE FROM feed_submissions WHERE partner = $partner
                AND seq <= (SELECT seq FROM feed_submissions WHERE partner = $partner ORDER BY seq DESC LIMIT 1 OFFSET $keep)
                """, ("partner", receipt.Partner), ("keep", _maxPerPartner));
            return next;
        });
        return kept with { SubmissionId = seq };
    }

    /// <summary>The partner's receipts, newest first, from <paramref name="beforeSeq"/> down; with the next page's start.</summary>
    public (IReadOnlyList<SubmissionView> Items, long? NextBeforeSeq) Read(string partner, long beforeSeq, int limit) => _db.Transaction(c =>
    {
        var rows = Query(c, "SELECT seq, receipt_json FROM feed_submissions WHERE partner = $p AND seq <= $before ORDER BY seq DESC LIMIT $limit",
            ("p", partner), ("before", beforeSeq), ("limit", limit + 1));
        var items = rows.Take(limit).Select(r => JsonSerializer.Deserialize<SubmissionView>((string)r[1]!, Json)! with { SubmissionId = Long(r[0]) }).ToArray();
        return ((IReadOnlyList<SubmissionView>)items, rows.Count > limit ? (long?)Long(rows[limit][0]) : null);
    });

    /// <summary>The refusals of the partner's newest <paramref name="maxReceipts"/> receipts that had any, as dead letters of the HTTPS push path.</summary>
    public IReadOnlyList<DeadLetterView> Rejections(string partner, int maxReceipts) => _db.Transaction(c =>
        Query(c, "SELECT seq, receipt_json FROM feed_submissions WHERE partner = $p AND rejected > 0 ORDER BY seq DESC LIMIT $limit",
                ("p", partner), ("limit", maxReceipts))
            .SelectMany(r =>
            {
                var receipt = JsonSerializer.Deserialize<SubmissionView>((string)r[1]!, Json)!;
                return receipt.Rejected.Select(x => new DeadLetterView(DeadLetterView.PushSource, receipt.At, x.Code, x.Reason, x.Item, receipt.Format, SubmissionId: Long(r[0])));
            })
            .ToArray());
}
