using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TradeChain.Demo.Tests;

/// <summary><c>tradechain demo</c> as a child process: its output line by line, waits on what it prints, SIGTERM like Ctrl+C.</summary>
internal sealed partial class DemoProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    private DemoProcess(Process process, string dataDirectory, int apiPort)
    {
        _process = process;
        DataDirectory = dataDirectory;
        ApiPort = apiPort;
    }

    public string DataDirectory { get; }

    public int ApiPort { get; }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static DemoProcess Start(string dataDirectory, params string[] options)
    {
        var apiPort = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tradechain.dll"), "demo", "--data", dataDirectory, "--api-port", apiPort.ToString(CultureInfo.InvariantCulture) }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }
        var demo = new DemoProcess(Process.Start(start)!, dataDirectory, apiPort);
        demo._process.OutputDataReceived += (_, e) => demo.Append(e.Data);
        demo._process.ErrorDataReceived += (_, e) => demo.Append(e.Data);
        demo._process.BeginOutputReadLine();
        demo._process.BeginErrorReadLine();
        return demo;
    }

    /// <summary>The first printed line matching <paramref name="pattern"/>; fails with the output so far when it does not come in time or the demo exits.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var exited = _process.HasExited;
            if (exited)
            {
                // The exit can be seen before the last lines are read: WaitForExit drains them.
                _process.WaitForExit();
            }
            lock (_gate)
            {
                foreach (var line in _lines)
                {
                    if (pattern.Match(line) is { Success: true } match)
                    {
                        return match;
                    }
                }
            }
            if (exited)
            {
                Assert.Fail($"the demo exited ({_process.ExitCode}) before printing /{pattern}/:\n{Output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the demo did not print /{pattern}/ within {timeout.TotalSeconds:0} s:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    public IReadOnlyList<Match> All(Regex pattern)
    {
        lock (_gate)
        {
            return _lines.Select(l => pattern.Match(l)).Where(m => m.Success).ToArray();
        }
    }

    public IReadOnlyList<int> NodePids => All(NodeLine()).Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture)).ToArray();

    public IReadOnlyList<string> NodeAddresses => All(NodeLine()).Select(m => m.Groups["client"].Value).ToArray();

    /// <summary>Stops the demo as Ctrl+C would (SIGTERM) and waits for it to exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the demo did not stop within {timeout.TotalSeconds:0} s of SIGTERM:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _lines.Add(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^node \S+\s+pid (?<pid>\d+) client (?<client>\S+) ")]
    private static partial Regex NodeLine();
}
