namespace TradeChain.Api.Webhooks;

/// <summary>
/// Webhook limits and the retry policy (section "Api:Webhooks"). Every bound names its unit;
/// <see cref="Validate"/> states the relations between them before anything starts.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>Whether the dispatcher runs (it still needs a committed block source from the host's components).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Plain http is accepted only to a loopback address and only when this is set: tests and the one-machine demo.</summary>
    public bool AllowHttpLoopback { get; set; }

    /// <summary>Subscriptions one principal may hold: a system has a handful of receivers, not hundreds.</summary>
    public int MaxSubscriptionsPerPrincipal { get; set; } = 20;

    /// <summary>Subscriptions in total: the matcher walks all of them for every committed event.</summary>
    public int MaxSubscriptions { get; set; } = 5_000;

    /// <summary>A delivery body is one redacted event (a few KB); a larger one is marked failed rather than sent.</summary>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Undelivered deliveries one subscription may have queued; beyond it new ones are recorded as failed (outbox full), never dropped silently.</summary>
    public int MaxPendingPerSubscription { get; set; } = 10_000;

    /// <summary>Finished deliveries kept per subscription for the delivery log; the oldest are pruned.</summary>
    public int MaxLoggedPerSubscription { get; set; } = 1_000;

    /// <summary>Attempts before a delivery is marked failed.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delay before the first retry; it doubles per attempt up to <see cref="RetryMaxDelayMs"/>, times a random factor in [0.5, 1].</summary>
    public long RetryInitialDelayMs { get; set; } = 1_000;

    /// <summary>Longest wait between attempts: with the defaults a receiver has about an hour to recover.</summary>
    public long RetryMaxDelayMs { get; set; } = 15 * 60 * 1_000;

    /// <summary>One POST's time limit (connect, send, answer): a receiver acknowledges, it does not process inline.</summary>
    public int RequestTimeoutMs { get; set; } = 10_000;

    /// <summary>How long the previous secret keeps signing after a rotation, so receivers can switch without losing deliveries.</summary>
    public int SecretGraceHours { get; set; } = 24;

    /// <summary>Pause between polls for new blocks and due deliveries when there is nothing to do.</summary>
    public int PollIntervalMs { get; set; } = 500;

    /// <summary>Deliveries sent concurrently: bounds sockets and threads on a 2-core host.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 8;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxSubscriptionsPerPrincipal < 1 || MaxSubscriptions < MaxSubscriptionsPerPrincipal)
        {
            problems.Add($"Api:Webhooks:MaxSubscriptionsPerPrincipal must be ≥ 1 and MaxSubscriptions ≥ it (got {MaxSubscriptionsPerPrincipal}, {MaxSubscriptions})");
        }
        if (MaxPayloadBytes is < 1024 or > 1024 * 1024)
        {
            problems.Add($"Api:Webhooks:MaxPayloadBytes must be 1 KiB..1 MiB, is {MaxPayloadBytes}");
        }
        if (MaxPendingPerSubscription < 1 || MaxLoggedPerSubscription < 1)
        {
            problems.Add("Api:Webhooks:MaxPendingPerSubscription and MaxLoggedPerSubscription must be ≥ 1");
        }
        if (MaxAttempts is < 1 or > 50)
        {
            problems.Add($"Api:Webhooks:MaxAttempts must be 1..50, is {MaxAttempts}");
        }
        if (RetryInitialDelayMs < 1 || RetryMaxDelayMs < RetryInitialDelayMs)
        {
            problems.Add($"Api:Webhooks:RetryInitialDelayMs must be ≥ 1 and RetryMaxDelayMs ≥ it (got {RetryInitialDelayMs}, {RetryMaxDelayMs})");
        }
        if (RequestTimeoutMs is < 100 or > 120_000)
        {
            problems.Add($"Api:Webhooks:RequestTimeoutMs must be 100..120000, is {RequestTimeoutMs}");
        }
        if (SecretGraceHours is < 0 or > 24 * 30)
        {
            problems.Add($"Api:Webhooks:SecretGraceHours must be 0..720, is {SecretGraceHours}");
        }
        if (PollIntervalMs is < 10 or > 60_000 || MaxConcurrentDeliveries is < 1 or > 64)
        {
            problems.Add($"Api:Webhooks:PollIntervalMs must be 10..60000 and MaxConcurrentDeliveries 1..64 (got {PollIntervalMs}, {MaxConcurrentDeliveries})");
        }
        return problems;
    }

    /// <summary>
    /// The wait before attempt <paramref name="nextAttempt"/> (2 = the first retry): exponential,
    /// capped, with jitter so receivers that failed together are not retried in lockstep.
    /// <paramref name="random01"/> is a draw in [0, 1), passed in so the policy stays pure.
    /// </summary>
    public long RetryDelayMs(int nextAttempt, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nextAttempt, 2);
        var exponent = Math.Min(nextAttempt - 2, 40);
        var capped = Math.Min(RetryMaxDelayMs, RetryInitialDelayMs * Math.Pow(2, exponent));
        return Math.Max(1, (long)Math.Round(capped * (0.5 + (random01 / 2))));
    }
}
