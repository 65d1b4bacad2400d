using System.Text.Json;
using TradeChain.Api.Problems;
using TradeChain.Api.State;
using static TradeChain.Api.State.StateDatabase;

namespace TradeChain.Api.Webhooks;

public enum DeliveryState
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>A delivery to enqueue: its deterministic id (subscription and event), the event, and the body as the owner may see it.</summary>
public sealed record NewDelivery(string Id, string SubscriptionId, string EventId, string EventType, ulong Height, string Payload, string? RefusedBecause = null);

/// <summary>A delivery due to be sent.</summary>
public sealed record DueDelivery(string Id, string SubscriptionId, string EventId, int Attempts, string Payload);

public sealed record AttemptView(int Attempt, DateTimeOffset At, int? StatusCode, long LatencyMs, string? Error);

/// <summary>One delivery in its owner's log: state, attempts so far, the last answer, and every attempt.</summary>
public sealed record DeliveryView(
    string DeliveryId,
    string EventId,
    string EventType,
    ulong Height,
    DeliveryState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? FinishedAt,
    int? LastStatusCode,
    string? LastError,
    IReadOnlyList<AttemptView> AttemptLog);

/// <summary>
/// Subscriptions, the delivery outbox with its per-delivery log, and the follower's checkpoint, in
/// the API's <see cref="StateDatabase"/>. Subscriptions are also held in memory (the matcher reads
/// them for every block); every change is written first. A block's deliveries and the checkpoint
/// that passes it commit together, and a delivery's id is its subscription and event, so a block
/// matched twice (a crash between the two) enqueues nothing twice.
/// </summary>
public sealed class WebhookStore
{
    private const int MaxErrorChars = 512;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly StateDatabase _db;
    private readonly WebhookOptions _options;
    private readonly Lock _gate = new();
    private Dictionary<string, Subscription> _subscriptions;

    private WebhookStore(StateDatabase db, WebhookOptions options, Dictionary<string, Subscription> subscriptions)
    {
        _db = db;
        _options = options;
        _subscriptions = subscriptions;
    }

    public static WebhookStore Open(StateDatabase db, WebhookOptions options)
    {
        var subscriptions = db.Transaction(c =>
        {
            Execute(c, """
                CREATE TABLE IF NOT EXISTS webhook_subscriptions (
                    id VARCHAR PRIMARY KEY, principal_id VARCHAR NOT NULL, url VARCHAR NOT NULL, filter_json VARCHAR NOT NULL,
                    created_ms BIGINT NOT NULL, from_height BIGINT NOT NULL, secret VARCHAR NOT NULL, previous_secret VARCHAR, previous_until_ms BIGINT);
                CREATE SEQUENCE IF NOT EXISTS webhook_delivery_seq START 1;
                CREATE TABLE IF NOT EXISTS webhook_deliveries (
                    seq BIGINT NOT NULL, id VARCHAR PRIMARY KEY, subscription_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, event_type VARCHAR NOT NULL,
                    height BIGINT NOT NULL, state INTEGER NOT NULL, attempts INTEGER NOT NULL, created_ms BIGINT NOT NULL, next_attempt_ms BIGINT,
                    finished_ms BIGINT, last_status INTEGER, last_error VARCHAR, payload VARCHAR);
                CREATE TABLE IF NOT EXISTS webhook_attempts (
                    delivery_id VARCHAR NOT NULL, attempt INTEGER NOT NULL, at_ms BIGINT NOT NULL, status_code INTEGER, latency_ms BIGINT NOT NULL, error VARCHAR);
                CREATE TABLE IF NOT EXISTS webhook_checkpoint (id INTEGER PRIMARY KEY, height BIGINT NOT NULL);
                """);
            return Query(c, "SELECT id, principal_id, url, filter_json, created_ms, from_height, secret, previous_secret, previous_until_ms FROM webhook_subscriptions")
                .Select(ReadSubscription).ToDictionary(s => s.Id, StringComparer.Ordinal);
        });
        return new WebhookStore(db, options, subscriptions);
    }

    public IReadOnlyList<Subscription> All()
    {
        lock (_gate)
        {
            return _subscriptions.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();
        }
    }

    public Subscription? Find(string id)
    {
        lock (_gate)
        {
            return _subscriptions.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<Subscription> OwnedBy(string principalId) => All().Where(s => s.PrincipalId == principalId).ToArray();

    public Subscription Create(string principalId, Uri url, SubscriptionFilter filter, ulong fromHeight, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_subscriptions.Values.Count(s => s.PrincipalId == principalId) >= _options.MaxSubscriptionsPerPrincipal)
            {
                throw new ApiProblemException(409, ProblemTypes.Conflict, $"principal '{principalId}' already has {_options.MaxSubscriptionsPerPrincipal} subscriptions, the maximum; delete one first");
            }
            if (_subscriptions.Count >= _options.MaxSubscriptions)
            {
                throw new ApiProblemException(409, ProblemTypes.Conflict, $"this API holds {_options.MaxSubscriptions} subscriptions, its maximum");
            }
            var subscription = new Subscription("sub_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
                principalId, url, filter, now, fromHeight, WebhookSignature.NewSecret(), null, null);
            _db.Transaction(c => Execute(c, "INSERT INTO webhook_subscriptions VALUES ($id, $principal, $url, $filter, $created, $from, $secret, NULL, NULL)",
                ("id", subscription.Id), ("principal", principalId), ("url", url.AbsoluteUri), ("filter", JsonSerializer.Serialize(filter, Json)),
                ("created", now.ToUnixTimeMilliseconds()), ("from", (long)fromHeight), ("secret", subscription.Secret)));
            _subscriptions = new(_subscriptions) { [subscription.Id] = subscription };
            return subscription;
        }
    }

    /// <summary>A new current secret; the old one keeps signing until <paramref name="graceUntil"/>.</summary>
    public Subscription RotateSecret(string id, DateTimeOffset graceUntil)
    {
        lock (_gate)
        {
            var current = _subscriptions.GetValueOrDefault(id) ?? throw new KeyNotFoundException(id);
            var rotated = current with { Secret = WebhookSignature.NewSecret(), PreviousSecret = current.Secret, PreviousSecretUntil = graceUntil };
            _db.Transaction(c => Execute(c, "UPDATE webhook_subscriptions SET secret = $secret, previous_secret = $previous, previous_until_ms = $until WHERE id = $id",
                ("secret", rotated.Secret), ("previous", rotated.PreviousSecret), ("until", graceUntil.ToUnixTimeMilliseconds()), ("id", id)));
            _subscriptions = new(_subscriptions) { [id] = rotated };
            return rotated;
        }
    }

    /// <summary>Removes the subscription with its queued deliveries and their log: nothing more is sent to it.</summary>
    public void Delete(string id)
    {
        lock (_gate)
        {
            _db.Transaction(c =>
            {
                Execute(c, "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = $id)", ("id", id));
                Execute(c, "DELETE FROM webhook_deliveries WHERE subscription_id = $id", ("id", id));
                Execute(c, "DELETE FROM webhook_subscriptions WHERE id = $id", ("id", id));
            });
            var remaining = new Dictionary<string, Subscription>(_subscriptions);
            remaining.Remove(id);
            _subscriptions = remaining;
        }
    }

    /// <summary>The last height whose deliveries are enqueued; null before the follower's first run.</summary>
    public ulong? Checkpoint() => _db.Transaction(c =>
        Query(c, "SELECT height FROM webhook_checkpoint WHERE id = 1") is [var row] ? (ulong?)(ulong)Long(row[0]) : null);

    /// <summary>
    /// Enqueues <paramref name="deliveries"/> (those already present are skipped) and moves the
    /// checkpoint to <paramref name="height"/>, atomically. A subscription at its pending limit gets
    /// the new delivery recorded as failed, so its owner sees what was not sent and why.
    /// </summary>
    public int Enqueue(ulong height, IReadOnlyList<NewDelivery> deliveries, DateTimeOffset now) => _db.Transaction(c =>
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var pending = new Dictionary<string, long>(StringComparer.Ordinal);
        var added = 0;
        foreach (var d in deliveries)
        {
            if (!pending.TryGetValue(d.SubscriptionId, out var queued))
            {
                queued = Long(Query(c, "SELECT count(*) FROM webhook_deliveries WHERE subscription_id = $s AND state = 0", ("s", d.SubscriptionId))[0][0]);
            }
            var refusal = d.RefusedBecause ?? (queued >= _options.MaxPendingPerSubscription
                ? $"outbox full: {queued} deliveries of this subscription are waiting (limit {_options.MaxPendingPerSubscription}); this one was not queued"
                : null);
            var inserted = Execute(c, """
                INSERT INTO webhook_deliveries VALUES (nextval('webhook_delivery_seq'), $id, $s, $event, $type, $height, $state, 0, $now, $next, $finished, NULL, $error, $payload)
                ON CONFLICT (id) DO NOTHING
                """,
                ("id", d.Id), ("s", d.SubscriptionId), ("event", d.EventId), ("type", d.EventType), ("height", (long)d.Height),
                ("state", (int)(refusal is null ? DeliveryState.Pending : DeliveryState.Failed)), ("now", nowMs), ("next", refusal is null ? nowMs : null),
                ("finished", refusal is null ? null : nowMs), ("error", refusal), ("payload", refusal is null ? d.Payload : null));
            added += inserted;
            pending[d.SubscriptionId] = queued + (refusal is null ? inserted : 0);
        }
        Execute(c, "INSERT OR REPLACE INTO webhook_checkpoint VALUES (1, $h)", ("h", (long)height));
        return added;
    });

    /// <summary>Pending deliveries whose next attempt is due, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<DueDelivery> Due(DateTimeOffset now, int limit) => _db.Transaction(c =>
        Query(c, "SELECT id, subscription_id, event_id, attempts, payload FROM webhook_deliveries WHERE state = 0 AND next_attempt_ms <= $now ORDER BY next_attempt_ms, seq LIMIT $limit",
                ("now", now.ToUnixTimeMilliseconds()), ("limit", limit))
            .Select(r => new DueDelivery((string)r[0]!, (string)r[1]!, (string)r[2]!, (int)Long(r[3]), (string)r[4]!)).ToArray());

    /// <summary>Logs one attempt and moves the delivery on: delivered, failed, or pending until <paramref name="nextAttemptAt"/>.</summary>
    public void RecordAttempt(string deliveryId, AttemptView attempt, DeliveryState state, DateTimeOffset? nextAttemptAt)
    {
        var error = attempt.Error is { Length: > MaxErrorChars } cut ? cut[..(MaxErrorChars - 1)] + "…" : attempt.Error;
        _db.Transaction(c =>
        {
            Execute(c, "INSERT INTO webhook_attempts VALUES ($id, $n, $at, $status, $latency, $error)",
                ("id", deliveryId), ("n", attempt.Attempt), ("at", attempt.At.ToUnixTimeMilliseconds()), ("status", attempt.StatusCode), ("latency", attempt.LatencyMs), ("error", error));
            // The body is kept only while it may still be sent.
            Execute(c, """
                UPDATE webhook_deliveries SET state = $state, attempts = $n, next_attempt_ms = $next, finished_ms = $finished, last_status = $status, last_error = $error,
                    payload = CASE WHEN $state = 0 THEN payload ELSE NULL END
                WHERE id = $id
                """,
                ("state", (int)state), ("n", attempt.Attempt), ("next", nextAttemptAt?.ToUnixTimeMilliseconds()),
                ("finished", state == DeliveryState.Pending ? null : attempt.At.ToUnixTimeMilliseconds()), ("status", attempt.StatusCode), ("error", error), ("id", deliveryId));
        });
    }

    /// <summary>A subscription's deliveries, newest first, from sequence number <paramref name="beforeSeq"/> down; returns the next page's start.</summary>
    public (IReadOnlyList<DeliveryView> Items, long? NextBeforeSeq) Deliveries(string subscriptionId, long beforeSeq, int limit) => _db.Transaction(c =>
    {
        var rows = Query(c, """
            SELECT seq, id, event_id, event_type, height, state, attempts, created_ms, next_attempt_ms, finished_ms, last_status, last_error
            FROM webhook_deliveries WHERE subscription_id = $s AND seq <= $before ORDER BY seq DESC LIMIT $limit
            """, ("s", subscriptionId), ("before", beforeSeq), ("limit", limit + 1));
        var page = rows.Take(limit).ToArray();
        var attempts = page.Length == 0 ? [] : Query(c,
                $"SELECT delivery_id, attempt, at_ms, status_code, latency_ms, error FROM webhook_attempts WHERE delivery_id IN ({string.Join(",", page.Select((_, i) => "$d" + i))}) ORDER BY attempt",
                page.Select((r, i) => ("d" + i, r[1])).ToArray())
            .GroupBy(r => (string)r[0]!)
            .ToDictionary(g => g.Key, g => g.Select(r => new AttemptView((int)Long(r[1]), FromMs(Long(r[2])), (int?)NullableLong(r[3]), Long(r[4]), (string?)r[5])).ToArray());
        var items = page.Select(r => new DeliveryView(
            (string)r[1]!, (string)r[2]!, (string)r[3]!, (ulong)Long(r[4]), (DeliveryState)(int)Long(r[5]), (int)Long(r[6]), FromMs(Long(r[7])),
            NullableLong(r[8]) is { } next ? FromMs(next) : null, NullableLong(r[9]) is { } finished ? FromMs(finished) : null,
            (int?)NullableLong(r[10]), (string?)r[11], attempts.GetValueOrDefault((string)r[1]!, []))).ToArray();
        return ((IReadOnlyList<DeliveryView>)items, rows.Count > limit ? (long?)Long(rows[limit][0]) : null);
    });

    /// <summary>Keeps the newest finished deliveries of each subscription (and their attempts); pending ones are never pruned.</summary>
    public int Prune() => _db.Transaction(c =>
    {
        var removed = Execute(c, """
            DELETE FROM webhook_deliveries WHERE seq IN (
                SELECT seq FROM (SELECT seq, row_number() OVER (PARTITION BY subscription_id ORDER BY seq DESC) AS n FROM webhook_deliveries WHERE state <> 0) WHERE n > $keep)
            """, ("keep", _options.MaxLoggedPerSubscription));
        if (removed > 0)
        {
            Execute(c, "DELETE FROM webhook_attempts WHERE delivery_id NOT IN (SELECT id FROM webhook_deliveries)");
        }
        return removed;
    });

    private static Subscription ReadSubscription(object?[] r) => new(
        (string)r[0]!, (string)r[1]!, new Uri((string)r[2]!), JsonSerializer.Deserialize<SubscriptionFilter>((string)r[3]!, Json) ?? SubscriptionFilter.Everything,
        FromMs(Long(r[4])), (ulong)Long(r[5]), (string)r[6]!, (string?)r[7], NullableLong(r[8]) is { } until ? FromMs(until) : null);

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
