using System.Diagnostics;

namespace TradeChain.Cli.Tests;

/// <summary>Runs the tradechain command tree in-process, or the built program as a real process.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TradeChainCli.Run(args, output, error);
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The built tradechain.dll next to the tests, run by the same dotnet host as a child process.</summary>
    public static Result RunProcess(params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "tradechain.dll");
        // The test host sets DOTNET_HOST_PATH to the dotnet that runs it; use the same one.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start tradechain");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("tradechain did not exit within a minute");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
