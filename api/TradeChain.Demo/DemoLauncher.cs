using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Analytics.DuckDb;
using TradeChain.Analytics.Projection;
using TradeChain.Api.Access;
using TradeChain.Api.Auth;
using TradeChain.Api.Hosting;
using TradeChain.Api.Ledger;
using TradeChain.Crypto;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Metrics;
using TradeChain.Ingest.Pipeline;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;

namespace TradeChain.Demo;

/// <summary>The options of <c>tradechain demo</c>.</summary>
public sealed record DemoOptions
{
    public int Seed { get; init; } = 1;

    public int Shipments { get; init; } = 200;

    /// <summary>New shipments per simulated hour.</summary>
    public double Rate { get; init; } = 4;

    /// <summary>Simulated seconds per real second.</summary>
    public double Speed { get; init; } = 600;

    /// <summary>Stop by itself after this many seconds (0: until Ctrl+C).</summary>
    public int Seconds { get; init; }

    public string DataDirectory { get; init; } = "tradechain-demo";

    public int ApiPort { get; init; } = 8080;

    /// <summary>Share of partner messages sent malformed (each then sent again corrected).</summary>
    public double MalformedRate { get; init; } = 0.01;
}

/// <summary>What a run did, as printed at the end.</summary>
public sealed record DemoSummary(long MessagesSent, long MalformedSent, long Consumed, long Accepted, long Duplicates, long CommittedEvents, long DeadLetters, ulong Height, ulong AnalyticsHeight, TimeSpan Elapsed);

/// <summary>
/// <c>tradechain demo</c>: four member node processes, the embedded Kafka mock broker, one ingest
/// worker per feeding member, the partner simulator, the analytics projector on DuckDB following
/// the first node, and the API; progress once a second and a summary at the end. Everything it
/// started is stopped on the way out (Ctrl+C, <see cref="DemoOptions.Seconds"/>, or a failure).
/// </summary>
public sealed class DemoLauncher(DemoOptions options, CliRunner cli, TextWriter output, TextWriter error)
{
    /// <summary>Where the demo keeps the consortium's sensitive-data key (base64), inside its data directory.</summary>
    public const string SensitiveKeyFileName = "sensitive-data.key";

    private static readonly Dictionary<string, string> FastGroupSettings = new()
    {
        // Valid for the worker's consumer and its dead-letter producer alike (librdkafka warns otherwise).
        ["topic.metadata.refresh.interval.ms"] = "2000",
    };

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _deadLettersByCode = new(StringComparer.Ordinal);
    private long _consumed;
    private long _accepted;
    private long _duplicates;
    private long _deadLetters;
    private long _lag;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var data = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(data);
        var resuming = DemoNodes.Exists(data);
        output.WriteLine(resuming ? $"resuming the consortium in {data}" : $"creating a 4-member consortium in {data}");
        DemoNodes.Prepare(data, cli);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Seconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
        }
        var token = stop.Token;
        await using var nodes = DemoNodes.Start(data);
        foreach (var node in nodes.Nodes)
        {
            output.WriteLine($"node {node.Member.Id,-16} pid {node.ProcessId} client {node.ClientAddress} log {node.LogPath}");
        }
        output.Flush();
        try
        {
            await nodes.WaitForCommitsAsync(TimeSpan.FromSeconds(90), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            error.WriteLine("demo: stopped before the nodes committed");
            return 1;
        }
        output.WriteLine($"consortium committing (height {await nodes.Nodes[0].TryHeightAsync(token).ConfigureAwait(false)}) after {clock.Elapsed.TotalSeconds:0.0} s");

        // Kafka: the embedded broker, each feeding member's topics and their dead-letter topics.
        using var broker = new MockKafkaCluster();
        foreach (var member in DemoMembers.All.Where(m => m.Feeds))
        {
            foreach (var topic in DemoMembers.Topics(member.Id).ByTopic().Keys)
            {
                broker.CreateTopic(topic, 2);
                broker.CreateTopic(topic + IngestHeaders.DeadLetterTopicSuffix, 1);
            }
        }
        output.WriteLine($"kafka (librdkafka mock cluster) at {broker.BootstrapServers}");

        var plan = PartnerSimulator.Plan(new SimulatorOptions { Seed = options.Seed, Shipments = options.Shipments, RatePerHour = options.Rate, MalformedRate = options.MalformedRate }, DateTimeOffset.UtcNow);
        output.WriteLine($"simulator: seed {options.Seed}, {options.Shipments} shipments, {plan.Messages.Count} partner messages ({plan.Messages.Count(m => m.Malformed)} malformed) over {TimeSpan.FromMilliseconds(plan.EndMs - plan.StartMs).TotalHours:0} simulated hours at {options.Speed}x");
        output.WriteLine($"  formats: {string.Join(", ", plan.Messages.GroupBy(m => m.Format).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
        output.WriteLine($"  malformed by kind: {Kinds(plan.MalformedByKind)}");

        using var listener = ListenToIngest();
        var suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(DemoNodes.Suite));
        var sensitiveKey = SharedSensitiveKey(data, suite);
        var workers = new List<(Task Task, IDisposable[] Resources)>();
        var journals = new List<AcknowledgementJournal>();
        using var workerStop = new CancellationTokenSource();
        var analyticsDirectory = Path.Combine(data, "analytics");
        await using var analytics = DuckDbAnalyticsStore.Open(new DuckDbStoreOptions { DataDirectory = analyticsDirectory, MemoryLimitMiB = 512 });
        var source = new LedgerClientBlockSource(nodes.Nodes[0].Client);
        using var projectorStop = new CancellationTokenSource();
        Task projector = Task.CompletedTask;
        WebApplication? api = null;
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, Acks = Acks.All, LingerMs = 5 }).Build();
        long sent = 0, malformed = 0;
        try
        {
            foreach (var member in DemoMembers.All.Where(m => m.Feeds && plan.PartnersByMember.ContainsKey(m.Id)))
            {
                var node = nodes[member.Id];
                var ingest = new IngestOptions
                {
                    MemberId = member.Id,
                    BootstrapServers = broker.BootstrapServers,
                    Kafka = new Dictionary<string, string>(FastGroupSettings),
                    Topics = DemoMembers.Topics(member.Id),
                    BatchMaxEvents = 200,
                    BatchMaxDelayMs = 300,
                    RetryInitialDelayMs = 50,
                    RetryMaxDelayMs = 2_000,
                    ShutdownFlushTimeoutMs = 5_000,
                    RevokeFlushTimeoutMs = 5_000,
                    Partners = [.. plan.PartnersByMember[member.Id]],
                    SensitiveKey = Convert.ToBase64String(sensitiveKey),
                };
                if (ingest.Validate() is { Count: > 0 } problems)
                {
                    throw new InvalidOperationException($"ingest options of {member.Id}: {string.Join("; ", problems)}");
                }
                var key = suite.ImportSigningKey(File.ReadAllText(node.MemberKeyPath));
                var client = new Node.Client.LedgerClient(node.ClientAddress);
                var metrics = new IngestMetrics();
                var journal = new AcknowledgementJournal(new LedgerClientBatchSubmitter(client), AcknowledgementJournal.PathOf(data, member.Id));
                journals.Add(journal);
                var worker = new KafkaIngestWorker(ingest, new BatchSigner(suite, key, member.Id), journal, metrics, NullLogger<KafkaIngestWorker>.Instance);
                workers.Add((Task.Run(() => worker.RunAsync(workerStop.Token), CancellationToken.None), [key, client, metrics, journal]));
            }
            output.WriteLine($"ingest workers: {string.Join(", ", plan.PartnersByMember.Keys.Order(StringComparer.Ordinal))}");

            var projection = new BlockProjector(source, analytics, new ProjectorOptions { PollInterval = TimeSpan.FromMilliseconds(500) }, new ProjectionMetrics(), TimeProvider.System);
            projector = Task.Run(() => projection.RunAsync(projectorStop.Token), CancellationToken.None);
            output.WriteLine($"analytics: DuckDB at {analytics.DatabasePath}, following {nodes.Nodes[0].Member.Id}");

            var (keys, logins) = ProvisionPrincipals(Path.Combine(data, "api"), plan);
            // The API follows the customs node like the projector; its node board asks every member's node,
            // and webhook receivers may be plain http on this machine (the demo is all loopback).
            string[] apiArgs =
            [
                "--urls", $"http://127.0.0.1:{options.ApiPort}", "--Api:DataDirectory", Path.Combine(data, "api"), "--Logging:LogLevel:Default", "Warning",
                "--Api:Webhooks:AllowHttpLoopback", "true",
                .. nodes.Nodes.SelectMany((node, i) => new[] { $"--Api:MemberNodes:{i}", node.ClientAddress }),
            ];
            api = ApiHost.Build(
                apiArgs,
                new ApiComponents(analytics, new GrpcLedgerGateway(nodes.Nodes[0].Client), null, new SymmetricKeyOpener(suite, sensitiveKey), new LedgerClientBlockSource(nodes.Nodes[0].Client)),
                builder => builder.Logging.ClearProviders());
            await api.StartAsync(token).ConfigureAwait(false);
            var url = $"http://127.0.0.1:{options.ApiPort}";
            output.WriteLine($"API: {url}  (reference {url}/reference, OpenAPI {url}/openapi/v1.json)");
            foreach (var (role, key) in keys)
            {
                output.WriteLine($"  api key {role,-16} {key}");
            }
            output.WriteLine($"  try: curl -s -H \"X-Api-Key: {keys.First(k => k.Role == "commerce-bureau").Key}\" {url}/api/v1/kpis?clock=customs_clearance");
            output.WriteLine($"dashboard: {url}/dashboard/  (sign in with a login below; the passwords are new each run)");
            foreach (var (role, login, password) in logins)
            {
                output.WriteLine($"  login {role,-16} {login,-22} password {password}");
            }
            output.WriteLine(options.Seconds > 0 ? $"running for {options.Seconds} s (Ctrl+C stops earlier)" : "running; Ctrl+C stops everything");
            output.Flush();

            // The partner simulator on the simulated clock, and the progress line once a second.
            var started = Stopwatch.StartNew();
            long skippedMs = 0;
            var next = 0;
            var lastTick = TimeSpan.Zero;
            long lastAccepted = 0;
            long lastAcknowledged = -1;
            var settled = false;
            while (!token.IsCancellationRequested)
            {
                var simNow = plan.StartMs + skippedMs + (long)(started.Elapsed.TotalMilliseconds * options.Speed);
                // Quiet stretches (nights, days between a booking and the vessel) are skipped: when the
                // next message is more than two real seconds away, the simulated clock jumps to it.
                if (next < plan.Messages.Count && plan.Messages[next].DueMs - simNow > 2_000 * options.Speed)
                {
                    skippedMs += plan.Messages[next].DueMs - simNow;
                    simNow = plan.Messages[next].DueMs;
                }
                while (next < plan.Messages.Count && plan.Messages[next].DueMs <= simNow)
                {
                    var message = plan.Messages[next++];
                    var headers = new Headers
                    {
                        { IngestHeaders.Partner, Encoding.UTF8.GetBytes(message.Partner) },
                        { IngestHeaders.Format, Encoding.UTF8.GetBytes(message.Format) },
                    };
                    producer.Produce(message.Topic, new Message<string?, byte[]> { Key = message.Key, Value = message.Payload, Headers = headers });
                    sent++;
                    malformed += message.Malformed ? 1 : 0;
                }
                if (workers.FirstOrDefault(w => w.Task.IsCompleted) is { Task: { } failed })
                {
                    throw new InvalidOperationException("an ingest worker stopped", failed.Exception?.GetBaseException());
                }
                if (nodes.Nodes.FirstOrDefault(n => n.HasExited) is { } dead)
                {
                    throw new InvalidOperationException($"node {dead.Member.Id} exited with code {dead.ExitCode}; see {dead.LogPath}");
                }
                if (started.Elapsed - lastTick >= TimeSpan.FromSeconds(1))
                {
                    var seconds = (started.Elapsed - lastTick).TotalSeconds;
                    lastTick = started.Elapsed;
                    Interlocked.Exchange(ref _lag, 0);
                    listener.RecordObservableInstruments();
                    var accepted = Interlocked.Read(ref _accepted);
                    var height = await nodes.Nodes[0].TryHeightAsync(token).ConfigureAwait(false);
                    var projected = (await analytics.GetCheckpointAsync(token).ConfigureAwait(false))?.Height ?? 0;
                    var simTime = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(simNow, plan.EndMs)).ToOffset(TimeSpan.FromHours(8));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{clock.Elapsed.TotalSeconds,5:0}s] sim {simTime:yyyy-MM-dd HH:mm} +08 | sent {sent}/{plan.Messages.Count} | events/s {(accepted - lastAccepted) / seconds,6:0.0} | accepted {accepted} | committed {source.EventsRead} | height {height?.ToString(CultureInfo.InvariantCulture) ?? "?"} | analytics {projected} | lag {Interlocked.Read(ref _lag)} | dead-letters {Interlocked.Read(ref _deadLetters)}"));
                    lastAccepted = accepted;
                    var acknowledged = journals.Sum(j => j.Count);
                    if (!settled && next == plan.Messages.Count && Interlocked.Read(ref _consumed) >= sent && Interlocked.Read(ref _lag) == 0 && acknowledged == lastAcknowledged
                        && await SettledAsync(nodes, projected, token).ConfigureAwait(false) is { } settledHeight)
                    {
                        // Everything sent is consumed and acknowledged or dead-lettered, every node holds it, analytics has projected it.
                        settled = true;
                        output.WriteLine($"settled: all {sent} partner messages sent and consumed, {acknowledged} events acknowledged, every node at height ≥ {settledHeight}, analytics at {projected}; dead letters by code: {Kinds(_deadLettersByCode)}");
                    }
                    lastAcknowledged = acknowledged;
                    output.Flush();
                }
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (token.IsCancellationRequested && e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
        {
            // Ctrl+C or --seconds, which may cut a node status call short: stop below.
        }
        catch (Exception e)
        {
            error.WriteLine($"demo: {e.Message}{(e.InnerException is { } inner ? $": {inner.Message}" : "")}");
            await StopAsync().ConfigureAwait(false);
            return 1;
        }
        output.WriteLine("stopping: ingest workers flush and commit, then the API, the projector and the nodes");
        output.Flush();
        await StopAsync().ConfigureAwait(false);
        listener.RecordObservableInstruments();
        var summary = new DemoSummary(sent, malformed, Interlocked.Read(ref _consumed), Interlocked.Read(ref _accepted), Interlocked.Read(ref _duplicates), source.EventsRead, Interlocked.Read(ref _deadLetters),
            await nodes.Nodes[0].TryHeightAsync(CancellationToken.None).ConfigureAwait(false) ?? source.HeightRead,
            (await analytics.GetCheckpointAsync(CancellationToken.None).ConfigureAwait(false))?.Height ?? 0, clock.Elapsed);
        output.WriteLine($"summary: {summary.Elapsed.TotalSeconds:0} s, partner messages sent {summary.MessagesSent} ({summary.MalformedSent} malformed), consumed {summary.Consumed}, events accepted {summary.Accepted}, duplicates {summary.Duplicates}, committed events {summary.CommittedEvents}, dead letters {summary.DeadLetters}, height {summary.Height}, analytics height {summary.AnalyticsHeight}");
        output.WriteLine($"  malformed sent by kind: {Kinds(plan.Messages.Take((int)sent).Where(m => m.Malformed).GroupBy(m => m.ExpectedErrorCode!).ToDictionary(g => g.Key, g => g.Count()))}; dead letters by code: {Kinds(_deadLettersByCode)}");
        output.WriteLine($"data kept in {data}: run again with --data {options.DataDirectory} to resume");
        output.Flush();
        return 0;

        async Task StopAsync()
        {
            await workerStop.CancelAsync().ConfigureAwait(false);
            await Settle(workers.Select(w => w.Task), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            foreach (var resource in workers.SelectMany(w => w.Resources))
            {
                resource.Dispose();
            }
            producer.Flush(TimeSpan.FromSeconds(2));
            if (api is not null)
            {
                using var apiStop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await api.StopAsync(apiStop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                await api.DisposeAsync().ConfigureAwait(false);
            }
            // One last catch-up of what the nodes committed, then the projector stops.
            await Task.Delay(TimeSpan.FromSeconds(1.5), CancellationToken.None).ConfigureAwait(false);
            await projectorStop.CancelAsync().ConfigureAwait(false);
            await Settle([projector], TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Waits (bounded) for tasks being stopped; a task that fails while stopping (a call cancelled mid-flight) is only noted.</summary>
    private async Task Settle(IEnumerable<Task> tasks, TimeSpan timeout)
    {
        foreach (var task in tasks)
        {
            try
            {
                await task.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
            {
                // stopped by the cancellation, or did not stop in time
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error.WriteLine($"demo: while stopping: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// One principal per role with a fresh API key (earlier demo keys of the same principal are
    /// revoked) and a fresh dashboard password: the principal id is the login.
    /// </summary>
    /// <summary>
    /// The consortium's one sensitive-data key, shared by every member's ingest worker (which seal
    /// with it) and the API (which opens with it for customs, tax and the regulator). Kept in the
    /// data directory so a resumed demo still opens what it sealed before.
    /// </summary>
    public static byte[] SharedSensitiveKey(string data, ICryptoSuite suite)
    {
        var path = Path.Combine(data, SensitiveKeyFileName);
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return existing.Length == suite.CipherKeyBytes
                ? existing
                : throw new InvalidDataException($"{path} holds a {existing.Length}-byte key, suite {suite.Id} needs {suite.CipherKeyBytes}");
        }
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(suite.CipherKeyBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.Write(Convert.ToBase64String(key));
        }
        return key;
    }

    private static (List<(string Role, string Key)> Keys, List<(string Role, string Login, string Password)> Logins) ProvisionPrincipals(string directory, SimulationPlan plan)
    {
        Directory.CreateDirectory(directory);
        var store = PrincipalStore.Open(Path.Combine(directory, "principals.json"), TimeProvider.System);
        var principals = new List<Principal>
        {
            new() { Id = "demo-commerce-bureau", Role = Role.CommerceBureau, Organisation = "Commerce bureau" },
            new() { Id = "demo-customs", Role = Role.Customs, Organisation = "Tianjin and Beijing customs" },
            new() { Id = "demo-port", Role = Role.Port, Organisation = "Tianjin port terminal", Port = "CNTSN" },
            new() { Id = "demo-airport", Role = Role.Airport, Organisation = "Beijing Capital airport cargo terminal", Port = "CNPEK" },
            new() { Id = "demo-tax", Role = Role.Tax, Organisation = "Tax bureau" },
            new() { Id = "demo-regulator", Role = Role.Regulator, Organisation = "Regulator" },
            new() { Id = "demo-operator", Role = Role.Operator, Organisation = "Consortium operations" },
        };
        if (plan.SampleExporter is { } exporter)
        {
            principals.Add(new() { Id = "demo-exporter", Role = Role.Exporter, Organisation = "An exporter of this run", EnterpriseUscc = exporter });
        }
        if (plan.SampleImporter is { } importer)
        {
            principals.Add(new() { Id = "demo-importer", Role = Role.Importer, Organisation = "An importer of this run", EnterpriseUscc = importer });
        }
        var keys = new List<(string, string)>();
        var logins = new List<(string, string, string)>();
        foreach (var principal in principals)
        {
            var password = NewPassword();
            store.Upsert(principal with { PasswordHash = PasswordHasher.Hash(password) });
            logins.Add((Roles.Name(principal.Role), principal.Id, password));
            foreach (var old in store.KeysOf(principal.Id).Where(k => k.IsActive(DateTimeOffset.UtcNow)))
            {
                store.Revoke(old.KeyId);
            }
            keys.Add((Roles.Name(principal.Role), store.Issue(principal.Id).PlainText));
        }
        return (keys, logins);
    }

    /// <summary>16 characters from an alphabet without look-alikes (0/O, 1/l/I): about 90 bits, easy to type from a terminal.</summary>
    private static string NewPassword() => System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    /// <summary>The lowest height of the nodes when every node answers with an empty mempool and analytics has projected up to it; null otherwise.</summary>
    private static async Task<ulong?> SettledAsync(DemoNodes nodes, ulong analyticsHeight, CancellationToken cancellationToken)
    {
        ulong lowest = ulong.MaxValue;
        foreach (var node in nodes.Nodes)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                var status = await node.Client.GetStatusAsync(timeout.Token).ConfigureAwait(false);
                if (status.MempoolBatches > 0)
                {
                    return null;
                }
                lowest = Math.Min(lowest, status.Height);
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
        return analyticsHeight >= lowest ? lowest : null;
    }

    private static string Kinds(IEnumerable<KeyValuePair<string, int>> counts) => Kinds(counts.Select(c => KeyValuePair.Create(c.Key, (long)c.Value)));

    private static string Kinds(IEnumerable<KeyValuePair<string, long>> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}"))) is { Length: > 0 } text ? text : "none";

    private MeterListener ListenToIngest()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == IngestMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            switch (instrument.Name)
            {
                case "tradechain.ingest.messages.consumed":
                    Interlocked.Add(ref _consumed, value);
                    break;
                case "tradechain.ingest.events.accepted":
                    Interlocked.Add(ref _accepted, value);
                    break;
                case "tradechain.ingest.events.duplicate":
                    Interlocked.Add(ref _duplicates, value);
                    break;
                case "tradechain.ingest.dead_lettered":
                    Interlocked.Add(ref _deadLetters, value);
                    foreach (var tag in tags)
                    {
                        if (tag is { Key: "code", Value: string code })
                        {
                            _deadLettersByCode.AddOrUpdate(code, value, (_, total) => total + value);
                        }
                    }
                    break;
                case "tradechain.ingest.lag":
                    // Observed per partition: summed in a fresh round each second.
                    Interlocked.Add(ref _lag, value);
                    break;
            }
        });
        listener.Start();
        return listener;
    }
}
