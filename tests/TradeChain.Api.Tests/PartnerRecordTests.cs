using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using TradeChain.Ingest.DeadLetters;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Pipeline;

namespace TradeChain.Api.Tests;

/// <summary>A partner's push receipts and dead letters: its own only, newest first, Kafka dead letters read from librdkafka's mock cluster.</summary>
[Trait("Category", "Api")]
public sealed class PartnerRecordTests
{
    private const string DeadLetterTopic = "tradechain.port-gate.dlq";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "customs-release-and-tax.json"));

    [Fact]
    public async Task a_partner_reads_its_own_receipts_and_dead_letters_newest_first()
    {
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic(DeadLetterTopic, 2);
        using (var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < 6; i++)
            {
                var partner = i % 2 == 0 ? WebhookWorld.PortPartner : "someone-else";
                var record = DeadLetterRecord.For(new Rejection("parse.edifact_segment", $"line {i}: segment UNH missing", "message"),
                    new SourcePosition("tradechain.port-gate", 0, 100 + i), partner, "edifact", null, Encoding.UTF8.GetBytes($"payload {i}"));
                var headers = new Headers();
                foreach (var (name, value) in record.Headers)
                {
                    headers.Add(name, Encoding.UTF8.GetBytes(value));
                }
                await producer.ProduceAsync(new TopicPartition(record.Topic, i % 2), new Message<byte[]?, byte[]> { Value = record.Value, Headers = headers }, Cancel);
            }
        }
        await using var world = await WebhookWorld.StartAsync(new Dictionary<string, string?>
        {
            ["Api:DeadLetters:BootstrapServers"] = cluster.BootstrapServers,
            ["Api:DeadLetters:Topics:0"] = DeadLetterTopic,
        });
        using var port = world.As("port-cntsn");

        var good = await PushAsync(port, Sample);
        var bad = await PushAsync(port, Sample.Replace("REL-", "REL-X", StringComparison.Ordinal).Replace("TAX-", "TAX-X", StringComparison.Ordinal).Replace("\"CSQU3054383\"", "\"CSQU3054384\"", StringComparison.Ordinal));
        Assert.Equal(1, bad.GetProperty("rejected").GetArrayLength());

        var first = await port.GetFromJsonAsync<JsonElement>("/api/v1/feeds/submissions?limit=1", Cancel);
        var newest = first.GetProperty("items").EnumerateArray().Single();
        Assert.Equal((1, 1), (newest.GetProperty("acceptedCount").GetInt32(), newest.GetProperty("rejectedCount").GetInt32()));
        Assert.Equal(bad.GetProperty("rejected")[0].GetProperty("reason").GetString(), newest.GetProperty("rejected")[0].GetProperty("reason").GetString());
        var second = await port.GetFromJsonAsync<JsonElement>($"/api/v1/feeds/submissions?limit=1&cursor={first.GetProperty("nextCursor").GetString()}", Cancel);
        var older = second.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(good.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()), older.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()));
        Assert.False(second.TryGetProperty("nextCursor", out _));

        var letters = (await port.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?limit=50", Cancel)).GetProperty("items").EnumerateArray().ToArray();
        var kafka = letters.Where(l => l.GetProperty("source").GetString() == "kafka").ToArray();
        Assert.Equal(3, kafka.Length);
        Assert.All(kafka, l =>
        {
            Assert.Equal(DeadLetterTopic, l.GetProperty("topic").GetString());
            Assert.Equal("parse.edifact_segment", l.GetProperty("code").GetString());
            Assert.Equal("tradechain.port-gate", l.GetProperty("originalTopic").GetString());
            // Only this partner's: its records were produced at even original offsets.
            Assert.Equal(0, l.GetProperty("originalOffset").GetInt64() % 2);
        });
        var pushed = letters.Single(l => l.GetProperty("source").GetString() == "https-push");
        Assert.Contains("CSQU3054384", pushed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(letters.Select(l => l.GetProperty("at").GetDateTimeOffset()).OrderDescending(), letters.Select(l => l.GetProperty("at").GetDateTimeOffset()));

        using var customs = world.As("customs");
        await Problems.AssertAsync(await customs.GetAsync("/api/v1/feeds/submissions", Cancel), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await customs.GetAsync("/api/v1/dead-letters", Cancel), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await port.GetAsync("/api/v1/feeds/submissions?limit=501", Cancel), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await port.GetAsync("/api/v1/dead-letters?cursor=forged", Cancel), HttpStatusCode.BadRequest);
    }

    private static async Task<JsonElement> PushAsync(HttpClient client, string message)
    {
        var response = await client.PostAsync("/api/v1/feeds/tradechain-json?feed=customs-status", new StringContent(message, Encoding.UTF8, "application/json"), Cancel);
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }
}
