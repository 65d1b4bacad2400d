using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TradeChain.Cli;
using TradeChain.Crypto;
using TradeChain.Node.Client;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Node.Tests.Cluster;

/// <summary>
/// A consortium of real <c>tradechain node run</c> processes on loopback, for the multi-process
/// tests and the end-to-end benchmark (which links this file): node directories made with the CLI's own <c>node init</c> and <c>genesis</c> commands,
/// free ports, mutual TLS by default. Every process is killed on dispose (even when a test
/// fails), and every wait is bounded; a failing wait reports the tail of each node's log.
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    /// <summary>How long a wait for commits may take on a loaded 2-core machine before the test fails.</summary>
    public static readonly TimeSpan CommitWait = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp = new();
    private readonly List<NodeProcess> _nodes = [];
    private readonly string _suiteName;
    private ulong _batchSequence;

    private NodeCluster(string suiteName)
    {
        _suiteName = suiteName;
        Suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(suiteName));
    }

    public ICryptoSuite Suite { get; }

    public string GenesisPath => _temp.File("genesis.json");

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    public NodeProcess this[int index] => _nodes[index];

    /// <summary>Makes <paramref name="count"/> member nodes (all validators), a genesis, and starts them.</summary>
    public static async Task<NodeCluster> StartAsync(int count, string suite = "intl")
    {
        var cluster = new NodeCluster(suite);
        try
        {
            for (var i = 0; i < count; i++)
            {
                cluster._nodes.Add(cluster.Init(i));
            }
            string[] genesis =
            [
                "genesis", "--chain-id", "node-test", "--suite", suite, "--propose-timeout-ms", "1500", "--vote-timeout-ms", "800",
                "--time-ms", (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                .. cluster._nodes.SelectMany(n => new[] { "--node", n.Directory }), "--out", cluster.GenesisPath,
            ];
            Cli(genesis);
            foreach (var node in cluster._nodes)
            {
                Cli("node", "init", "--dir", node.Directory, "--genesis", cluster.GenesisPath);
                node.Start();
            }
            await cluster.WaitForHeightAsync(1, cluster._nodes).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A node directory for a member that is not in the genesis (joins through governance); started on the cluster's genesis.</summary>
    public NodeProcess AddNode()
    {
        var node = Init(_nodes.Count);
        Cli("node", "init", "--dir", node.Directory, "--genesis", GenesisPath);
        _nodes.Add(node);
        return node;
    }

    /// <summary>A signed batch of <paramref name="events"/> valid customs-release events from node <paramref name="index"/>'s member.</summary>
    public EventBatch Batch(int index, int events, string prefix)
    {
        var node = _nodes[index];
        var list = Enumerable.Range(0, events).Select(i => SampleEvents.SeaImport() with { MemberId = node.MemberId, SourceReference = $"{prefix}-{i}" }).ToArray();
        using var key = node.LoadMemberKey(Suite);
        return EventBatch.Sign(Suite, key, node.MemberId, Feed.CustomsStatus, Interlocked.Increment(ref _batchSequence), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), list);
    }

    /// <summary>Waits until every given node has committed <paramref name="height"/>.</summary>
    public async Task WaitForHeightAsync(ulong height, IEnumerable<NodeProcess> nodes, TimeSpan? timeout = null)
    {
        var targets = nodes.ToArray();
        var deadline = DateTime.UtcNow + (timeout ?? CommitWait);
        while (true)
        {
            var heights = await Task.WhenAll(targets.Select(n => n.TryHeightAsync())).ConfigureAwait(false);
            if (heights.All(h => h >= height))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nodes did not reach height {height} within {(timeout ?? CommitWait).TotalSeconds} s: heights {string.Join(", ", targets.Zip(heights).Select(p => $"{p.First.MemberId}={p.Second?.ToString() ?? "down"}"))}\n{Logs()}");
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>The last lines of every node's log, for failure messages.</summary>
    public string Logs(int lines = 25) => string.Join("\n", _nodes.Select(n => $"--- {n.MemberId} ---\n{n.LogTail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Kill();
        }
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        await Task.Yield();
        _temp.Dispose();
    }

    private NodeProcess Init(int index)
    {
        var memberId = $"member-{index}";
        var directory = _temp.Sub(memberId);
        var peerPort = FreePort();
        var clientPort = FreePort();
        Cli("node", "init", "--dir", directory, "--member", memberId, "--suite", _suiteName, "--name", $"Member {index}", "--roles", index == 0 ? "customs" : "port",
            "--peer-listen", $"127.0.0.1:{peerPort}", "--client-listen", $"127.0.0.1:{clientPort}");
        return new NodeProcess(memberId, directory, clientPort);
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A loopback port nothing listens on now (and this process has not handed out before).</summary>
    private static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    public static string Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = TradeChainCli.Run(args, output, error);
        if (code != 0)
        {
            throw new InvalidOperationException($"tradechain {string.Join(' ', args)} exited {code}: {error}{output}");
        }
        return output.ToString();
    }
}

/// <summary>One node's directory and, while running, its process; its output goes to a log buffer.</summary>
public sealed class NodeProcess(string memberId, string directory, int clientPort) : IDisposable
{
    private const int MaxLogLines = 2000;

    private readonly Queue<string> _log = new();
    private Process? _process;
    private LedgerClient? _client;

    public string MemberId { get; } = memberId;

    public string Directory { get; } = directory;

    public string ClientAddress => $"http://127.0.0.1:{clientPort}";

    public string ConfigPath => Path.Combine(Directory, "node.json");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>CPU time the running process has used (zero when not running): for benchmarks.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                return _process is { HasExited: false } process ? process.TotalProcessorTime : TimeSpan.Zero;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    public LedgerClient Client => _client ??= new LedgerClient(ClientAddress, AdminToken());

    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{MemberId} is already running");
        }
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tradechain.dll"));
        foreach (var arg in new[] { "node", "run", "--config", ConfigPath })
        {
            start.ArgumentList.Add(arg);
        }
        // Faster gossip and empty blocks than production: tests wait for commits, not for minutes.
        start.Environment["TRADECHAIN__CONSENSUS__REBROADCASTINTERVALMS"] = "500";
        start.Environment["TRADECHAIN__CONSENSUS__EMPTYBLOCKWAITMS"] = "300";
        start.Environment["TRADECHAIN__CONSENSUS__SYNCINTERVALMS"] = "500";
        start.Environment["TRADECHAIN__CONSENSUS__MAXCLOCKSKEWMS"] = "5000";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {MemberId}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGTERM and wait for a graceful exit (bounded); kill -9 if it does not come. True when it exited by itself.</summary>
    public bool Stop()
    {
        if (_process is not { HasExited: false } process)
        {
            return true;
        }
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            signal.WaitForExit(5_000);
        }
        if (process.WaitForExit(15_000))
        {
            return true;
        }
        Kill();
        return false;
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <summary>The committed height, or null when the node does not answer.</summary>
    public async Task<ulong?> TryHeightAsync()
    {
        if (!IsRunning)
        {
            return null;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            return (await Client.GetStatusAsync(timeout.Token).ConfigureAwait(false)).Height;
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException or HttpRequestException)
        {
            return null;
        }
    }

    public ISigningKey LoadMemberKey(ICryptoSuite suite) => suite.ImportSigningKey(File.ReadAllText(Path.Combine(Directory, "keys", "member.key.pem")));

    public PublicKey LoadPublicKey(ICryptoSuite suite) => suite.ImportPublicKey(File.ReadAllText(Path.Combine(Directory, "keys", "member.pub.pem")));

    public string LogTail(int lines)
    {
        lock (_log)
        {
            return string.Join("\n", _log.Skip(Math.Max(0, _log.Count - lines)));
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _client?.Dispose();
    }

    private string AdminToken()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ConfigPath))!;
        return (string?)config["node"]?["adminToken"] ?? "";
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > MaxLogLines)
            {
                _log.Dequeue();
            }
        }
    }
}
