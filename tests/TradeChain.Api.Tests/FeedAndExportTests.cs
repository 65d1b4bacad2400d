using System.Net;
using System.Text;
using Apache.Arrow.Ipc;
using TradeChain.Api.Access;

namespace TradeChain.Api.Tests;

[Trait("Category", "Api")]
public sealed class FeedAndExportTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "customs-release-and-tax.json"));

    [Fact]
    public async Task a_partner_push_is_signed_submitted_and_answered_per_event()
    {
        using var port = fixture.As("port-cntsn");
        // Unique source references, so this test owns its events in the shared submitter.
        var message = Sample.Replace("REL-", "REL-" + Guid.NewGuid().ToString("N")[..8] + "-", StringComparison.Ordinal).Replace("TAX-", "TAX-" + Guid.NewGuid().ToString("N")[..8] + "-", StringComparison.Ordinal);
        var first = await Json.ReadAsync(await port.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new StringContent(message, Encoding.UTF8, "application/json"), Cancel));
        Assert.Equal((2, 0, 0), (first.GetProperty("accepted").GetArrayLength(), first.GetProperty("duplicates").GetArrayLength(), first.GetProperty("rejected").GetArrayLength()));

        var again = await Json.ReadAsync(await port.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new StringContent(message, Encoding.UTF8, "application/json"), Cancel));
        Assert.Equal((0, 2), (again.GetProperty("accepted").GetArrayLength(), again.GetProperty("duplicates").GetArrayLength()));
        Assert.Equal(first.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()), again.GetProperty("duplicates").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task a_pushed_declaration_reaches_the_ledger_with_its_details_sealed_under_the_members_key()
    {
        using var port = fixture.As("port-cntsn");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var message = Sample.Replace("REL-", "REL-" + tag + "-", StringComparison.Ordinal).Replace("TAX-", "TAX-" + tag + "-", StringComparison.Ordinal);
        var receipt = await Json.ReadAsync(await port.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new StringContent(message, Encoding.UTF8, "application/json"), Cancel));
        Assert.Equal(2, receipt.GetProperty("accepted").GetArrayLength());

        var withDetails = fixture.Submitter.Accepted.Where(e => e.SourceReference.Contains(tag, StringComparison.Ordinal) && e.Sensitive is not null).ToList();
        var submitted = Assert.Single(withDetails);
        Assert.True(submitted.Sensitive!.IsSealed);
        var id = submitted.ComputeEventId(fixture.Chain.Suite).ToString();
        var opened = new SymmetricKeyOpener(fixture.Chain.Suite, fixture.SensitiveKey).TryOpen(id, submitted.Sensitive.Sealed!);
        Assert.Equal(1286400.00m, opened?.DeclaredValue);
        Assert.Null(new SymmetricKeyOpener(fixture.Chain.Suite, fixture.SensitiveKey).TryOpen(receipt.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()!).First(i => i != id), submitted.Sensitive.Sealed!));
    }

    [Fact]
    public async Task invalid_items_are_rejected_with_their_code_and_the_rest_accepted()
    {
        using var port = fixture.As("port-cntsn");
        var message = Sample.Replace("REL-", "REL-" + Guid.NewGuid().ToString("N")[..8] + "-", StringComparison.Ordinal)
            .Replace("TAX-", "TAX-" + Guid.NewGuid().ToString("N")[..8] + "-", StringComparison.Ordinal)
            .Replace("\"CSQU3054383\"", "\"CSQU3054384\"", StringComparison.Ordinal);
        var receipt = await Json.ReadAsync(await port.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new StringContent(message, Encoding.UTF8, "application/json"), Cancel));
        var rejected = receipt.GetProperty("rejected").EnumerateArray().Single();
        Assert.StartsWith("REL-", rejected.GetProperty("item").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(rejected.GetProperty("code").GetString()));
        Assert.Contains("CSQU3054384", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, receipt.GetProperty("accepted").GetArrayLength());

        var unknown = await Json.ReadAsync(await port.PostAsync("/api/v1/feeds/yaml?feed=customs-status", new StringContent("x: 1"), Cancel));
        Assert.Equal("ingest.format_unknown", unknown.GetProperty("rejected")[0].GetProperty("code").GetString());
        await Problems.AssertAsync(await port.PostAsync("/api/v1/feeds/tradechain-json?feed=teleport", new StringContent("{}"), Cancel), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await port.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new ByteArrayContent([]), Cancel), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task an_unavailable_node_is_a_503_problem_with_retry_after()
    {
        using var port = fixture.As("port-cntsn");
        var message = Sample.Replace("REL-", "REL-" + Guid.NewGuid().ToString("N")[..8] + "-", StringComparison.Ordinal);
        fixture.Submitter.Unavailable = true;
        try
        {
            var response = await port.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new StringContent(message, Encoding.UTF8, "application/json"), Cancel);
            await Problems.AssertAsync(response, HttpStatusCode.ServiceUnavailable, Problems.LedgerUnavailableType);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        finally
        {
            fixture.Submitter.Unavailable = false;
        }
    }

    [Fact]
    public async Task kpis_export_as_csv_arrow_and_parquet_with_the_same_rows()
    {
        using var bureau = fixture.As("bureau");
        const string query = "/api/v1/kpis?clock=customs_clearance&from=2025-12-01&to=2026-03-01&groupBy=port,mode,period&period=week";
        var json = await Json.ReadAsync(await bureau.GetAsync(query, Cancel));
        var rows = json.GetProperty("rows").GetArrayLength();
        Assert.True(rows > 2, json.ToString());

        var csv = await bureau.GetAsync(query + "&format=csv", Cancel);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("clock,period,port,mode,direction,enterprise,shipments", lines[0], StringComparison.Ordinal);
        Assert.Equal(rows + 1, lines.Length);

        var arrow = await bureau.GetAsync(query + "&format=arrow", Cancel);
        using var reader = new ArrowStreamReader(await arrow.Content.ReadAsStreamAsync(Cancel));
        var batch = await reader.ReadNextRecordBatchAsync(Cancel);
        Assert.Equal(rows, batch.Length);
        Assert.Equal("false", batch.Schema.Metadata["truncated"]);

        var parquet = await bureau.GetByteArrayAsync(query + "&format=parquet", Cancel);
        Assert.Equal("PAR1"u8.ToArray(), parquet[..4]);
        Assert.Equal("PAR1"u8.ToArray(), parquet[^4..]);

        await Problems.AssertAsync(await bureau.GetAsync(query + "&format=xlsx", Cancel), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task operators_see_the_nodes_status()
    {
        using var operatorClient = fixture.As("operator");
        var status = await Json.ReadAsync(await operatorClient.GetAsync("/api/v1/node/status", Cancel));
        Assert.Equal(fixture.Ledger.Tip!.Height, status.GetProperty("height").GetUInt64());
        Assert.Equal(fixture.Chain.Validators.Count, status.GetProperty("validators").GetInt32());
    }
}
