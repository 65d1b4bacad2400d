using TradeChain.Api.State;
using TradeChain.Api.Webhooks;
using TradeChain.Testing;

namespace TradeChain.Api.Tests;

/// <summary>The outbox's guarantees on its own: an enqueue is idempotent and atomic with the checkpoint, limits record instead of dropping, the log is pruned, state survives reopening.</summary>
[Trait("Category", "Api")]
public sealed class WebhookStoreTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000);

    [Fact]
    public void enqueues_are_idempotent_bounded_and_survive_reopening()
    {
        using var temp = new TempDirectory();
        var options = new WebhookOptions { MaxPendingPerSubscription = 2, MaxLoggedPerSubscription = 1 };
        string subscriptionId;
        using (var db = StateDatabase.Open(temp.Path))
        {
            var store = WebhookStore.Open(db, options);
            Assert.Null(store.Checkpoint());
            var subscription = store.Create("exporter-a", new Uri("https://example.com/"), SubscriptionFilter.Everything, 3, Now);
            subscriptionId = subscription.Id;
            NewDelivery Delivery(string eventId) => new(WebhookDispatcher.DeliveryId(subscription.Id, eventId), subscription.Id, eventId, "GateIn", 4, "{}");

            Assert.Equal(2, store.Enqueue(4, [Delivery("e1"), Delivery("e2")], Now));
            // The same block matched again (a crash before the checkpoint moved): nothing is queued twice.
            Assert.Equal(0, store.Enqueue(4, [Delivery("e1"), Delivery("e2")], Now));
            // Over the pending limit: recorded as failed, with the reason, never silently dropped.
            Assert.Equal(1, store.Enqueue(5, [Delivery("e3")], Now));
            Assert.Equal(5UL, store.Checkpoint());
            Assert.Equal(["e1", "e2"], store.Due(Now, 10).Select(d => d.EventId).Order());
            var (log, _) = store.Deliveries(subscription.Id, long.MaxValue, 10);
            var refused = log.Single(d => d.EventId == "e3");
            Assert.Equal(DeliveryState.Failed, refused.State);
            Assert.Contains("outbox full", refused.LastError, StringComparison.Ordinal);

            var e1 = WebhookDispatcher.DeliveryId(subscription.Id, "e1");
            store.RecordAttempt(e1, new AttemptView(1, Now, 500, 12, "the receiver answered HTTP 500"), DeliveryState.Pending, Now.AddSeconds(1));
            Assert.Equal(["e2"], store.Due(Now, 10).Select(d => d.EventId));
            store.RecordAttempt(e1, new AttemptView(2, Now.AddSeconds(1), 200, 8, null), DeliveryState.Delivered, null);
            var delivered = store.Deliveries(subscription.Id, long.MaxValue, 10).Items.Single(d => d.EventId == "e1");
            Assert.Equal((DeliveryState.Delivered, 2), (delivered.State, delivered.Attempts));
            Assert.Equal([500, 200], delivered.AttemptLog.Select(a => a.StatusCode ?? 0));
            // One finished delivery is logged per subscription here: the older one (e1) goes, the pending one stays.
            Assert.Equal(1, store.Prune());
            Assert.Equal(["e2", "e3"], store.Deliveries(subscription.Id, long.MaxValue, 10).Items.Select(d => d.EventId).Order());
            store.RotateSecret(subscription.Id, Now.AddHours(1));
        }
        using (var db = StateDatabase.Open(temp.Path))
        {
            var store = WebhookStore.Open(db, options);
            var subscription = Assert.Single(store.All());
            Assert.Equal(subscriptionId, subscription.Id);
            Assert.Equal(2, subscription.SigningSecrets(Now).Count);
            Assert.Single(subscription.SigningSecrets(Now.AddHours(2)));
            Assert.Equal(["e2"], store.Due(Now, 10).Select(d => d.EventId));
            Assert.Equal(5UL, store.Checkpoint());
            store.Delete(subscription.Id);
            Assert.Empty(store.Due(Now, 10));
            Assert.Empty(store.Deliveries(subscription.Id, long.MaxValue, 10).Items);
        }
    }
}
