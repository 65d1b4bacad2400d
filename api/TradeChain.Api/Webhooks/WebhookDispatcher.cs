using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Store;
using TradeChain.Api.Access;
using TradeChain.Api.Auth;
using TradeChain.Api.Queries;
using TradeChain.Ledger;

namespace TradeChain.Api.Webhooks;

/// <summary>The body of a delivery: which delivery, for which subscription, under which shipment reference, and the event as its owner may see it.</summary>
public sealed record WebhookPayload(string DeliveryId, string SubscriptionId, string Reference, DateTimeOffset CommittedAt, EventView Event);

/// <summary>
/// The thin, effectful side of webhooks, two loops in one hosted service. The follower reads
/// committed blocks after its checkpoint, but never past the analytics projection (the shipment
/// queries that decide what an enterprise sees read it, so a delivery is what a GET would return
/// at that moment), runs <see cref="WebhookMatcher"/>, redacts each match with the owner's scope
/// and enqueues the block's deliveries with the new checkpoint in one transaction. The sender
/// POSTs due deliveries, signed, with a timeout, and records every attempt; failures are retried
/// with exponential backoff and jitter until the attempt limit, then marked failed.
/// </summary>
public sealed class WebhookDispatcher(
    WebhookStore store,
    ICommittedBlockSource blocks,
    IAnalyticsStore analytics,
    PrincipalStore principals,
    ShipmentQueries shipments,
    ISensitiveOpener opener,
    WebhookOptions options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string EventIdHeader = "X-TradeChain-Event-Id";
    public const string AttemptHeader = "X-TradeChain-Attempt";

    /// <summary>Prune finished deliveries about once a minute of polling, not on every block.</summary>
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        // A redirect could point a signed delivery anywhere; the subscribed URL is the only target.
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromMilliseconds(options.RequestTimeoutMs),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>The delivery id: the same subscription and event always give the same id, which receivers use to drop repeats.</summary>
    public static string DeliveryId(string subscriptionId, string eventId) =>
        "dlv_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subscriptionId + "\n" + eventId)))[..32];

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(LoopAsync("follow committed blocks", FollowAsync, stoppingToken), LoopAsync("send deliveries", SendDueAsync, stoppingToken));

    private async Task LoopAsync(string name, Func<CancellationToken, Task<bool>> step, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool busy;
            try
            {
                busy = await step(stoppingToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                logger.LogError(e, "webhooks: {Step} failed ({Failures} in a row); retrying", name, failures);
                busy = false;
            }
            if (!busy)
            {
                var wait = Math.Min(options.PollIntervalMs * (1L << Math.Min(failures, 6)), 60_000);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Enqueues the deliveries of the blocks the projection has caught up with; false when there was nothing new.</summary>
    private async Task<bool> FollowAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _lastPrune > PruneInterval)
        {
            _lastPrune = time.GetUtcNow();
            if (store.Prune() is > 0 and var pruned)
            {
                logger.LogInformation("webhooks: pruned {Count} finished deliveries beyond the log limit", pruned);
            }
        }
        if (await blocks.GetTipHeightAsync(cancellationToken).ConfigureAwait(false) is not { } tip)
        {
            return false;
        }
        if (store.Checkpoint() is not { } checkpoint)
        {
            // First run: nothing older than the oldest subscription can match.
            checkpoint = store.All().Select(s => s.FromHeight).DefaultIfEmpty(tip).Min();
            store.Enqueue(Math.Min(checkpoint, tip), [], time.GetUtcNow());
        }
        var projected = (await analytics.GetCheckpointAsync(cancellationToken).ConfigureAwait(false))?.Height ?? 0;
        var limit = Math.Min(tip, projected);
        if (limit <= checkpoint)
        {
            return false;
        }
        if (store.All().Count == 0)
        {
            // Nobody to match for: skip the blocks in one step instead of reading each.
            store.Enqueue(limit, [], time.GetUtcNow());
            return true;
        }
        await foreach (var block in blocks.ReadBlocksAsync(checkpoint + 1, cancellationToken).ConfigureAwait(false))
        {
            if (block.Height > limit)
            {
                break;
            }
            var deliveries = await DeliveriesAsync(block, cancellationToken).ConfigureAwait(false);
            var added = store.Enqueue(block.Height, deliveries, time.GetUtcNow());
            if (added > 0)
            {
                logger.LogDebug("webhooks: block {Height}: {Count} deliveries queued", block.Height, added);
            }
            if (block.Height == limit)
            {
                break;
            }
        }
        return true;
    }

    private async Task<IReadOnlyList<NewDelivery>> DeliveriesAsync(Block block, CancellationToken cancellationToken)
    {
        var subscribers = Subscribers();
        if (subscribers.Count == 0)
        {
            return [];
        }
        var matches = WebhookMatcher.Match(CommittedEvent.Of(block), subscribers);
        var visibleByShipment = new Dictionary<(string Principal, string Reference), IReadOnlySet<string>>();
        var deliveries = new List<NewDelivery>(matches.Count);
        foreach (var match in matches)
        {
            var (subscription, scope) = match.Subscriber;
            if (match.NeedsShipmentCheck)
            {
                var key = (scope.PrincipalId, match.Reference);
                if (!visibleByShipment.TryGetValue(key, out var visible))
                {
                    visible = visibleByShipment[key] = await shipments.VisibleEventIdsAsync(scope, match.Reference, cancellationToken).ConfigureAwait(false);
                }
                if (!visible.Contains(match.Event.EventId))
                {
                    continue;
                }
            }
            var id = DeliveryId(subscription.Id, match.Event.EventId);
            var view = EventRedaction.View(scope, match.Event.ToTraceEvent(), match.Event.Event, opener);
            var payload = JsonSerializer.Serialize(new WebhookPayload(id, subscription.Id, match.Reference, DateTimeOffset.FromUnixTimeMilliseconds(match.Event.BlockTimeMs), view), PayloadJson);
            var bytes = Encoding.UTF8.GetByteCount(payload);
            deliveries.Add(new NewDelivery(id, subscription.Id, match.Event.EventId, match.Event.Event.EventType.ToString(), match.Event.Height, payload,
                bytes > options.MaxPayloadBytes ? $"the body is {bytes} bytes, over the limit of {options.MaxPayloadBytes}; not sent" : null));
        }
        return deliveries;
    }

    /// <summary>Subscriptions with their owners' scopes as they are now: a disabled or removed principal receives nothing.</summary>
    private List<Subscriber> Subscribers()
    {
        var subscribers = new List<Subscriber>();
        foreach (var subscription in store.All())
        {
            if (principals.FindPrincipal(subscription.PrincipalId) is { Disabled: false } principal)
            {
                subscribers.Add(new Subscriber(subscription, AccessScope.For(principal)));
            }
        }
        return subscribers;
    }

    private async Task<bool> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = store.Due(time.GetUtcNow(), options.MaxConcurrentDeliveries * 4);
        if (due.Count == 0)
        {
            return false;
        }
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentDeliveries, CancellationToken = cancellationToken },
            async (delivery, token) => await SendAsync(delivery, token).ConfigureAwait(false)).ConfigureAwait(false);
        return true;
    }

    private async Task SendAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        if (store.Find(delivery.SubscriptionId) is not { } subscription)
        {
            return;
        }
        var attempt = delivery.Attempts + 1;
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var at = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(at.ToUnixTimeSeconds(), body, subscription.SigningSecrets(at)));
        request.Headers.Add(IdempotencyHeader, delivery.Id);
        request.Headers.Add(EventIdHeader, delivery.EventId);
        request.Headers.Add(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeoutMs);
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"the receiver answered HTTP {status}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {options.RequestTimeoutMs} ms";
        }
        catch (HttpRequestException e)
        {
            error = $"could not reach the receiver: {e.Message}";
        }
        var latencyMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var record = new AttemptView(attempt, at, status, latencyMs, error);
        if (error is null)
        {
            store.RecordAttempt(delivery.Id, record, DeliveryState.Delivered, null);
            return;
        }
        if (attempt >= options.MaxAttempts)
        {
            logger.LogWarning("webhooks: delivery {Delivery} of {Subscription} failed for good after {Attempts} attempts: {Error}", delivery.Id, subscription.Id, attempt, error);
            store.RecordAttempt(delivery.Id, record, DeliveryState.Failed, null);
            return;
        }
        var next = time.GetUtcNow().AddMilliseconds(options.RetryDelayMs(attempt + 1, Random.Shared.NextDouble()));
        logger.LogInformation("webhooks: delivery {Delivery} attempt {Attempt} failed ({Error}); next at {Next:O}", delivery.Id, attempt, error, next);
        store.RecordAttempt(delivery.Id, record, DeliveryState.Pending, next);
    }
}
