using TradeChain.Api.Auth;
using TradeChain.Api.Hosting;
using TradeChain.Api.Ledger;
using TradeChain.Api.Paging;
using TradeChain.Api.Problems;
using TradeChain.Api.Webhooks;

namespace TradeChain.Api.Endpoints;

public sealed record SubscriptionFilterView(string? ShipmentReference, string? Enterprise, string? Port, IReadOnlyList<string> EventTypes);

/// <summary>A subscription as its owner sees it: never its secrets, only until when a rotated-out one still signs.</summary>
public sealed record SubscriptionView(string Id, string Url, SubscriptionFilterView Filter, DateTimeOffset CreatedAt, ulong FromHeight, DateTimeOffset? PreviousSecretValidUntil)
{
    public static SubscriptionView Of(Subscription s, DateTimeOffset now) => new(
        s.Id, s.Url.AbsoluteUri, new SubscriptionFilterView(s.Filter.ShipmentReference, s.Filter.Enterprise, s.Filter.Port, s.Filter.EventTypes.Select(t => t.ToString()).ToArray()),
        s.CreatedAt, s.FromHeight, s.PreviousSecretUntil > now ? s.PreviousSecretUntil : null);
}

/// <summary>The answer to a creation or a rotation: the only time the secret is shown.</summary>
public sealed record SubscriptionSecretResponse(SubscriptionView Subscription, string Secret);

/// <summary>Webhook subscriptions (each principal manages its own) and their delivery logs.</summary>
public static class WebhookEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var subscriptions = v1.MapGroup("/subscriptions");
        subscriptions.MapPost("", async (SubscriptionRequest request, HttpContext context, WebhookStore store, ILedgerGateway ledger, ApiOptions options, TimeProvider time) =>
        {
            var scope = TradeChainAuthenticationHandler.ScopeOf(context);
            if (!scope.CanSubscribe)
            {
                throw scope.Denied("shipment events, so it may not subscribe to them");
            }
            var (url, filter) = SubscriptionRules.Check(request, options.Webhooks.AllowHttpLoopback);
            // Events committed from now on: the node's height is the line.
            var height = (await ledger.GetStatusAsync(context.RequestAborted)).Height;
            var now = time.GetUtcNow();
            var created = store.Create(scope.PrincipalId, url, filter, height, now);
            return TypedResults.Created($"/api/v1/subscriptions/{created.Id}", new SubscriptionSecretResponse(SubscriptionView.Of(created, now), created.Secret));
        }).WithSummary("Subscribes a URL to committed events (filters: shipmentReference, enterprise, port, eventTypes); the signing secret is in this response only");

        subscriptions.MapGet("", (HttpContext context, WebhookStore store, TimeProvider time) =>
        {
            var scope = TradeChainAuthenticationHandler.ScopeOf(context);
            var now = time.GetUtcNow();
            return TypedResults.Ok(store.OwnedBy(scope.PrincipalId).Select(s => SubscriptionView.Of(s, now)).ToArray());
        }).WithSummary("The caller's subscriptions (at most the per-principal limit, so not paged)");

        subscriptions.MapGet("/{id}", (string id, HttpContext context, WebhookStore store, TimeProvider time) =>
            TypedResults.Ok(SubscriptionView.Of(Own(context, store, id), time.GetUtcNow())))
            .WithSummary("One of the caller's subscriptions");

        subscriptions.MapDelete("/{id}", (string id, HttpContext context, WebhookStore store) =>
        {
            store.Delete(Own(context, store, id).Id);
            return TypedResults.NoContent();
        }).WithSummary("Deletes a subscription with its queued deliveries and log");

        subscriptions.MapPost("/{id}/rotate-secret", (string id, HttpContext context, WebhookStore store, ApiOptions options, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var rotated = store.RotateSecret(Own(context, store, id).Id, now.AddHours(options.Webhooks.SecretGraceHours));
            return TypedResults.Ok(new SubscriptionSecretResponse(SubscriptionView.Of(rotated, now), rotated.Secret));
        }).WithSummary("Issues a new signing secret; deliveries carry a signature with the old one too until the grace period ends");

        subscriptions.MapGet("/{id}/deliveries", (string id, string? cursor, int? limit, HttpContext context, WebhookStore store, CursorCodec cursors) =>
        {
            var subscription = Own(context, store, id);
            var pageSize = PageLimits.Check(limit);
            var queryKey = $"deliveries|{subscription.Id}";
            var before = cursors.Decode(queryKey, cursor) is > 0 and var position ? position : long.MaxValue;
            var (items, next) = store.Deliveries(subscription.Id, before, pageSize);
            return TypedResults.Ok(new Page<DeliveryView>(items, next is { } n ? cursors.Encode(queryKey, n) : null));
        }).WithSummary("The subscription's deliveries, newest first: state, attempts (time, status code, latency, error)");
    }

    /// <summary>The caller's own subscription; another principal's answers as one that does not exist.</summary>
    private static Subscription Own(HttpContext context, WebhookStore store, string id)
    {
        var scope = TradeChainAuthenticationHandler.ScopeOf(context);
        return store.Find(id) is { } subscription && subscription.PrincipalId == scope.PrincipalId
            ? subscription
            : throw ApiProblemException.NotFound($"you have no subscription '{id}'");
    }
}
