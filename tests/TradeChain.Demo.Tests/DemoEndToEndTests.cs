using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using DuckDB.NET.Data;
using TradeChain.Ingest.Pipeline;
using TradeChain.Node.Client;
using TradeChain.Testing;

namespace TradeChain.Demo.Tests;

/// <summary>
/// <c>tradechain demo</c> as a real process with a fixed seed, checked from outside as a user
/// would: through the API with the keys it prints, each node's client port, the Kafka dead-letter
/// topics, and the analytics file once it has stopped. The long variant adds a second run over
/// the same data (about 100 s in all).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class DemoEndToEndTests
{
    // Idle, the demo settles in about 25 s; on the 2-core CI machine with other test assemblies running
    // beside it, starting the four node processes alone has taken 34 s. A bound, not a target.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    /// <summary>16 shipments (four of each kind) at twenty simulated hours a second: about three simulated days, sent within seconds.</summary>
    private static readonly string[] RunOptions = ["--seed", "7", "--shipments", "16", "--rate", "8", "--speed", "72000", "--malformed", "0.05"];

    [Fact]
    public async Task Every_acknowledged_event_is_on_every_node_and_once_in_analytics_the_kpis_are_plausible_and_the_dead_letters_are_the_malformed()
    {
        using var temp = new TempDirectory();
        await FirstRunAsync(temp.File("demo"));
    }

    [Fact]
    [Trait("Duration", "Long")]
    public async Task A_second_run_over_the_same_data_resumes_the_ledger_and_duplicates_nothing()
    {
        using var temp = new TempDirectory();
        var data = temp.File("demo");
        var firstHeight = await FirstRunAsync(data);
        using (var second = DemoProcess.Start(data, RunOptions))
        {
            await second.WaitForAsync(Resuming(), TimeSpan.FromSeconds(5));
            var committing = await second.WaitForAsync(Committing(), SettleTimeout);
            Assert.True(ulong.Parse(committing.Groups["height"].Value, CultureInfo.InvariantCulture) >= firstHeight, $"the ledger restarted below height {firstHeight}:\n{second.Output}");
            await second.WaitForAsync(Settled(), SettleTimeout);
            // The same seed on the same day sends the same messages again: the nodes report them as duplicates.
            var acknowledged = Distinct(AcknowledgementJournal.ReadAll(data));
            await AssertOnEveryNodeAsync(second.NodeAddresses, acknowledged);
            using var api = Api(second, "regulator");
            await AssertOnceThroughTheApiAsync(api, acknowledged);
            Assert.Equal(0, await second.StopAsync(StopTimeout));
        }
        AssertOnceInTheAnalyticsFile(data, Distinct(AcknowledgementJournal.ReadAll(data)));
    }

    /// <summary>Runs the demo over <paramref name="data"/> until it settles, checks it from outside, stops it; returns its last height.</summary>
    private static async Task<ulong> FirstRunAsync(string data)
    {
        ulong height;
        using (var demo = DemoProcess.Start(data, RunOptions))
        {
            await demo.WaitForAsync(Settled(), SettleTimeout);
            var acknowledged = Distinct(AcknowledgementJournal.ReadAll(data));
            Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} events acknowledged:\n{demo.Output}");
            await AssertOnEveryNodeAsync(demo.NodeAddresses, acknowledged);
            using var api = Api(demo, "regulator");
            await AssertOnceThroughTheApiAsync(api, acknowledged);
            using var bureau = Api(demo, "commerce-bureau");
            await AssertKpisPlausibleAsync(bureau);
            await AssertDetailsSealedAtIngestAsync(api, bureau, acknowledged);
            AssertDeadLettersAreTheMalformed(demo);
            await AssertDashboardLoginAsync(demo);

            Assert.Equal(0, await demo.StopAsync(StopTimeout));
            var summary = await demo.WaitForAsync(Summary(), TimeSpan.FromSeconds(5));
            height = ulong.Parse(summary.Groups["height"].Value, CultureInfo.InvariantCulture);
            Assert.All(demo.NodePids, pid => Assert.False(DemoProcess.IsAlive(pid), $"node process {pid} survived the demo"));
        }
        AssertOnceInTheAnalyticsFile(data, Distinct(AcknowledgementJournal.ReadAll(data)));
        return height;
    }

    private static IReadOnlyList<AcknowledgedEvent> Distinct(IReadOnlyList<AcknowledgedEvent> events) => events.DistinctBy(e => e.EventId).ToArray();

    /// <summary>Each node answers with a proof of every event: it is committed there.</summary>
    private static async Task AssertOnEveryNodeAsync(IReadOnlyList<string> nodes, IReadOnlyList<AcknowledgedEvent> events)
    {
        Assert.Equal(4, nodes.Count);
        await Task.WhenAll(nodes.Select(async address =>
        {
            using var client = new LedgerClient(address);
            var missing = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (e, cancellationToken) =>
            {
                try
                {
                    var proof = await client.GetEventProofJsonAsync(e.EventId, cancellationToken);
                    // The node proves only committed events (NotFound otherwise).
                    Assert.Contains("tradechain.event-proof/1", proof, StringComparison.Ordinal);
                }
                catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
                {
                    missing.Add(e.EventId);
                }
            });
            Assert.True(missing.IsEmpty, $"{missing.Count} of {events.Count} acknowledged events are not on the node at {address}: {string.Join(", ", missing.Take(5))}");
            var status = await client.GetStatusAsync();
            Assert.Equal(0u, status.MempoolBatches);
        }));
    }

    /// <summary>
    /// Ingest sealed every event's details under the consortium's key: the regulator reads them
    /// opened by the API (plaintext, not "sealed"), and the bureau, which may not read them, still
    /// gets the events' proofs (plaintext details on the ledger would refuse them).
    /// </summary>
    private static async Task AssertDetailsSealedAtIngestAsync(HttpClient regulator, HttpClient bureau, IReadOnlyList<AcknowledgedEvent> events)
    {
        var withDetails = new List<(string MasterBill, string EventId)>();
        foreach (var masterBill in events.Where(e => e.DeclarationNumber is not null).Select(e => e.MasterBill!).Distinct(StringComparer.Ordinal).Take(4))
        {
            var page = await regulator.GetFromJsonAsync<JsonElement>($"/api/v1/shipments/{masterBill}/events?limit=500");
            foreach (var item in page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("sensitive").GetProperty("state").GetString() != "absent"))
            {
                Assert.Equal("plaintext", item.GetProperty("sensitive").GetProperty("state").GetString());
                withDetails.Add((masterBill, item.GetProperty("eventId").GetString()!));
            }
        }
        Assert.NotEmpty(withDetails);
        foreach (var (masterBill, eventId) in withDetails.Take(5))
        {
            using var proof = await bureau.GetAsync($"/api/v1/shipments/{masterBill}/events/{eventId}/proof");
            Assert.True(proof.StatusCode == System.Net.HttpStatusCode.OK, $"the bureau's proof of {eventId}: {(int)proof.StatusCode} {await proof.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Each acknowledged event appears exactly once among its shipment's events, as the API lists them from analytics.</summary>
    private static async Task AssertOnceThroughTheApiAsync(HttpClient api, IReadOnlyList<AcknowledgedEvent> events)
    {
        Assert.All(events, e => Assert.NotNull(e.MasterBill));
        foreach (var shipment in events.GroupBy(e => e.MasterBill!))
        {
            var listed = new List<string>();
            string? cursor = null;
            do
            {
                var page = await api.GetFromJsonAsync<JsonElement>($"/api/v1/shipments/{shipment.Key}/events?limit=500{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
                listed.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()!));
                cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
            while (cursor is not null);
            Assert.True(listed.Count == listed.Distinct(StringComparer.Ordinal).Count(), $"{shipment.Key}: an event is listed twice");
            Assert.All(shipment, e => Assert.True(listed.Count(id => id == e.EventId) == 1, $"{shipment.Key}: event {e.EventId} listed {listed.Count(id => id == e.EventId)} times"));
        }
    }

    /// <summary>Border compliance per mode, from the API: sea import around the configured 36 h, sea export around 20 h, air faster than sea.</summary>
    private static async Task AssertKpisPlausibleAsync(HttpClient bureau)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        async Task<Dictionary<string, (long Count, double P50Hours)>> ByMode(string clock)
        {
            var result = await bureau.GetFromJsonAsync<JsonElement>(
                $"/api/v1/kpis?clock={clock}&from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}&groupBy=mode");
            return result.GetProperty("rows").EnumerateArray().ToDictionary(
                r => r.GetProperty("mode").GetString()!,
                r => (r.GetProperty("count").GetInt64(), r.GetProperty("p50Ms").GetInt64() / 3_600_000.0));
        }
        var imports = await ByMode("border_compliance_import");
        var exports = await ByMode("border_compliance_export");
        // Four shipments of each kind: every one is measured once all its milestones are in.
        Assert.Equal(4, imports["Sea"].Count);
        Assert.Equal(4, imports["Air"].Count);
        Assert.Equal(4, exports["Sea"].Count);
        Assert.Equal(4, exports["Air"].Count);
        Assert.InRange(imports["Sea"].P50Hours, 18, 72);
        Assert.InRange(exports["Sea"].P50Hours, 8, 48);
        Assert.InRange(imports["Air"].P50Hours, 0.5, 16);
        Assert.InRange(exports["Air"].P50Hours, 0.5, 16);
        Assert.True(imports["Air"].P50Hours < imports["Sea"].P50Hours, "air imports clear faster than sea imports");
        Assert.True(exports["Sea"].P50Hours < imports["Sea"].P50Hours, "sea exports clear faster than sea imports");
    }

    /// <summary>The records on the dead-letter topics, by error code, are the malformed messages the simulator says it sent, by kind.</summary>
    private static void AssertDeadLettersAreTheMalformed(DemoProcess demo)
    {
        var injected = Counts(demo.All(MalformedByKind()).Single().Groups["kinds"].Value);
        Assert.NotEmpty(injected);
        var bootstrap = demo.All(Kafka()).Single().Groups["bootstrap"].Value;
        var topics = new[] { DemoMembers.Customs, DemoMembers.Port, DemoMembers.Airport }
            .SelectMany(m => DemoMembers.Topics(m).ByTopic().Keys).Select(t => t + IngestHeaders.DeadLetterTopicSuffix).ToArray();
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "demo-e2e-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign(topics.Select(t => new TopicPartitionOffset(t, 0, Offset.Beginning)));
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var quietUntil = DateTime.MaxValue;
        // Read until the expected number arrived, then a little longer so that an extra record would show.
        while (DateTime.UtcNow < deadline && DateTime.UtcNow < quietUntil)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message })
            {
                var code = message.Headers.TryGetLastBytes(IngestHeaders.ErrorCode, out var bytes) ? Encoding.UTF8.GetString(bytes) : "(no code)";
                found[code] = found.GetValueOrDefault(code) + 1;
            }
            if (quietUntil == DateTime.MaxValue && found.Values.Sum() >= injected.Values.Sum())
            {
                quietUntil = DateTime.UtcNow + TimeSpan.FromSeconds(1.5);
            }
        }
        consumer.Close();
        Assert.Equal(injected.OrderBy(k => k.Key, StringComparer.Ordinal), found.OrderBy(k => k.Key, StringComparer.Ordinal));
    }

    /// <summary>A printed dashboard login signs in for a bearer token; a wrong password does not.</summary>
    private static async Task AssertDashboardLoginAsync(DemoProcess demo)
    {
        var login = demo.All(Login()).First(m => m.Groups["role"].Value == "commerce-bureau");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{demo.ApiPort}") };
        using var signedIn = await http.PostAsJsonAsync("/api/v1/auth/token", new { principal = login.Groups["login"].Value, password = login.Groups["password"].Value });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        using var refused = await http.PostAsJsonAsync("/api/v1/auth/token", new { principal = login.Groups["login"].Value, password = login.Groups["password"].Value + "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>The stopped demo's DuckDB file: every acknowledged event is there, and no event id twice.</summary>
    private static void AssertOnceInTheAnalyticsFile(string data, IReadOnlyList<AcknowledgedEvent> events)
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(data, "analytics", "analytics.duckdb")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, count(*) FROM events GROUP BY event_id";
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        Assert.DoesNotContain(counts, c => c.Value != 1);
        Assert.All(events, e => Assert.True(counts.ContainsKey(e.EventId), $"event {e.EventId} is not in analytics"));
    }

    private static HttpClient Api(DemoProcess demo, string role)
    {
        var key = demo.All(ApiKey()).First(m => m.Groups["role"].Value == role).Groups["key"].Value;
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{demo.ApiPort}") };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static Dictionary<string, int> Counts(string kinds) => kinds == "none"
        ? []
        : kinds.Split(", ").Select(k => k.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    [GeneratedRegex(@"^settled: ")]
    private static partial Regex Settled();

    [GeneratedRegex(@"^resuming the consortium in ")]
    private static partial Regex Resuming();

    [GeneratedRegex(@"^consortium committing \(height (?<height>\d+)\)")]
    private static partial Regex Committing();

    [GeneratedRegex(@"^summary: .*, height (?<height>\d+), analytics height (?<analytics>\d+)$")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^  malformed by kind: (?<kinds>.*)$")]
    private static partial Regex MalformedByKind();

    [GeneratedRegex(@"^kafka \(librdkafka mock cluster\) at (?<bootstrap>\S+)$")]
    private static partial Regex Kafka();

    [GeneratedRegex(@"^  api key (?<role>\S+)\s+(?<key>\S+)$")]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"^  login (?<role>\S+)\s+(?<login>\S+)\s+password (?<password>\S+)$")]
    private static partial Regex Login();
}
