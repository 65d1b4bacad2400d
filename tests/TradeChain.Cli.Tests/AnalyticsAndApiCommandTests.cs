using TradeChain.Cli.Configuration;

namespace TradeChain.Cli.Tests;

/// <summary>
/// 'analytics run' and 'api run' explain themselves, refuse a bad configuration naming the key,
/// and read secrets from TRADECHAIN…_FILE files.
/// </summary>
[Trait("Category", "Cli")]
public sealed class AnalyticsAndApiCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tc-svc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("analytics")]
    [InlineData("analytics", "run")]
    [InlineData("analytics", "migrate")]
    [InlineData("api")]
    [InlineData("api", "run")]
    [InlineData("api", "probe")]
    [InlineData("api", "key")]
    public void each_service_command_has_help(params string[] command)
    {
        var result = CliRunner.Run([.. command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
    }

    [Theory]
    [InlineData("""{ "Analytics": { "NodeAdress": "http://127.0.0.1:7200" } }""", "Analytics:NodeAdress")]
    [InlineData("""{ "Analytics": { "NodeAddress": "http://127.0.0.1:7200", "Store": "postgres" } }""", "Analytics:Store")]
    [InlineData("""{ "Analytics": { "NodeAddress": "node-customs:7200" } }""", "Analytics:NodeAddress")]
    [InlineData("""{ "Analytics": { "NodeAddress": "http://127.0.0.1:7200", "PollIntervalMs": "soon" } }""", "Analytics:PollIntervalMs")]
    [InlineData("""{ "Analytics": { "NodeAddress": "http://127.0.0.1:7200", "Store": "clickhouse" } }""", "Analytics:ClickHouse:ConnectionString")]
    [InlineData("""{ "Analytics": { "NodeAddress": "http://127.0.0.1:7200", "Store": "clickhouse", "ClickHouse": { "ConnectionString": "Host=ch;Password=x" } } }""", "Analytics:ClickHouse:Password")]
    [InlineData("""{ "Analytics": { "NodeAddress": "http://127.0.0.1:7200", "Jobs": { "BackupsToKeep": 0 } } }""", "Analytics:Jobs")]
    [InlineData("""{ "Analytics": { "NodeAddress": "http://127.0.0.1:7200", "Jobs": { "Sla": 5 } } }""", "Analytics:Jobs:Sla")]
    public void analytics_run_refuses_a_bad_configuration_naming_the_key(string json, string key)
    {
        var result = CliRunner.Run("analytics", "run", "--config", Write("analytics.json", json));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(key, result.Error);
    }

    [Theory]
    [InlineData("""{ "Api": { } }""", "Api:NodeAddress")]
    [InlineData("""{ "Api": { "NodeAddress": "http://127.0.0.1:7200", "Suite": "rsa" } }""", "Api:Suite")]
    [InlineData("""{ "Api": { "NodeAddress": "http://127.0.0.1:7200", "RateLimitBurst": 1, "RateLimitPerSecond": 5 } }""", "Api:RateLimitPerSecond")]
    [InlineData("""{ "Api": { "NodeAddress": "http://127.0.0.1:7200", "AnalyticsDirectory": "x" } }""", "Analytics:DuckDb:DataDirectory")]
    [InlineData("""{ "Api": { "NodeAddress": "http://127.0.0.1:7200" }, "Analytics": { "NodeAddress": "http://127.0.0.1:7200" } }""", "Analytics:NodeAddress")]
    [InlineData("""{ "Api": { "NodeAddress": "http://127.0.0.1:7200", "TokenKey": "a:b" } }""", "Api:TokenKey")]
    public void api_run_refuses_a_bad_configuration_naming_the_key(string json, string key)
    {
        var result = CliRunner.Run("api", "run", "--config", Write("api.json", json));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(key, result.Error);
    }

    [Fact]
    public void a_missing_config_file_and_a_bad_probe_url_are_usage_errors()
    {
        var missing = Path.Combine(_dir, "missing.json");
        Assert.Equal(2, CliRunner.Run("analytics", "run", "--config", missing).ExitCode);
        Assert.Equal(2, CliRunner.Run("api", "run", "--config", missing).ExitCode);
        Assert.Equal(2, CliRunner.Run("api", "probe", "--url", "not a url").ExitCode);
    }

    [Fact]
    public void analytics_migrate_creates_the_store_and_refuses_run_only_keys()
    {
        var directory = Path.Combine(_dir, "analytics");
        var migrated = CliRunner.Run("analytics", "migrate", "--config", Write("store.json", $$"""{ "Analytics": { "DuckDb": { "DataDirectory": "{{Json(directory)}}", "MemoryLimitMiB": 256 } } }"""));
        Assert.True(migrated.ExitCode == 0, migrated.Error);
        Assert.Contains("schema up to date", migrated.Output);
        Assert.True(File.Exists(Path.Combine(directory, "analytics.duckdb")));
        var refused = CliRunner.Run("analytics", "migrate", "--config", Write("run.json", """{ "Analytics": { "NodeAddress": "http://127.0.0.1:7200" } }"""));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Analytics:NodeAddress", refused.Error);
    }

    [Fact]
    public void analytics_run_once_reports_a_node_that_does_not_answer()
    {
        var config = Write("analytics.json", $$"""
            { "Analytics": { "NodeAddress": "http://127.0.0.1:{{ServicePorts.Free()}}", "DuckDb": { "DataDirectory": "{{Json(Path.Combine(_dir, "analytics"))}}", "MemoryLimitMiB": 256 } } }
            """);
        var result = CliRunner.Run("analytics", "run", "--config", config, "--once");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("did not answer", result.Error);
    }

    [Fact]
    public void api_key_issues_a_key_once_and_refuses_an_unknown_role()
    {
        var config = Write("api.json", $$"""{ "Api": { "NodeAddress": "http://127.0.0.1:7200", "DataDirectory": "{{Json(Path.Combine(_dir, "api"))}}" } }""");
        var first = CliRunner.Run("api", "key", "--config", config, "--principal", "ops", "--role", "operator");
        var second = CliRunner.Run("api", "key", "--config", config, "--principal", "ops", "--role", "operator");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Matches(@"tck_\S+", first.Output);
        Assert.NotEqual(first.Output, second.Output);
        Assert.DoesNotContain(first.Output.Split(": ")[^1].Trim(), File.ReadAllText(Path.Combine(_dir, "api", "principals.json")));
        var bad = CliRunner.Run("api", "key", "--config", config, "--principal", "ops", "--role", "admin");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--role 'admin'", bad.Error);
    }

    [Fact]
    public void secret_files_become_the_variables_the_commands_read()
    {
        var files = new Dictionary<string, byte[]>
        {
            ["/run/secrets/passphrase"] = "correct horse\n"u8.ToArray(),
            ["/run/secrets/empty"] = [],
            ["/run/secrets/huge"] = new byte[SecretFileVariables.MaxSecretBytes + 1],
        };
        byte[] Read(string path) => files.TryGetValue(path, out var content) ? content : throw new FileNotFoundException($"no {path}");

        var plan = SecretFileVariables.Resolve(new Dictionary<string, string>
        {
            ["TRADECHAIN_KEY_PASSPHRASE_FILE"] = "/run/secrets/passphrase",
            ["TRADECHAIN__ANALYTICS__CLICKHOUSE__PASSWORD_FILE"] = "/run/secrets/passphrase",
            ["OTHER_PASSWORD_FILE"] = "/run/secrets/passphrase",
        }, Read);
        Assert.Empty(plan.Problems);
        Assert.Equal("correct horse", plan.Assignments["TRADECHAIN_KEY_PASSPHRASE"]);
        Assert.Equal("correct horse", plan.Assignments["TRADECHAIN__ANALYTICS__CLICKHOUSE__PASSWORD"]);
        Assert.False(plan.Assignments.ContainsKey("OTHER_PASSWORD"));

        var bad = SecretFileVariables.Resolve(new Dictionary<string, string>
        {
            ["TRADECHAIN_A_FILE"] = "/run/secrets/missing",
            ["TRADECHAIN_B_FILE"] = "/run/secrets/empty",
            ["TRADECHAIN_C_FILE"] = "/run/secrets/huge",
            ["TRADECHAIN_D_FILE"] = "/run/secrets/passphrase",
            ["TRADECHAIN_D"] = "literal",
        }, Read);
        Assert.Empty(bad.Assignments);
        Assert.Collection(bad.Problems,
            p => Assert.Contains("TRADECHAIN_A_FILE: cannot read", p),
            p => Assert.Contains("TRADECHAIN_B_FILE: the secret file '/run/secrets/empty' is empty", p),
            p => Assert.Contains("TRADECHAIN_C_FILE", p),
            p => Assert.Contains("TRADECHAIN_D_FILE and TRADECHAIN_D are both set", p));
    }

    [Fact]
    public void the_projector_service_waits_out_an_absent_node_and_stops_on_anything_else()
    {
        Assert.True(Hosting.ProjectorService.IsNodeUnavailable(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "connection refused"))));
        Assert.True(Hosting.ProjectorService.IsNodeUnavailable(new InvalidOperationException("wrapped", new HttpRequestException("reset"))));
        Assert.False(Hosting.ProjectorService.IsNodeUnavailable(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, "bad height"))));
        Assert.False(Hosting.ProjectorService.IsNodeUnavailable(new InvalidDataException("a block that does not decode")));
        var delays = new List<int>();
        var delayMs = 0;
        for (var i = 0; i < 8; i++)
        {
            delays.Add(delayMs = Hosting.ProjectorService.NextDelayMs(delayMs));
        }
        Assert.Equal([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000], delays);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Json(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);
}
