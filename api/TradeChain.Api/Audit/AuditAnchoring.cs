using System.Text.Json;
using TradeChain.Api.Hosting;
using TradeChain.Api.Ledger;
using TradeChain.Api.Problems;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Audit;
using TradeChain.Node.Client;
using TradeChain.Node.Client.Grpc;

namespace TradeChain.Api.Audit;

/// <summary>When the audit head is anchored: pure, so the hosted service only does the I/O.</summary>
public static class AuditAnchorSchedule
{
    /// <summary>
    /// Due when the log holds records the newest anchor does not cover and <paramref name="interval"/> has
    /// passed since it (or there is none yet); <paramref name="stopping"/> skips the wait, so a shutdown
    /// anchors what it served. An unchanged head is never anchored twice.
    /// </summary>
    public static bool IsDue(AuditHead head, AuditAnchorEntry? newest, DateTimeOffset now, TimeSpan interval, bool stopping)
    {
        if (head.Seq == 0 || (newest is not null && newest.Records == head.Seq && newest.HeadHash == head.Hash))
        {
            return false;
        }
        return stopping || newest is null || now - DateTimeOffset.FromUnixTimeMilliseconds(newest.AnchoredAtMs) >= interval;
    }
}

/// <summary>An anchor this API submitted: the transaction that carries it and what it claims.</summary>
public sealed record AuditAnchorEntry(string TransactionId, long Records, string HeadHash, long AnchoredAtMs);

/// <summary>
/// The newest anchor this API submitted, kept beside the log ("audit.log.anchor", replaced whole
/// through a temporary file) so verification knows which ledger transaction to look up.
/// </summary>
public sealed class AuditAnchorJournal(string path)
{
    public string Path { get; } = path;

    public AuditAnchorEntry? Newest() =>
        File.Exists(Path) ? JsonSerializer.Deserialize<AuditAnchorEntry>(File.ReadAllText(Path), JsonSerializerOptions.Web) : null;

    public void Record(AuditAnchorEntry entry)
    {
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(entry, JsonSerializerOptions.Web));
        File.Move(temporary, Path, overwrite: true);
    }
}

/// <summary>Hands a signed anchor to the member's node; returns the transaction id, throws when the node refuses it.</summary>
public interface IAuditAnchorSubmitter
{
    Task<string> SubmitAsync(SignedAuditAnchor anchor, CancellationToken cancellationToken);
}

/// <summary>The member's node over its client API.</summary>
public sealed class LedgerClientAnchorSubmitter(LedgerClient client) : IAuditAnchorSubmitter
{
    public async Task<string> SubmitAsync(SignedAuditAnchor anchor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        var receipt = await client.SubmitAuditAnchorAsync(anchor.Encode(), cancellationToken).ConfigureAwait(false);
        return receipt.Outcome is SubmitOutcome.Accepted or SubmitOutcome.Duplicate
            ? receipt.TransactionId
            : throw new InvalidOperationException($"the node refused the audit anchor ({receipt.Rejection}): {receipt.Reason}");
    }
}

/// <summary>What anchoring needs: the member's ledger key (Api:MemberKeyFile) and the way to the node.</summary>
public sealed record AuditAnchoring(ISigningKey MemberKey, IAuditAnchorSubmitter Submitter);

/// <summary>
/// The newest anchor found on the ledger and whether the local log still holds exactly that head at
/// that count. <see cref="Matches"/> is null when there is nothing to compare (no anchor yet, not
/// committed yet, or retention has deleted the anchored record).
/// </summary>
public sealed record AuditAnchorReport(string? TransactionId, ulong? Height, long? Records, string? HeadHash, long? AnchoredAtMs, bool? Matches, string? Problem);

/// <summary>Signs and submits audit heads, and checks the log against the newest anchor.</summary>
public sealed class AuditAnchorer(AuditLog log, AuditAnchorJournal journal, AuditAnchoring anchoring, ILedgerGateway ledger, string instanceId, TimeProvider time)
{
    /// <summary>Anchors the current head when <see cref="AuditAnchorSchedule.IsDue"/> says so; returns what was submitted, or null.</summary>
    public async Task<AuditAnchorEntry?> AnchorIfDueAsync(TimeSpan interval, bool stopping, CancellationToken cancellationToken)
    {
        var head = log.Head;
        var now = time.GetUtcNow();
        if (!AuditAnchorSchedule.IsDue(head, journal.Newest(), now, interval, stopping))
        {
            return null;
        }
        var status = await ledger.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var claim = new AuditAnchor(status.ChainId, status.MemberId, instanceId, head.Seq, Convert.FromHexString(head.Hash), now.ToUnixTimeMilliseconds());
        var transactionId = await anchoring.Submitter.SubmitAsync(claim.Sign(anchoring.MemberKey), cancellationToken).ConfigureAwait(false);
        var entry = new AuditAnchorEntry(transactionId, head.Seq, head.Hash, claim.AnchoredAtMs);
        journal.Record(entry);
        return entry;
    }

    /// <summary>Looks the newest anchor up on the ledger and compares it with the log's record at its count.</summary>
    public static async Task<AuditAnchorReport> CheckAsync(AuditLog log, AuditAnchorJournal journal, ILedgerGateway ledger, CancellationToken cancellationToken)
    {
        if (journal.Newest() is not { } newest)
        {
            return new(null, null, null, null, null, null, "no anchor has been submitted");
        }
        LedgerTransaction? found;
        try
        {
            found = await ledger.GetTransactionAsync(newest.TransactionId, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiProblemException e) when (e.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // The local re-hash still answers while the node is down; only the anchor comparison waits.
            return new(newest.TransactionId, null, newest.Records, newest.HeadHash, newest.AnchoredAtMs, null, "the anchor could not be checked now: " + e.Message);
        }
        if (found is null)
        {
            return new(newest.TransactionId, null, newest.Records, newest.HeadHash, newest.AnchoredAtMs, null, "the newest anchor is not committed (yet)");
        }
        if (found.Transaction.Type != TransactionType.AuditAnchor)
        {
            return new(newest.TransactionId, found.Height, null, null, null, false, $"the recorded transaction is a {found.Transaction.Type}, not an audit anchor");
        }
        var anchor = SignedAuditAnchor.Decode(found.Transaction.Data).Anchor;
        var anchoredHash = Convert.ToHexStringLower(anchor.HeadHash);
        var record = log.Scan().FirstOrDefault(r => r.Seq >= anchor.Records);
        (bool? Matches, string? Problem) verdict = record switch
        {
            null => (false, $"the log ends before record {anchor.Records} (it was truncated)"),
            { Seq: var seq } when seq > anchor.Records => (null, $"record {anchor.Records} was deleted by retention"),
            { Hash: var hash } when hash != anchoredHash => (false, $"record {anchor.Records} no longer has the anchored hash (the log was rewritten)"),
            _ => (true, null),
        };
        return new(newest.TransactionId, found.Height, anchor.Records, anchoredHash, anchor.AnchoredAtMs, verdict.Matches, verdict.Problem);
    }
}

/// <summary>Anchors the audit head every <see cref="ApiOptions"/>-configured interval and once more on shutdown; a failed attempt is logged and retried at the next check.</summary>
public sealed class AuditAnchorService(AuditAnchorer anchorer, TimeSpan interval, TimeProvider time, ILogger<AuditAnchorService> logger) : BackgroundService
{
    /// <summary>How often the schedule is consulted: often enough that a failed attempt is retried soon, never more often than the interval.</summary>
    private static readonly TimeSpan MaxCheckInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long shutdown waits for the last anchor: the node answers a submit in milliseconds when it is up.</summary>
    private static readonly TimeSpan StopAnchorTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval < MaxCheckInterval ? interval : MaxCheckInterval, time);
        do
        {
            await AnchorAsync(stopping: false, stoppingToken).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopAnchorTimeout);
        await AnchorAsync(stopping: true, timeout.Token).ConfigureAwait(false);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task AnchorAsync(bool stopping, CancellationToken cancellationToken)
    {
        try
        {
            if (await anchorer.AnchorIfDueAsync(interval, stopping, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                logger.LogInformation("anchored the audit head at record {Records} ({Hash}) in transaction {TransactionId}", entry.Records, entry.HeadHash, entry.TransactionId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("stopped before the audit head could be anchored");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "anchoring the audit head failed; retrying at the next check");
        }
    }
}
