using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using TradeChain.Node.Client;

namespace TradeChain.Demo;

/// <summary>Runs a <c>tradechain</c> command in-process (the CLI's own code path): args, stdout, stderr → exit code.</summary>
public delegate int CliRunner(string[] args, TextWriter output, TextWriter error);

/// <summary>
/// The demo's four member nodes: node directories and genesis made with the CLI's own
/// <c>node init</c> and <c>genesis</c> (once; a later run over the same directory resumes), then one
/// <c>tradechain node run</c> child process per member, its output appended to <c>nodes/&lt;member&gt;.log</c>.
/// Every child is killed on dispose, and on process exit as a last resort.
/// </summary>
public sealed class DemoNodes : IAsyncDisposable
{
    public const string Suite = "sm";
    private readonly List<RunningNode> _nodes = [];
    private readonly EventHandler _onExit;

    private DemoNodes(string root)
    {
        Root = root;
        _onExit = (_, _) => KillAll();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    public string Root { get; }

    public string GenesisPath => Path.Combine(Root, "genesis.json");

    public IReadOnlyList<RunningNode> Nodes => _nodes;

    public RunningNode this[string memberId] => _nodes.First(n => n.Member.Id == memberId);

    /// <summary>True when the directory already holds a network (this run resumes it).</summary>
    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "nodes", "genesis.json"));

    /// <summary>Creates the network under <paramref name="dataDirectory"/>/nodes if it is not there yet.</summary>
    public static void Prepare(string dataDirectory, CliRunner cli)
    {
        var root = Path.Combine(dataDirectory, "nodes");
        Directory.CreateDirectory(root);
        var genesis = Path.Combine(root, "genesis.json");
        if (File.Exists(genesis))
        {
            return;
        }
        foreach (var member in DemoMembers.All)
        {
            var directory = Path.Combine(root, member.Id);
            if (!File.Exists(Path.Combine(directory, "node.json")))
            {
                Run(cli, "node", "init", "--dir", directory, "--member", member.Id, "--suite", Suite, "--name", member.Name, "--roles", member.Roles,
                    "--peer-listen", $"127.0.0.1:{FreePort()}", "--client-listen", $"127.0.0.1:{FreePort()}");
            }
        }
        Run(cli, [
            "genesis", "--chain-id", "tradechain-demo", "--suite", Suite, "--propose-timeout-ms", "1500", "--vote-timeout-ms", "800",
            "--time-ms", (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000).ToString(CultureInfo.InvariantCulture),
            .. DemoMembers.All.SelectMany(m => new[] { "--node", Path.Combine(root, m.Id) }), "--out", genesis + ".tmp",
        ]);
        foreach (var member in DemoMembers.All)
        {
            Run(cli, "node", "init", "--dir", Path.Combine(root, member.Id), "--genesis", genesis + ".tmp");
        }
        // Last: its presence means the network is complete (an interrupted preparation starts over, keeping the keys).
        File.Move(genesis + ".tmp", genesis, overwrite: true);
    }

    /// <summary>Starts every member's node process.</summary>
    public static DemoNodes Start(string dataDirectory)
    {
        var nodes = new DemoNodes(Path.Combine(dataDirectory, "nodes"));
        try
        {
            foreach (var member in DemoMembers.All)
            {
                nodes._nodes.Add(RunningNode.Start(member, Path.Combine(nodes.Root, member.Id)));
            }
            return nodes;
        }
        catch
        {
            nodes.KillAll();
            throw;
        }
    }

    /// <summary>Waits until every node answers and has committed a block beyond what it had when first seen.</summary>
    public async Task WaitForCommitsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var first = new Dictionary<string, ulong>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var node in _nodes)
            {
                if (node.HasExited)
                {
                    throw new InvalidOperationException($"node {node.Member.Id} exited with code {node.ExitCode}; see {node.LogPath}");
                }
                if (await node.TryHeightAsync(cancellationToken).ConfigureAwait(false) is { } height)
                {
                    first.TryAdd(node.Member.Id, height);
                }
            }
            var heights = await Task.WhenAll(_nodes.Select(n => n.TryHeightAsync(cancellationToken))).ConfigureAwait(false);
            if (_nodes.Zip(heights).All(p => p.Second is { } h && first.TryGetValue(p.First.Member.Id, out var f) && h > f && h >= 1))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the nodes did not commit within {timeout.TotalSeconds:0} s (heights {string.Join(", ", _nodes.Zip(heights).Select(p => $"{p.First.Member.Id}={p.Second?.ToString(CultureInfo.InvariantCulture) ?? "down"}"))}); logs in {Root}");
            }
            await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        // SIGTERM first (a clean shutdown), then kill whatever is still there.
        foreach (var node in _nodes)
        {
            node.Terminate();
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        while (_nodes.Any(n => !n.HasExited) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
        KillAll();
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private void KillAll()
    {
        foreach (var node in _nodes)
        {
            node.Kill();
        }
    }

    private static void Run(CliRunner cli, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        if (cli(args, output, error) is var code and not 0)
        {
            throw new InvalidOperationException($"tradechain {string.Join(' ', args)} exited {code}: {error}{output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One member's running <c>tradechain node run</c> process.</summary>
public sealed class RunningNode : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private LedgerClient? _client;

    private RunningNode(DemoMember member, string directory, string clientAddress, Process process, StreamWriter log, string logPath)
    {
        Member = member;
        Directory = directory;
        ClientAddress = clientAddress;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public DemoMember Member { get; }

    public string Directory { get; }

    public string ClientAddress { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    public LedgerClient Client => _client ??= new LedgerClient(ClientAddress);

    public string MemberKeyPath => Path.Combine(Directory, "keys", "member.key.pem");

    public static RunningNode Start(DemoMember member, string directory)
    {
        var configPath = Path.Combine(directory, "node.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        var client = (string?)config["listen"]?["client"] ?? throw new InvalidOperationException($"{configPath} has no listen.client");
        var (fileName, prefix) = SelfCommand();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in prefix.Concat(["node", "run", "--config", configPath]))
        {
            start.ArgumentList.Add(arg);
        }
        // Quicker gossip and empty blocks than production, so a demo shows commits within seconds.
        start.Environment["TRADECHAIN__CONSENSUS__REBROADCASTINTERVALMS"] = "500";
        start.Environment["TRADECHAIN__CONSENSUS__EMPTYBLOCKWAITMS"] = "1000";
        start.Environment["TRADECHAIN__CONSENSUS__SYNCINTERVALMS"] = "500";
        start.Environment["TRADECHAIN__CONSENSUS__MAXCLOCKSKEWMS"] = "5000";
        var logPath = Path.Combine(Path.GetDirectoryName(directory)!, member.Id + ".log");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the node of {member.Id}");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RunningNode(member, directory, $"http://{client}", process, log, logPath);
    }

    /// <summary>How to run this program again: the apphost itself, or the dotnet host with tradechain.dll beside this library.</summary>
    public static (string FileName, string[] Prefix) SelfCommand()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "tradechain.dll");
        var processPath = Environment.ProcessPath ?? "dotnet";
        var processName = Path.GetFileNameWithoutExtension(processPath);
        if (processName == "tradechain")
        {
            return (processPath, []);
        }
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? (processName == "dotnet" ? processPath : "dotnet");
        return (host, [dll]);
    }

    public async Task<ulong?> TryHeightAsync(CancellationToken cancellationToken)
    {
        if (HasExited)
        {
            return null;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            return (await Client.GetStatusAsync(timeout.Token).ConfigureAwait(false)).Height;
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Terminate()
    {
        if (HasExited)
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            Kill();
            return;
        }
        try
        {
            using var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            signal.WaitForExit(5_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Kill();
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _client?.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // the node outlived its log by a line
            }
        }
    }
}
