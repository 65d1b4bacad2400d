using TradeChain.Node.Client;

namespace TradeChain.Cli.Tests;

/// <summary>
/// The services of the deployment against a real one-member network: a node process whose member
/// key is encrypted (node init --passphrase-env, the passphrase handed over as a secret file),
/// 'analytics run --once' projecting its blocks into DuckDB, and 'api run' configured only through
/// TRADECHAIN__ variables answering ready over that store and node, as 'api probe' sees it.
/// </summary>
[Trait("Category", "Cli")]
public sealed class ServiceRunTests : IDisposable
{
    private const string PassphraseVariable = "TRADECHAIN_TEST_MEMBER_PASSPHRASE";
    private readonly string _dir = Directory.CreateTempSubdirectory("tc-svc-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task the_projector_and_the_api_run_against_a_node()
    {
        var cancel = TestContext.Current.CancellationToken;
        var passphraseFile = Path.Combine(_dir, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, "a passphrase from a secret file\n", cancel);
        var nodeDir = Path.Combine(_dir, "node");
        var clientPort = ServicePorts.Free();
        Environment.SetEnvironmentVariable(PassphraseVariable, "a passphrase from a secret file");
        try
        {
            Assert.Equal(0, CliRunner.Run("node", "init", "--dir", nodeDir, "--member", "customs", "--suite", "sm", "--roles", "customs",
                "--peer-listen", $"127.0.0.1:{ServicePorts.Free()}", "--client-listen", $"127.0.0.1:{clientPort}", "--passphrase-env", PassphraseVariable).ExitCode);
            Assert.Contains("ENCRYPTED PRIVATE KEY", await File.ReadAllTextAsync(Path.Combine(nodeDir, "keys", "member.key.pem"), cancel));
            var genesis = Path.Combine(_dir, "genesis.json");
            Assert.Equal(0, CliRunner.Run("genesis", "--chain-id", "svc-test", "--suite", "sm", "--propose-timeout-ms", "500", "--vote-timeout-ms", "300", "--node", nodeDir, "--out", genesis).ExitCode);
            var reinit = CliRunner.Run("node", "init", "--dir", nodeDir, "--genesis", genesis);
            Assert.True(reinit.ExitCode == 0, reinit.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PassphraseVariable, null);
        }

        using var node = ServiceProcess.Start(new Dictionary<string, string> { [PassphraseVariable + "_FILE"] = passphraseFile },
            "node", "run", "--config", Path.Combine(nodeDir, "node.json"));
        var nodeAddress = $"http://127.0.0.1:{clientPort}";
        await WaitUntilAsync(async () => await HeightAsync(nodeAddress, cancel) >= 2, node, TimeSpan.FromSeconds(40), cancel);

        var analyticsDir = Path.Combine(_dir, "analytics");
        var config = Path.Combine(_dir, "analytics.json");
        await File.WriteAllTextAsync(config, $$"""
            { "Analytics": { "NodeAddress": "{{nodeAddress}}", "DuckDb": { "DataDirectory": "{{Json(analyticsDir)}}", "MemoryLimitMiB": 256 } } }
            """, cancel);
        // The service: the projector in its host, stopped by SIGTERM as a container runtime does. The
        // jobs are off here: a first KPI roll-up back-fills 31 days (~13 s on a busy 2-core machine)
        // and a stop waits for it; their Quartz wiring is tested in the analytics suite.
        using (var service = ServiceProcess.Start(new Dictionary<string, string> { ["TRADECHAIN__ANALYTICS__JOBS__ENABLED"] = "false" }, "analytics", "run", "--config", config))
        {
            await WaitUntilAsync(() => Task.FromResult(service.Output.Contains("projected ", StringComparison.Ordinal)), service, TimeSpan.FromSeconds(30), cancel);
            Assert.True(service.Terminate(TimeSpan.FromSeconds(30)) == 0, service.Output);
            Assert.DoesNotContain("jobs on", service.Output);
        }
        var once = CliRunner.Run("analytics", "run", "--config", config, "--once");
        Assert.True(once.ExitCode == 0, once.Error);
        var match = System.Text.RegularExpressions.Regex.Match(once.Output, @"projected to height (\d+) \((\d+) blocks");
        var projected = ulong.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var blocksNow = ulong.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(projected >= 2, once.Output);
        // The service had projected from genesis: this catch-up only adds what was committed since.
        Assert.True(blocksNow < projected, once.Output);

        var apiData = Path.Combine(_dir, "api");
        var issued = CliRunner.Run("api", "key", "--principal", "ops", "--role", "operator", "--config", await WriteAsync("api-key.json", $$"""
            { "Api": { "NodeAddress": "{{nodeAddress}}", "DataDirectory": "{{Json(apiData)}}" } }
            """, cancel));
        Assert.True(issued.ExitCode == 0, issued.Error);
        var operatorKey = System.Text.RegularExpressions.Regex.Match(issued.Output, @"tck_\S+").Value;

        var tokenKeyFile = Path.Combine(_dir, "token-key");
        await File.WriteAllTextAsync(tokenKeyFile, "k1:" + Convert.ToBase64String(new byte[32]), cancel);
        var apiPort = ServicePorts.Free();
        using var api = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["TRADECHAIN__API__NODEADDRESS"] = nodeAddress,
            ["TRADECHAIN__API__DATADIRECTORY"] = apiData,
            ["TRADECHAIN__API__TOKENKEYS__0_FILE"] = tokenKeyFile,
            ["TRADECHAIN__ANALYTICS__DUCKDB__DATADIRECTORY"] = analyticsDir,
            ["TRADECHAIN__ANALYTICS__DUCKDB__MEMORYLIMITMIB"] = "256",
        }, "api", "run", "--urls", $"http://127.0.0.1:{apiPort}");
        var ready = $"http://127.0.0.1:{apiPort}/health/ready";
        await WaitUntilAsync(() => Task.FromResult(CliRunner.Run("api", "probe", "--url", ready).ExitCode == 0), api, TimeSpan.FromSeconds(30), cancel);
        Assert.Contains("api run: listening on", api.Output);
        Assert.Contains("DuckDB in " + analyticsDir, api.Output);
        Assert.Equal(1, CliRunner.Run("api", "probe", "--url", $"http://127.0.0.1:{apiPort}/no-such-page").ExitCode);

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", operatorKey);
        var status = await http.GetStringAsync($"http://127.0.0.1:{apiPort}/api/v1/node/status", cancel);
        Assert.Contains("customs", status);
    }

    private async Task<string> WriteAsync(string name, string content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, content, cancellationToken);
        return path;
    }

    private static string Json(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

    private static async Task<ulong> HeightAsync(string address, CancellationToken cancellationToken)
    {
        using var client = new LedgerClient(address);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            return (await client.GetStatusAsync(timeout.Token)).Height;
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException or HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, ServiceProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.False(process.HasExited, "the process exited:\n" + process.Output);
            Assert.True(DateTime.UtcNow < deadline, $"not there within {timeout.TotalSeconds} s:\n" + process.Output);
            await Task.Delay(200, cancellationToken);
        }
    }
}
