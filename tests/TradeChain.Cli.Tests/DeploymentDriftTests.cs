using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using TradeChain.Cli.Configuration;
using TradeChain.Ingest.Kafka;
using TradeChain.Node.Configuration;
using TradeChain.Node.Genesis;

namespace TradeChain.Cli.Tests;

/// <summary>
/// infra/ cannot drift from the code: the compose file, its scripts, the ingest configs and the
/// configuration reference in docs/deploy.md are checked against the program's command tree and
/// options classes (no Docker engine is needed, and none runs here), and the checker itself is
/// shown to catch misspellings.
/// </summary>
[Trait("Category", "Deployment")]
public sealed class DeploymentDriftTests : IDisposable
{
    private static readonly string Repository = FindRepository();
    private static readonly string Infra = Path.Combine(Repository, "infra");
    private readonly string _dir = Directory.CreateTempSubdirectory("tc-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void the_compose_file_matches_the_program()
    {
        var problems = ComposeDriftChecker.Check(File.ReadAllText(Path.Combine(Infra, "docker-compose.yml")), Infra, MadeSecrets());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("TRADECHAIN__API__NODEADDRESS:", "TRADECHAIN__API__NODEADRESS:", "API:NODEADRESS is not a setting of 'tradechain api run'")]
    [InlineData("TRADECHAIN__API__NODEADDRESS:", "TRADECHAIN__API__NODEADRESS:", "Api:NodeAddress must be the member node's client endpoint")]
    [InlineData("TRADECHAIN__TELEMETRY__LOGFORMAT:", "TRADECHAIN__TELEMETRY__LOGFMT:", "TELEMETRY:LOGFMT is not a setting of 'tradechain node run'")]
    [InlineData("TRADECHAIN__ANALYTICS__STORE: clickhouse", "TRADECHAIN__ANALYTICS__STORE: clickhose", "Analytics:Store must be 'duckdb' or 'clickhouse'")]
    [InlineData("TRADECHAIN__ANALYTICS__POLLINTERVALMS: \"500\"", "TRADECHAIN__ANALYTICS__POLLINTERVALMS: \"half a second\"", "at 'Analytics:PollIntervalMs'")]
    [InlineData("command: [\"analytics\", \"run\"]", "command: [\"analytics\", \"runn\"]", "'tradechain analytics runn' does not parse")]
    [InlineData("\"--urls\"", "\"--url\"", "does not parse")]
    [InlineData("\"status\", \"--address\"", "\"status\", \"--adress\"", "node-customs healthcheck: 'tradechain node status --adress")]
    [InlineData("/run/secrets/api-token-key", "/run/secrets/api-token", "TRADECHAIN__API__TOKENKEYS__0_FILE must name a secret mounted in this service")]
    [InlineData("secrets: [clickhouse-password, api-token-key, sensitive-data-key]", "secrets: [clickhouse-password, api-token-keys, sensitive-data-key]", "secret 'api-token-keys' is not declared")]
    [InlineData("dockerfile: infra/Dockerfile", "dockerfile: infra/Dockerfile.prod", "Dockerfile.prod does not exist")]
    [InlineData("./config/ingest-customs.json", "./config/ingest-custom.json", "bind mount source ./config/ingest-custom.json does not exist")]
    [InlineData("TRADECHAIN_KEY_PASSPHRASE_FILE: /run/secrets/customs-key-passphrase", "TRADECHAIN_KEY_PASSPHRASE_FILE: /run/secrets/customs-key-passphrase\n      TRADECHAIN__INGEST__MEMBERID: customs", "'tradechain ingest run' reads no TRADECHAIN__ variables")]
    [InlineData("TRADECHAIN_CHAIN_ID:", "TRADECHAIN_CHAINID:", "TRADECHAIN_CHAINID is read neither by the program nor by the service's script")]
    [InlineData("/app/scripts/init-consortium.sh\"]", "/app/scripts/init.sh\"]", "/app/scripts/init.sh is not copied into the image")]
    [InlineData("kafka-topics: { condition: service_completed_successfully }", "kafka-1: { condition: service_completed_successfully }", "waits for kafka-1 to complete, but kafka-1 restarts")]
    [InlineData("source: consortium, target: /var/lib/tradechain/keys", "source: consortium-keys, target: /var/lib/tradechain/keys", "volume 'consortium-keys' is not declared")]
    public void the_checker_catches_a_drifted_compose_file(string original, string drifted, string expected)
    {
        var compose = File.ReadAllText(Path.Combine(Infra, "docker-compose.yml"));
        Assert.Contains(original, compose);
        var problems = ComposeDriftChecker.Check(compose.Replace(original, drifted, StringComparison.Ordinal), Infra, MadeSecrets());
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void the_checker_catches_a_misspelt_key_in_a_small_compose_file()
    {
        const string Compose = """
            services:
              analytics:
                image: tradechain:latest
                build: { context: .., dockerfile: infra/Dockerfile }
                command: ["analytics", "run"]
                environment:
                  TRADECHAIN__ANALYTICS__NODEADDRESS: http://node-customs:7200
                  TRADECHAIN__ANALYTICS__JOBS__BACKUPSTOKEEEP: "7"
            """;
        var problems = ComposeDriftChecker.Check(Compose, Infra);
        Assert.Equal(["analytics: ANALYTICS:JOBS:BACKUPSTOKEEEP is not a setting of 'tradechain analytics run' (AnalyticsRunConfiguration)"], problems);
        Assert.Empty(ComposeDriftChecker.Check(Compose.Replace("BACKUPSTOKEEEP", "BACKUPSTOKEEP", StringComparison.Ordinal), Infra));
    }

    [Fact]
    public void the_checker_catches_a_misspelt_key_in_an_ingest_config()
    {
        var original = File.ReadAllText(Path.Combine(Infra, "config", "ingest-customs.json"));
        var drifted = Path.Combine(_dir, "ingest.json");
        File.WriteAllText(drifted, original.Replace("\"BatchMaxEvents\"", "\"BatchMaxEvent\"", StringComparison.Ordinal).Replace("\"PassphraseVariable\"", "\"Passphrase\"", StringComparison.Ordinal));
        (string, string, bool)[] mounts = [("keys", "/var/lib/tradechain/keys", false)];
        Assert.Empty(ComposeDriftChecker.IngestConfigProblems(Path.Combine(Infra, "config", "ingest-customs.json"), mounts));
        var problems = ComposeDriftChecker.IngestConfigProblems(drifted, mounts);
        Assert.Contains(problems, p => p.StartsWith("Ingest:BatchMaxEvent is not an ingest setting", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Ledger:Passphrase is not a Ledger setting", StringComparison.Ordinal));
        Assert.Contains(ComposeDriftChecker.IngestConfigProblems(drifted, [("keys", "/elsewhere", false)]), p => p.Contains("MemberKeyFile", StringComparison.Ordinal));
    }

    [Fact]
    public void every_feed_topic_of_the_ingest_configs_is_created_with_its_dead_letter_topic()
    {
        var script = File.ReadAllText(Path.Combine(Infra, "kafka", "create-topics.sh"));
        var created = Regex.Match(script, @"for topic in \\\n(?<list>[\s\S]*?)\ndo\b").Groups["list"].Value.Split([' ', '\\', '\n'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("create \"$topic.dlq\" 1", script);
        var configs = Directory.GetFiles(Path.Combine(Infra, "config"), "ingest-*.json");
        Assert.Equal(3, configs.Length);
        foreach (var config in configs)
        {
            var topics = Ingest.Commands.IngestCliConfig.Load(config).Ingest.Topics.ByTopic().Keys;
            Assert.All(topics, t => Assert.Contains(t, created));
        }
    }

    [Fact]
    public void the_init_job_makes_four_encrypted_members_and_one_genesis_the_nodes_accept()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(_dir, "secrets")).FullName;
        string[] members = ["customs", "commerce-bureau", "cntsn-terminal", "cnpek-cargo"];
        foreach (var member in members)
        {
            File.WriteAllText(Path.Combine(secrets, $"{member}-key-passphrase"), $"passphrase of {member}\n");
        }
        var consortium = Path.Combine(_dir, "consortium");
        var first = RunScript(Path.Combine(Infra, "scripts", "init-consortium.sh"), new() { ["TRADECHAIN_CONSORTIUM_DIR"] = consortium, ["TRADECHAIN_SECRETS_DIR"] = secrets });
        Assert.True(first.ExitCode == 0, first.Output);

        var genesis = GenesisFile.ReadFile(Path.Combine(consortium, "genesis", "genesis.json"));
        var compose = ComposeDriftChecker.Parse(File.ReadAllText(Path.Combine(Infra, "docker-compose.yml")));
        var services = ((Dictionary<object, object>)compose["services"]).Keys.Cast<string>().ToHashSet(StringComparer.Ordinal);
        Assert.Equal(members.Order(StringComparer.Ordinal), genesis.Members.Select(m => m.MemberId).Order(StringComparer.Ordinal));
        Assert.Equal(4, genesis.Validators.Count);
        foreach (var member in members)
        {
            // Peers dial the address the genesis holds: the member's compose service.
            Assert.Equal($"https://node-{member}:7100", genesis.Member(member)!.Address);
            Assert.Contains($"node-{member}", services);
            var options = NodeOptions.Load(Path.Combine(consortium, member, "node.json"));
            Assert.Empty(options.Validate());
            Assert.Equal(genesis.Hash().ToString(), options.Node.ExpectedGenesisHash);
            // The node services hand the passphrase over as TRADECHAIN_KEY_PASSPHRASE_FILE.
            Assert.Equal(Ingest.Commands.IngestCliConfig.DefaultPassphraseVariable, options.Node.MemberKeyPassphraseEnv);
            Assert.Contains("ENCRYPTED PRIVATE KEY", File.ReadAllText(options.Resolve(options.Node.MemberKeyFile)));
        }

        var second = RunScript(Path.Combine(Infra, "scripts", "init-consortium.sh"), new() { ["TRADECHAIN_CONSORTIUM_DIR"] = consortium, ["TRADECHAIN_SECRETS_DIR"] = secrets });
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("nothing to do", second.Output);
        Assert.Equal(genesis.Hash(), GenesisFile.ReadFile(Path.Combine(consortium, "genesis", "genesis.json")).Hash());
    }

    [Fact]
    public void the_configuration_reference_in_docs_deploy_lists_exactly_the_settings()
    {
        var documented = Regex.Matches(File.ReadAllText(Path.Combine(Repository, "docs", "deploy.md")), @"^\| `((?:Analytics|Api):[A-Za-z:]+)`", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var settings = new HashSet<string>(StringComparer.Ordinal);
        Leaves(typeof(AnalyticsRunConfiguration), "", settings);
        Leaves(typeof(ApiRunConfiguration), "", settings);
        settings.RemoveWhere(s => s.StartsWith(IngestOptions.SectionName + ":", StringComparison.Ordinal));
        Assert.Empty(settings.Except(documented));
        Assert.Empty(documented.Except(settings));
    }

    /// <summary>Every setting's key under a type, as docs/deploy.md writes it (lists end in ":N").</summary>
    private static void Leaves(Type type, string prefix, HashSet<string> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (ConfigurationSchema.Setting(type, property.Name) is null)
            {
                continue;
            }
            var key = prefix + property.Name;
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (t.IsPrimitive || t.IsEnum || t == typeof(string))
            {
                keys.Add(key);
            }
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) && t.GetGenericArguments()[0] == typeof(string))
            {
                keys.Add(key + ":N");
            }
            else
            {
                Leaves(t, key + ":", keys);
            }
        }
    }

    /// <summary>The names infra/scripts/make-secrets.sh makes, from a run on a copy.</summary>
    private IReadOnlySet<string> MadeSecrets()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_dir, "copy", "scripts")).FullName;
        var secrets = Directory.CreateDirectory(Path.Combine(_dir, "copy", "secrets")).FullName;
        File.Copy(Path.Combine(Infra, "scripts", "make-secrets.sh"), Path.Combine(scripts, "make-secrets.sh"), overwrite: true);
        var run = RunScript(Path.Combine(scripts, "make-secrets.sh"), []);
        Assert.True(run.ExitCode == 0, run.Output);
        return Directory.GetFiles(secrets).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Runs a script with sh and a 'tradechain' on PATH that is the built program.</summary>
    private (int ExitCode, string Output) RunScript(string script, Dictionary<string, string> environment)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var wrapper = Path.Combine(bin, "tradechain");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec \"{dotnet}\" \"{Path.Combine(AppContext.BaseDirectory, "tradechain.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within two minutes");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TradeChain.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (TradeChain.sln) is not above the test binaries");
    }
}
