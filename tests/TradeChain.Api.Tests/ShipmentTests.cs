using System.Net;
using TradeChain.Analytics.Queries;
using TradeChain.Api.Auth;
using TradeChain.Ledger;
using TradeChain.Trade.Batches;

namespace TradeChain.Api.Tests;

[Trait("Category", "Api")]
public sealed class ShipmentTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task status_and_timeline_match_the_analytics_trace()
    {
        using var client = fixture.As("exporter-a");
        var summary = await Json.ReadAsync(await client.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}", Cancel));
        var trace = await fixture.Analytics.TraceAsync(new TraceQuery(fixture.DeclarationOfA), Cancel);
        Assert.Equal(trace.Timeline.State!.Status.ToString(), summary.GetProperty("status").GetString());
        Assert.Equal(trace.Events.Select(e => e.EventId), summary.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task an_exporters_proof_verifies_offline_and_a_proof_with_plaintext_details_is_refused()
    {
        using var client = fixture.As("exporter-a");
        var events = (await Json.ReadAsync(await client.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}/events?limit=500", Cancel))).GetProperty("items").EnumerateArray().ToArray();
        var plain = events.First(e => e.GetProperty("sensitive").GetProperty("state").GetString() == "absent").GetProperty("eventId").GetString();
        var response = await client.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}/events/{plain}/proof", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync(Cancel);
        // What `tradechain verify-event` does: read both sections and check every step against the validator set.
        var eventProof = EventProofJson.Read(json);
        var (ledgerProof, validators) = LedgerEventProofJson.Read(json, eventProof);
        Assert.Empty(ledgerProof.Verify(validators));
        Assert.Equal(fixture.Chain.Validators.Count, validators.Count);

        var declared = events.First(e => e.GetProperty("eventType").GetString() == "DeclarationFiled").GetProperty("eventId").GetString();
        var refused = await Problems.AssertAsync(await client.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}/events/{declared}/proof", Cancel), HttpStatusCode.Forbidden);
        Assert.Contains("plaintext sensitive details", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var regulator = fixture.As("regulator");
        Assert.Equal(HttpStatusCode.OK, (await regulator.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}/events/{declared}/proof", Cancel)).StatusCode);
        // An event of someone else's shipment is not found through this one.
        using var other = fixture.As("importer-b");
        await Problems.AssertAsync(await other.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}/events/{plain}/proof", Cancel), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task pages_follow_the_cursor_to_the_whole_answer_and_refuse_edited_cursors()
    {
        using var client = fixture.As("bureau");
        var reference = fixture.DeclarationOfA;
        var whole = (await Json.ReadAsync(await client.GetAsync($"/api/v1/shipments/{reference}/events?limit=500", Cancel))).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).ToArray();
        Assert.True(whole.Length > 3, "the shipment has more events than one page of 2");
        var paged = new List<string?>();
        string? cursor = null;
        string? firstCursor = null;
        do
        {
            var page = await Json.ReadAsync(await client.GetAsync($"/api/v1/shipments/{reference}/events?limit=2" + (cursor is null ? "" : "&cursor=" + cursor), Cancel));
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            firstCursor ??= cursor;
        }
        while (cursor is not null);
        Assert.Equal(whole, paged);

        var edited = firstCursor![..^2] + (firstCursor[^2] == 'A' ? "B" : "A") + firstCursor[^1];
        await Problems.AssertAsync(await client.GetAsync($"/api/v1/shipments/{reference}/events?limit=2&cursor={edited}", Cancel), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await client.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfB}/events?limit=2&cursor={firstCursor}", Cancel), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await client.GetAsync($"/api/v1/shipments/{reference}/events?limit=501", Cancel), HttpStatusCode.BadRequest);
        // A cursor is bound to its principal too.
        using var customs = fixture.As("customs");
        await Problems.AssertAsync(await customs.GetAsync($"/api/v1/shipments/{reference}/events?limit=2&cursor={firstCursor}", Cancel), HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// Many generated enterprise users ask for random references; the oracle is the analytics
    /// trace and the ledger's parties. A user gets a shipment exactly when its enterprise is a
    /// party, and never an event of a shipment it is not party to.
    /// </summary>
    [Fact]
    public async Task randomized_enterprise_users_never_see_another_enterprises_shipment()
    {
        var random = new Random(20260107);
        var events = fixture.EventsById.Values.ToArray();
        var traders = events.SelectMany(e => e.Parties).Select(p => p.Uscc).Distinct().Order(StringComparer.Ordinal).ToArray();
        var references = events.SelectMany(e => new[] { e.References.DeclarationNumber, e.References.MasterBill }.Concat(e.References.HouseBills).Concat(e.References.Containers))
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        var store = (PrincipalStore)fixture.Server.Services.GetService(typeof(PrincipalStore))!;
        var (served, refused) = (0, 0);
        foreach (var (uscc, n) in traders.OrderBy(_ => random.Next()).Take(12).Select((u, n) => (u, n)))
        {
            var id = $"random-user-{n}";
            store.Upsert(new Principal { Id = id, Role = n % 2 == 0 ? Role.Exporter : Role.Importer, Organisation = "generated", EnterpriseUscc = uscc });
            using var client = fixture.Server.Client(store.Issue(id).PlainText);
            // Half the references are the user's own, half anyone's: both answers get exercised.
            var own = references.Where(r => events.Any(e => e.Parties.Any(p => p.Uscc == uscc) && Names(e, r))).ToArray();
            foreach (var reference in own.OrderBy(_ => random.Next()).Take(6).Concat(references.OrderBy(_ => random.Next()).Take(6)))
            {
                var trace = await fixture.Analytics.TraceAsync(new TraceQuery(reference, MaxEvents: 2_000), Cancel);
                var isParty = trace.Events.Any(t => fixture.EventsById.TryGetValue(t.EventId, out var e) && e.Parties.Any(p => p.Uscc == uscc));
                var response = await client.GetAsync($"/api/v1/shipments/{Uri.EscapeDataString(reference)}/events?limit=500", Cancel);
                Assert.Equal(isParty ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
                if (isParty)
                {
                    served++;
                    var ids = (await Json.ReadAsync(response)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!).ToArray();
                    Assert.Subset(trace.Events.Select(e => e.EventId).ToHashSet(), ids.ToHashSet());
                }
                else
                {
                    refused++;
                }
            }
        }
        Assert.True(served > 10 && refused > 10, $"both answers exercised: {served} served, {refused} refused");
    }

    private static bool Names(Trade.Events.TradeEvent e, string reference) =>
        e.References.DeclarationNumber == reference || e.References.MasterBill == reference || e.References.HouseBills.Contains(reference) || e.References.Containers.Contains(reference);
}
