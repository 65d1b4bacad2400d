using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using TradeChain.Testing;

namespace TradeChain.Demo.Tests;

/// <summary><c>tradechain demo</c> as a real process, for a bounded time.</summary>
[Trait("Category", "Demo")]
public sealed partial class DemoProcessTests
{
    [Fact]
    public async Task A_bounded_demo_commits_events_dead_letters_the_malformed_and_leaves_no_process_behind()
    {
        using var temp = new TempDirectory();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tradechain.dll"), "demo", "--seconds", "40", "--shipments", "20", "--speed", "3600", "--data", temp.File("demo"), "--api-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the demo did not stop within 120 s:\n{output}");
        }
        process.WaitForExit();
        var text = output.ToString();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}:\n{text}");

        var summary = Summary().Match(text);
        Assert.True(summary.Success, $"no summary line:\n{text}");
        Assert.True(long.Parse(summary.Groups["committed"].Value) > 0, text);
        Assert.True(long.Parse(summary.Groups["dead"].Value) > 0, text);
        Assert.Contains("api key commerce-bureau", text);

        var pids = NodePid().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(4, pids.Length);
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"node process {pid} survived the demo"));
    }

    private static bool IsAlive(int pid)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"committed events (?<committed>\d+), dead letters (?<dead>\d+)")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^node \S+\s+pid (\d+)", RegexOptions.Multiline)]
    private static partial Regex NodePid();
}
