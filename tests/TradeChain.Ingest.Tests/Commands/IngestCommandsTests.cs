using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Confluent.Kafka;
using TradeChain.Crypto;
using TradeChain.Ingest.Commands;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Submission;
using TradeChain.Ingest.Tests.Kafka;
using TradeChain.Testing;

namespace TradeChain.Ingest.Tests.Commands;

/// <summary>
/// <c>tradechain ingest check | run | replay-dlq</c>, invoked as the program invokes them: check on
/// the sample files; run and replay-dlq on librdkafka's mock cluster with an in-process ledger in
/// place of the node.
/// </summary>
[Trait("Category", "Ingest")]
public sealed class IngestCommandsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private sealed record Result(int ExitCode, string Output, string Error);

    private static async Task<Result> InvokeAsync(IBatchSubmitter? ledger, CancellationToken cancellationToken, params string[] args)
    {
        var root = new RootCommand { IngestCommand.Create(ledger is null ? null : _ => ledger) };
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        var exitCode = await parse.InvokeAsync(new InvocationConfiguration { Output = TextWriter.Synchronized(output), Error = TextWriter.Synchronized(error) }, cancellationToken);
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A config file as an operator writes it: the Ingest section and the member's key.</summary>
    private string WriteConfig(IngestOptions options)
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        File.WriteAllText(_directory.File("member.key.pem"), key.ExportPkcs8Pem());
        var sensitiveKeyFile = _directory.File("sensitive.key");
        File.WriteAllText(sensitiveKeyFile, options.SensitiveKey + "\n");
        var json = JsonSerializer.Serialize(
            new
            {
                Ingest = new
                {
                    options.MemberId, options.BootstrapServers, options.GroupId, options.Kafka, options.BatchMaxEvents, options.BatchMaxDelayMs,
                    options.RetryInitialDelayMs, options.RetryMaxDelayMs, options.ShutdownFlushTimeoutMs, options.RevokeFlushTimeoutMs, options.Partners,
                    SensitiveKeyFile = sensitiveKeyFile,
                },
                Ledger = new { NodeAddress = "http://127.0.0.1:1", Suite = "sm", MemberKeyFile = "member.key.pem" },
            },
            new JsonSerializerOptions { WriteIndented = true, Converters = { new JsonStringEnumConverter() } });
        var path = _directory.File("ingest.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string SamplePath(string relative) => Path.Combine(AppContext.BaseDirectory, "Samples", relative);

    [Theory]
    [InlineData("edifact/codeco-gate-in-out.edi", "tjpct-gate", FeedFormats.EdifactName, "port-gate")]
    [InlineData("cargo-xml/xfsu-departure.xml", "bgs-cargo", FeedFormats.CargoXmlName, "movements")]
    [InlineData("dcsa/tnt-events.json", "cosco-dcsa", FeedFormats.DcsaName, "movements")]
    public async Task Check_prints_the_canonical_events_of_a_good_file_and_exits_0(string sample, string partner, string format, string feed)
    {
        using var harness = new KafkaHarness(partitions: 1);
        var config = WriteConfig(harness.Options());

        var result = await InvokeAsync(null, TestContext.Current.CancellationToken, "ingest", "check", "--format", format, "--partner", partner, "--feed", feed, "--config", config, SamplePath(sample));

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            using var parsed = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
        });
        Assert.Contains("passes", result.Error);
    }

    [Fact]
    public async Task Check_prints_every_coded_error_with_its_position_and_exits_1()
    {
        var truncated = _directory.File("truncated.xml");
        File.WriteAllBytes(truncated, File.ReadAllBytes(SamplePath("cargo-xml/xfsu-departure.xml"))[..700]);
        var badCheckDigit = _directory.File("bad-check-digit.edi");
        File.WriteAllText(badCheckDigit, File.ReadAllText(SamplePath("edifact/codeco-custom-separators.edi")).Replace("OOLU1882343", "OOLU1882344", StringComparison.Ordinal));

        var xml = await InvokeAsync(null, TestContext.Current.CancellationToken, "ingest", "check", "--format", "cargo-xml", "--partner", "bgs-cargo", truncated);
        var edi = await InvokeAsync(null, TestContext.Current.CancellationToken, "ingest", "check", "--format", "edifact", "--partner", "tjpct-gate", badCheckDigit);

        Assert.Equal(1, xml.ExitCode);
        Assert.StartsWith("REJECTED message [xml.", xml.Output, StringComparison.Ordinal);
        Assert.Contains("line ", xml.Output, StringComparison.Ordinal);
        Assert.Equal(1, edi.ExitCode);
        Assert.Contains("REJECTED ", edi.Output, StringComparison.Ordinal);
        Assert.Contains("OOLU1882344", edi.Output, StringComparison.Ordinal);
        Assert.Contains("does not pass", edi.Error);
    }

    [Fact]
    public async Task Run_hosts_the_worker_until_cancelled_and_commits_what_the_ledger_accepted()
    {
        using var harness = new KafkaHarness(partitions: 1);
        var ledger = new InMemoryLedger();
        var config = WriteConfig(harness.Options());
        await harness.ProduceAsync([new PartnerMessage(KafkaHarness.Topics.PortGate, "tjpct", Samples.Bytes("edifact/codeco-gate-in-out.edi"), "tjpct-gate", FeedFormats.EdifactName)]);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = InvokeAsync(ledger, stop.Token, "ingest", "run", "--config", config);
        await ledger.WaitForEventsAsync(1, Patience);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        var result = await run;

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ingest run: stopped", result.Output, StringComparison.Ordinal);
        Assert.All(ledger.Events, e => Assert.Equal("tjpct-gos", e.SourceSystem));
        Assert.Equal(0, harness.Uncommitted(KafkaHarness.Topics.PortGate));
    }

    [Fact]
    public async Task Replay_dlq_submits_what_now_passes_once_per_message_and_leaves_the_rest()
    {
        using var harness = new KafkaHarness(partitions: 1);
        var ledger = new InMemoryLedger();
        var config = WriteConfig(harness.Options());
        var movements = KafkaHarness.Topics.Movements;
        var departure = Samples.Bytes("cargo-xml/xfsu-departure.xml");
        // Two dead letters of one message (two items were refused under the old mapping) and one that is still bad.
        await ProduceDeadLetterAsync(harness, movements, 5, departure, "bgs-cargo", FeedFormats.CargoXmlName);
        await ProduceDeadLetterAsync(harness, movements, 5, departure, "bgs-cargo", FeedFormats.CargoXmlName);
        await ProduceDeadLetterAsync(harness, movements, 6, departure[..700], "bgs-cargo", FeedFormats.CargoXmlName);

        var result = await InvokeAsync(ledger, TestContext.Current.CancellationToken, "ingest", "replay-dlq", "--config", config, "--topic", movements);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("replayed 3 dead letters (2 distinct messages)", result.Output, StringComparison.Ordinal);
        Assert.Contains($"STILL REFUSED {movements}.dlq@2 (from {movements}[0]@6) message [xml.", result.Output, StringComparison.Ordinal);
        Assert.NotEmpty(ledger.Events);
        Assert.All(ledger.Events, e => Assert.Equal("bgs-cargo-xml", e.SourceSystem));
        // Nothing is taken off the dead-letter topic; a second replay finds the same and the node reports duplicates.
        Assert.Equal(3, harness.EndOffsets(movements + IngestHeaders.DeadLetterTopicSuffix).Values.Sum());
        var again = await InvokeAsync(ledger, TestContext.Current.CancellationToken, "ingest", "replay-dlq", "--config", config, "--topic", movements + IngestHeaders.DeadLetterTopicSuffix);
        Assert.Contains($"{ledger.Events.Count} duplicates", again.Output, StringComparison.Ordinal);
    }

    private static async Task ProduceDeadLetterAsync(KafkaHarness harness, string topic, long offset, byte[] payload, string partner, string format)
    {
        var headers = new Headers();
        foreach (var (name, value) in new Dictionary<string, string>
        {
            [IngestHeaders.ErrorCode] = "location.unmapped",
            [IngestHeaders.ErrorReason] = "location.unmapped: the old mapping",
            [IngestHeaders.ErrorItem] = "message",
            [IngestHeaders.Partner] = partner,
            [IngestHeaders.Format] = format,
            [IngestHeaders.OriginalTopic] = topic,
            [IngestHeaders.OriginalPartition] = "0",
            [IngestHeaders.OriginalOffset] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        }
        await harness.Producer.ProduceAsync(topic + IngestHeaders.DeadLetterTopicSuffix, new Message<string?, byte[]> { Key = "bgs", Value = payload, Headers = headers });
    }
}
