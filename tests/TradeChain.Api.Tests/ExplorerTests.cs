using System.Net;
using System.Text.Json;
using TradeChain.Api.Problems;
using TradeChain.Ledger;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Tests;

/// <summary>The ledger explorer against the fixture's real ledger store: every answer is compared with the store's own blocks.</summary>
[Trait("Category", "Api")]
public sealed class ExplorerTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task blocks_are_listed_newest_first_page_by_page_down_to_genesis()
    {
        using var client = fixture.As("exporter-a");
        var tip = fixture.Ledger.Tip!.Height;
        var heights = new List<ulong>();
        string? cursor = null;
        do
        {
            var page = await Json.ReadAsync(await client.GetAsync("/api/v1/explorer/blocks?limit=7" + (cursor is null ? "" : "&cursor=" + cursor), Cancel));
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var height = item.GetProperty("height").GetUInt64();
                var block = fixture.Ledger.ReadBlock(height)!;
                Assert.Equal(block.Id.ToString(), item.GetProperty("blockId").GetString());
                Assert.Equal(block.Transactions.Count, item.GetProperty("transactionCount").GetInt32());
                Assert.Equal("02_001", item.GetProperty("dataIdentifiers").GetProperty("height").GetString());
                Assert.Equal("02_006", item.GetProperty("dataIdentifiers").GetProperty("timestampMs").GetString());
                heights.Add(height);
            }
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Range(0, (int)tip + 1).Select(h => (ulong)h).Reverse(), heights);
    }

    [Fact]
    public async Task block_pages_are_bounded_and_cursors_are_bound_to_the_principal()
    {
        using var exporter = fixture.As("exporter-a");
        var problem = await Problems.AssertAsync(await exporter.GetAsync("/api/v1/explorer/blocks?limit=101", Cancel), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains("1..100", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var first = await Json.ReadAsync(await exporter.GetAsync("/api/v1/explorer/blocks?limit=2", Cancel));
        var cursor = first.GetProperty("nextCursor").GetString();
        using var bureau = fixture.As("bureau");
        await Problems.AssertAsync(await bureau.GetAsync($"/api/v1/explorer/blocks?limit=2&cursor={cursor}", Cancel), HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task a_block_shows_its_header_certificate_signers_and_transactions_by_their_data_names()
    {
        using var client = fixture.As("port-cntsn");
        var block = fixture.Ledger.ReadBlock(2)!;
        var view = await Json.ReadAsync(await client.GetAsync("/api/v1/explorer/blocks/2", Cancel));
        Assert.Equal(block.Id.ToString(), view.GetProperty("blockId").GetString());
        Assert.Equal(fixture.Ledger.ReadBlock(1)!.Id.ToString(), view.GetProperty("previousBlockId").GetString());
        Assert.Equal(block.Header.TransactionsRoot.ToString(), view.GetProperty("transactionsRoot").GetString());
        Assert.Equal(block.Header.StateRoot.ToString(), view.GetProperty("stateRoot").GetString());
        var ids = view.GetProperty("dataIdentifiers");
        Assert.Equal(("02_002", "02_004", "02_005", "02_007"), (ids.GetProperty("blockId").GetString(), ids.GetProperty("previousBlockId").GetString(), ids.GetProperty("transactionsRoot").GetString(), ids.GetProperty("transactions").GetString()));
        Assert.Equal("extension", ids.GetProperty("stateRoot").GetString());

        var signers = view.GetProperty("certificate").GetProperty("signers").EnumerateArray().ToArray();
        Assert.Equal(block.Certificate!.Signatures.Count, signers.Length);
        var validators = fixture.Chain.Validators.Validators;
        Assert.All(signers, s => Assert.Equal(validators[s.GetProperty("validatorIndex").GetInt32()].MemberId, s.GetProperty("memberId").GetString()));

        var transactions = view.GetProperty("transactions").EnumerateArray().ToArray();
        Assert.Equal(block.Transactions.Select(t => t.ComputeId(block.Suite).ToString()), transactions.Select(t => t.GetProperty("transactionId").GetString()));
        Assert.All(transactions, t => Assert.Equal("eventBatch", t.GetProperty("type").GetString()));

        await Problems.AssertAsync(await client.GetAsync($"/api/v1/explorer/blocks/{fixture.Ledger.Tip!.Height + 1}", Cancel), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await client.GetAsync("/api/v1/explorer/blocks/minus-one", Cancel), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_transaction_shows_its_signers_batch_header_and_event_ids()
    {
        using var client = fixture.As("tax");
        var block = fixture.Ledger.ReadBlock(3)!;
        var transaction = block.Transactions[^1];
        var id = transaction.ComputeId(block.Suite).ToString();
        var view = await Json.ReadAsync(await client.GetAsync($"/api/v1/explorer/transactions/{id}", Cancel));
        Assert.Equal(id, view.GetProperty("transactionId").GetString());
        Assert.Equal(3UL, view.GetProperty("height").GetUInt64());
        Assert.Equal(block.Transactions.Count - 1, view.GetProperty("index").GetInt32());
        Assert.Equal(transaction.Signers, view.GetProperty("signers").EnumerateArray().Select(s => s.GetString()));
        var ids = view.GetProperty("dataIdentifiers");
        Assert.Equal(("03_001", "03_002", "03_003", "03_004", "03_007"), (ids.GetProperty("transactionId").GetString(), ids.GetProperty("type").GetString(), ids.GetProperty("signers").GetString(), ids.GetProperty("timestampMs").GetString(), ids.GetProperty("data").GetString()));

        var data = view.GetProperty("data");
        var batch = transaction.Batch;
        Assert.Equal(batch.Header.MemberId, data.GetProperty("batchHeader").GetProperty("memberId").GetString());
        Assert.Equal(batch.Header.EventsRoot.ToString(), data.GetProperty("batchHeader").GetProperty("eventsRoot").GetString());
        Assert.Equal(Enumerable.Range(0, batch.Leaves.Count).Select(i => batch.EventId(i).ToString()), data.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));

        await Problems.AssertAsync(await client.GetAsync("/api/v1/explorer/transactions/sha256:" + new string('0', 64), Cancel), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await client.GetAsync("/api/v1/explorer/transactions/not-a-digest", Cancel), HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task an_event_is_located_on_the_ledger_and_its_proof_link_serves_the_proof()
    {
        var (eventId, _) = DeclarationFiledOfA();
        using var customs = fixture.As("customs");
        var view = await Json.ReadAsync(await customs.GetAsync($"/api/v1/explorer/events/{eventId}", Cancel));
        var location = fixture.Ledger.FindEvent(TradeChain.Crypto.Digest.Parse(eventId))!.Value;
        Assert.Equal(location.Height, view.GetProperty("height").GetUInt64());
        Assert.Equal(fixture.Ledger.ReadBlock(location.Height)!.Id.ToString(), view.GetProperty("blockId").GetString());
        var block = fixture.Ledger.ReadBlock(location.Height)!;
        Assert.Equal(block.Transactions[view.GetProperty("transactionIndex").GetInt32()].ComputeId(block.Suite).ToString(), view.GetProperty("transactionId").GetString());
        Assert.Equal("DeclarationFiled", view.GetProperty("event").GetProperty("eventType").GetString());
        Assert.Equal("plaintext", view.GetProperty("event").GetProperty("sensitive").GetProperty("state").GetString());

        var proof = await customs.GetAsync(view.GetProperty("proofLink").GetString(), Cancel);
        Assert.Equal(HttpStatusCode.OK, proof.StatusCode);
        Assert.Equal(fixture.EventsById[eventId], TradeChain.Api.Ledger.LedgerEvents.FromProof(eventId, await proof.Content.ReadAsStringAsync(Cancel)).Event);
    }

    [Theory]
    [InlineData("exporter-a", 200, "withheld", true, false)]
    [InlineData("importer-b", 404, null, false, false)]
    [InlineData("bureau", 200, "withheld", true, false)]
    [InlineData("customs", 200, "plaintext", true, true)]
    [InlineData("port-cntsn", 200, "withheld", false, false)]
    [InlineData("airport-cnpek", 404, null, false, false)]
    [InlineData("regulator", 200, "plaintext", true, true)]
    [InlineData("operator", 403, null, false, false)]
    public async Task an_event_shows_what_shipments_show_the_caller_and_a_proof_only_when_it_hides_nothing(string principal, int status, string? sensitive, bool seesParties, bool proofOffered)
    {
        var (eventId, _) = DeclarationFiledOfA();
        using var client = fixture.As(principal);
        var response = await client.GetAsync($"/api/v1/explorer/events/{eventId}", Cancel);
        if (status != 200)
        {
            await Problems.AssertAsync(response, (HttpStatusCode)status);
            return;
        }
        var view = await Json.ReadAsync(response);
        var tradeEvent = view.GetProperty("event");
        Assert.Equal(sensitive, tradeEvent.GetProperty("sensitive").GetProperty("state").GetString());
        Assert.Equal(seesParties, tradeEvent.TryGetProperty("parties", out _));
        Assert.Equal(proofOffered, view.TryGetProperty("proofLink", out _));
        Assert.Equal(!proofOffered, view.TryGetProperty("proofRefusal", out _));
    }

    [Fact]
    public async Task every_batch_event_of_a_block_links_to_an_event_view_for_the_bureau()
    {
        using var bureau = fixture.As("bureau");
        var block = await Json.ReadAsync(await bureau.GetAsync("/api/v1/explorer/blocks/1", Cancel));
        var transaction = await Json.ReadAsync(await bureau.GetAsync(block.GetProperty("transactions")[0].GetProperty("link").GetString(), Cancel));
        foreach (var e in transaction.GetProperty("data").GetProperty("events").EnumerateArray().Take(5))
        {
            var view = await Json.ReadAsync(await bureau.GetAsync(e.GetProperty("link").GetString(), Cancel));
            Assert.Equal(1UL, view.GetProperty("height").GetUInt64());
            Assert.Equal(e.GetProperty("leafIndex").GetInt64(), view.GetProperty("leafIndex").GetInt64());
        }
    }

    private (string EventId, TradeEvent Event) DeclarationFiledOfA()
    {
        var found = fixture.EventsById.First(e => e.Value.EventType == TradeEventType.DeclarationFiled && e.Value.References.DeclarationNumber == fixture.DeclarationOfA);
        return (found.Key, found.Value);
    }
}
