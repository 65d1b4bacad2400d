using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TradeChain.Api.Webhooks;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Tests;

/// <summary>
/// Webhooks end to end: the API follows its ledger, and real receivers on loopback fail, hang and
/// recover while events are committed. Each test has its own chain and API (its own data directory).
/// </summary>
[Trait("Category", "Api")]
public sealed class WebhookDeliveryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task every_matched_event_arrives_signed_through_failures_and_no_other_enterprises_event_does()
    {
        await using var world = await WebhookWorld.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var exporter = world.As("exporter-a");
        using var port = world.As("port-cntsn");
        var secretA = await SubscribeAsync(exporter, new { url = receiver.Url("a") });
        var secretPort = await SubscribeAsync(port, new { url = receiver.Url("port"), eventTypes = new[] { "GateIn" } });

        // A's shipment: a declaration-like event naming A, then a gate event naming nobody (A sees it as a party to the shipment).
        // B's shipment at the same port, and an event of A's at another port.
        receiver.Behaviour = WebhookReceiver.Mode.Fail;
        var ofA = await world.CommitAsync(world.Gate("a-1", "MBLAAAA0000001", WebhookWorld.EnterpriseA, type: TradeEventType.GateIn));
        var unnamed = await world.CommitAsync(world.Gate("a-2", "MBLAAAA0000001", null));
        var ofB = await world.CommitAsync(world.Gate("b-1", "MBLBBBB0000001", WebhookWorld.EnterpriseB, type: TradeEventType.GateIn), world.Gate("b-2", "MBLBBBB0000001", null));
        var elsewhere = await world.CommitAsync(world.Gate("a-3", "MBLAAAA0000002", WebhookWorld.EnterpriseA, port: "CNPEK", type: TradeEventType.GateIn));
        await Eventually.HoldsAsync(() => receiver.Requests >= 3, "the failing receiver was tried");
        receiver.Behaviour = WebhookReceiver.Mode.Hang;
        var hung = receiver.Requests;
        await Eventually.HoldsAsync(() => receiver.Requests >= hung + 2, "the hanging receiver was tried");
        receiver.Behaviour = WebhookReceiver.Mode.Ok;

        string[] expectedA = [ofA[0], unnamed[0], elsewhere[0]];
        string[] expectedPort = [ofA[0], ofB[0]];
        await Eventually.HoldsAsync(() => receiver.For("a").Count == expectedA.Length && receiver.For("port").Count == expectedPort.Length, "every matched event arrived");
        await Task.Delay(300, Cancel);
        Assert.Equal(expectedA.Order(), receiver.For("a").Select(d => d.EventId).Order());
        Assert.Equal(expectedPort.Order(), receiver.For("port").Select(d => d.EventId).Order());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var (name, secret) in new[] { ("a", secretA), ("port", secretPort) })
        {
            foreach (var delivery in receiver.For(name))
            {
                Assert.True(WebhookSignature.Verify(delivery.Signature, delivery.Body, secret, now, 300), $"signature of {delivery.IdempotencyKey}");
                Assert.False(WebhookSignature.Verify(delivery.Signature, [.. delivery.Body, (byte)' '], secret, now, 300));
                var payload = JsonDocument.Parse(delivery.Body).RootElement;
                Assert.Equal(delivery.IdempotencyKey, payload.GetProperty("deliveryId").GetString());
                Assert.Equal(delivery.EventId, payload.GetProperty("event").GetProperty("eventId").GetString());
                // The same redaction as a GET: a terminal never sees the traders' identities.
                Assert.Equal(name == "a", payload.GetProperty("event").TryGetProperty("parties", out _));
            }
        }
        Assert.DoesNotContain(receiver.Accepted, d => d.Path == "a" && (d.EventId == ofB[0] || d.EventId == ofB[1]));

        // The owner's delivery log shows the failed attempts, their status codes and errors, and the final success.
        var subscriptions = await exporter.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions", Cancel);
        var id = subscriptions.EnumerateArray().Single().GetProperty("id").GetString();
        var log = await exporter.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/deliveries?limit=10", Cancel);
        var deliveries = log.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(3, deliveries.Length);
        Assert.All(deliveries, d => Assert.Equal("Delivered", d.GetProperty("state").GetString()));
        var first = deliveries.Single(d => d.GetProperty("eventId").GetString() == ofA[0]);
        var attempts = first.GetProperty("attemptLog").EnumerateArray().ToArray();
        Assert.True(attempts.Length >= 2, first.ToString());
        Assert.Contains(attempts, a => a.TryGetProperty("statusCode", out var s) && s.GetInt32() == 500);
        Assert.Equal(200, attempts[^1].GetProperty("statusCode").GetInt32());
        Assert.All(attempts, a => Assert.True(a.GetProperty("latencyMs").GetInt64() >= 0));

        // Another principal cannot see A's subscription or its log: it does not exist for them.
        using var importer = world.As("importer-b");
        await Problems.AssertAsync(await importer.GetAsync($"/api/v1/subscriptions/{id}/deliveries", Cancel), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await importer.DeleteAsync($"/api/v1/subscriptions/{id}", Cancel), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_rotated_secret_signs_alongside_the_old_one_during_the_grace_period()
    {
        await using var world = await WebhookWorld.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var bureau = world.As("bureau");
        var created = await (await bureau.PostAsJsonAsync("/api/v1/subscriptions", new { url = receiver.Url("bureau"), shipmentReference = "MBLROTATE00001" }, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var id = created.GetProperty("subscription").GetProperty("id").GetString();
        var oldSecret = created.GetProperty("secret").GetString()!;
        var rotation = await bureau.PostAsync($"/api/v1/subscriptions/{id}/rotate-secret", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        var rotated = await rotation.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        Assert.True(rotated.GetProperty("subscription").TryGetProperty("previousSecretValidUntil", out _));
        // The secret is never shown again.
        Assert.DoesNotContain(oldSecret, await bureau.GetStringAsync($"/api/v1/subscriptions/{id}", Cancel), StringComparison.Ordinal);

        var ids = await world.CommitAsync(world.Gate("r-1", "MBLROTATE00001", WebhookWorld.EnterpriseA), world.Gate("r-2", "MBLOTHER000001", WebhookWorld.EnterpriseA));
        await Eventually.HoldsAsync(() => receiver.For("bureau").Count == 1, "the delivery arrived");
        var delivery = receiver.For("bureau").Single();
        Assert.Equal(ids[0], delivery.EventId);
        Assert.Equal(2, delivery.Signature.Split(',').Count(p => p.StartsWith("v1=", StringComparison.Ordinal)));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.True(WebhookSignature.Verify(delivery.Signature, delivery.Body, newSecret, now, 300));
        Assert.True(WebhookSignature.Verify(delivery.Signature, delivery.Body, oldSecret, now, 300));
        Assert.False(WebhookSignature.Verify(delivery.Signature, delivery.Body, WebhookSignature.NewSecret(), now, 300));
    }

    [Fact]
    public async Task pending_deliveries_survive_a_restart_and_arrive_once_the_receiver_recovers()
    {
        await using var world = await WebhookWorld.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Behaviour = WebhookReceiver.Mode.Fail;
        using (var customs = world.As("customs"))
        {
            await SubscribeAsync(customs, new { url = receiver.Url("customs"), port = "CNTSN" });
        }
        var ids = await world.CommitAsync(world.Gate("s-1", "MBLRESTART0001", WebhookWorld.EnterpriseA), world.Gate("s-2", "MBLRESTART0002", WebhookWorld.EnterpriseB));
        await Eventually.HoldsAsync(() => receiver.Requests >= 2, "deliveries were tried");
        using (var customs = world.As("customs"))
        {
            var id = (await customs.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions", Cancel)).EnumerateArray().Single().GetProperty("id").GetString();
            await Eventually.HoldsAsync(async () =>
            {
                var log = await customs.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/deliveries", Cancel);
                return log.GetProperty("items").EnumerateArray().Count(d => d.GetProperty("state").GetString() == "Pending") == 2;
            }, "both deliveries are queued and pending");
        }
        await world.StopApiAsync();
        // Committed while the API was down: the follower picks it up from its checkpoint.
        var later = await world.CommitAsync(world.Gate("s-3", "MBLRESTART0003", null));
        receiver.Behaviour = WebhookReceiver.Mode.Ok;
        await world.StartApiAsync();
        await Eventually.HoldsAsync(() => receiver.For("customs").Count == 3, "the queued and the new deliveries arrived");
        Assert.Equal(ids.Append(later[0]).Order(), receiver.For("customs").Select(d => d.EventId).Order());
    }

    [Fact]
    public async Task bad_subscriptions_are_refused_with_problems()
    {
        await using var world = await WebhookWorld.StartAsync(new Dictionary<string, string?> { ["Api:Webhooks:AllowHttpLoopback"] = "false" });
        using var exporter = world.As("exporter-a");
        (object Body, string Detail)[] invalid =
        [
            (new { url = "http://127.0.0.1:9/hook" }, "https"),
            (new { url = "ftp://example.com/hook" }, "https"),
            (new { url = "not a url" }, "absolute"),
            (new { }, "absolute"),
            (new { url = "https://user:pw@example.com/hook" }, "user information"),
            (new { url = "https://example.com/hook", eventTypes = new[] { "Teleported" } }, "eventTypes"),
            (new { url = "https://example.com/hook", enterprise = "123" }, "USCC"),
            (new { url = "https://example.com/hook", port = "TIANJIN" }, "UN/LOCODE"),
            (new { url = "https://example.com/hook", shipmentReference = new string('X', 65) }, "shipmentReference"),
        ];
        foreach (var (body, detail) in invalid)
        {
            var problem = await Problems.AssertAsync(await exporter.PostAsJsonAsync("/api/v1/subscriptions", body, Cancel), HttpStatusCode.BadRequest);
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using var operatorClient = world.As("operator");
        await Problems.AssertAsync(await operatorClient.PostAsJsonAsync("/api/v1/subscriptions", new { url = "https://example.com/hook" }, Cancel), HttpStatusCode.Forbidden);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await exporter.PostAsJsonAsync("/api/v1/subscriptions", new { url = $"https://example.com/hook/{i}" }, Cancel)).StatusCode);
        }
        await Problems.AssertAsync(await exporter.PostAsJsonAsync("/api/v1/subscriptions", new { url = "https://example.com/hook/3" }, Cancel), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await exporter.GetAsync("/api/v1/subscriptions/sub_nope", Cancel), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await exporter.GetAsync("/api/v1/subscriptions/sub_nope/deliveries?limit=0", Cancel), HttpStatusCode.NotFound);
    }

    private static async Task<string> SubscribeAsync(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("/api/v1/subscriptions", request, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("secret").GetString()!;
    }
}
