using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TradeChain.Api.Hosting;
using TradeChain.Cli.Configuration;
using TradeChain.Cli.Hosting;
using TradeChain.Ingest.Commands;
using TradeChain.Ingest.Kafka;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace TradeChain.Cli.Tests;

/// <summary>
/// Checks a compose file against the program it deploys, so the two cannot drift: every
/// tradechain service's command (and health check, and each tradechain line of a script it runs)
/// parses in the program's own System.CommandLine tree; every TRADECHAIN__ variable is a key of
/// the options classes that command binds (<see cref="ConfigurationSchema"/>), and the command's
/// own validation passes on the resulting configuration; a --config file mounted from the
/// repository binds and validates too; secrets are declared, mounted and made by the secrets
/// script; build contexts, Dockerfiles, the files they copy and every bind-mounted file exist;
/// depends_on conditions can be met. Each problem is one sentence naming the service.
/// </summary>
internal sealed partial class ComposeDriftChecker(string composeDirectory, IReadOnlySet<string>? madeSecrets)
{
    private const string SecretsMount = "/run/secrets/";
    private static readonly RootCommand Program = TradeChainCli.Build();

    private readonly List<string> _problems = [];

    public static IReadOnlyList<string> Check(string composeYaml, string composeDirectory, IReadOnlySet<string>? madeSecrets = null)
    {
        var checker = new ComposeDriftChecker(composeDirectory, madeSecrets);
        checker.CheckDocument(Parse(composeYaml));
        return checker._problems;
    }

    /// <summary>The compose document with YAML merge keys (&lt;&lt;: *anchor) resolved, as Compose reads it.</summary>
    public static Dictionary<object, object> Parse(string yaml) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(new StringReader(yaml))));

    private void CheckDocument(Dictionary<object, object> document)
    {
        var services = Map(document, "services");
        var volumes = Map(document, "volumes").Keys.Select(k => (string)k).ToHashSet(StringComparer.Ordinal);
        var secrets = Map(document, "secrets");
        foreach (var (name, value) in secrets)
        {
            var file = Scalar(value, "file");
            if (file is null || !file.StartsWith("./secrets/", StringComparison.Ordinal))
            {
                _problems.Add($"secret {name}: a file under ./secrets/ (made by scripts/make-secrets.sh) is expected, got '{file}'");
            }
            else if (madeSecrets is not null && !madeSecrets.Contains(file["./secrets/".Length..]))
            {
                _problems.Add($"secret {name}: scripts/make-secrets.sh does not make {file}");
            }
        }
        foreach (var (key, value) in services)
        {
            CheckService((string)key, (Dictionary<object, object>)value, services, volumes, secrets.Keys.Select(k => (string)k).ToHashSet(StringComparer.Ordinal));
        }
    }

    private void CheckService(string name, Dictionary<object, object> service, Dictionary<object, object> services, HashSet<string> volumes, HashSet<string> declaredSecrets)
    {
        var mounts = CheckVolumes(name, service, volumes);
        var serviceSecrets = List(service, "secrets").Select(s => s as string ?? Scalar(s, "source") ?? "").ToHashSet(StringComparer.Ordinal);
        foreach (var secret in serviceSecrets.Where(s => !declaredSecrets.Contains(s)))
        {
            _problems.Add($"{name}: secret '{secret}' is not declared under secrets:");
        }
        foreach (var (dependency, condition) in Map(service, "depends_on"))
        {
            if (!services.TryGetValue(dependency, out var target))
            {
                _problems.Add($"{name}: depends on '{dependency}', which is not a service");
                continue;
            }
            var wanted = Scalar(condition, "condition");
            if (wanted == "service_healthy" && Map(target, "healthcheck").Count == 0)
            {
                _problems.Add($"{name}: waits for {dependency} to be healthy, but {dependency} has no healthcheck");
            }
            if (wanted == "service_completed_successfully" && Scalar(target, "restart") != "no")
            {
                _problems.Add($"{name}: waits for {dependency} to complete, but {dependency} restarts (restart: \"no\" expected for a job)");
            }
        }

        var image = Scalar(service, "image") ?? "";
        if (!image.StartsWith("tradechain", StringComparison.Ordinal))
        {
            return;
        }
        var build = CheckBuild(name, service);
        var environment = Map(service, "environment").ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? "", StringComparer.Ordinal);
        var entrypoint = List(service, "entrypoint").Select(e => e.ToString()!).ToList();
        var allowedPlainVariables = new HashSet<string>(StringComparer.Ordinal) { IngestCliConfig.DefaultPassphraseVariable, ApiComposition.PassphraseVariable };
        string? commandPath = null;
        if (entrypoint.Count > 0)
        {
            // A script from the image: it must be copied in, and each tradechain line in it must parse.
            if (entrypoint is not ["/bin/sh", var scriptInImage])
            {
                _problems.Add($"{name}: a tradechain service's entrypoint is the program, or /bin/sh with one script of the image (got {string.Join(' ', entrypoint)})");
            }
            else if (build is null || ScriptSource(build.Value.Dockerfile, build.Value.Context, scriptInImage) is not { } script)
            {
                _problems.Add($"{name}: {scriptInImage} is not copied into the image by the Dockerfile");
            }
            else
            {
                var text = File.ReadAllText(script);
                foreach (var line in TradeChainLines(text))
                {
                    CheckCommandLine($"{name} ({Path.GetFileName(script)})", line);
                }
                allowedPlainVariables.UnionWith(ShellVariable().Matches(text).Select(m => m.Groups[1].Value));
            }
        }
        else
        {
            var command = List(service, "command").Select(c => c.ToString()!).ToArray();
            commandPath = CheckCommandLine(name, command);
            CheckConfigFile(name, command, mounts);
        }
        if (List(Map(service, "healthcheck"), "test").Select(t => t.ToString()!).ToArray() is ["CMD", "tradechain", .. var probe])
        {
            CheckCommandLine($"{name} healthcheck", probe);
        }
        CheckEnvironment(name, commandPath, environment, serviceSecrets, allowedPlainVariables);
    }

    private void CheckEnvironment(string name, string? commandPath, Dictionary<string, string> environment, HashSet<string> serviceSecrets, HashSet<string> allowedPlainVariables)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, value) in environment)
        {
            var effective = variable;
            var effectiveValue = value;
            if (variable.StartsWith(SecretFileVariables.Prefix, StringComparison.Ordinal) && variable.EndsWith(SecretFileVariables.Suffix, StringComparison.Ordinal))
            {
                effective = variable[..^SecretFileVariables.Suffix.Length];
                // A stand-in shaped like every secret the program takes: an "id:base64" token key is the strictest.
                effectiveValue = "placeholder:c2VjcmV0";
                if (!value.StartsWith(SecretsMount, StringComparison.Ordinal) || !serviceSecrets.Contains(value[SecretsMount.Length..]))
                {
                    _problems.Add($"{name}: {variable} must name a secret mounted in this service (/run/secrets/<one of {string.Join(", ", serviceSecrets)}>), got '{value}'");
                }
            }
            if (TradeChainConfiguration.KeyOf(effective) is { } key)
            {
                keys[key] = effectiveValue;
            }
            else if (effective.StartsWith(SecretFileVariables.Prefix, StringComparison.Ordinal) && !allowedPlainVariables.Contains(effective))
            {
                _problems.Add($"{name}: {effective} is read neither by the program nor by the service's script");
            }
        }
        if (commandPath is null)
        {
            return;
        }
        if (!ConfigurationSchema.RootByCommand.TryGetValue(commandPath, out var root))
        {
            foreach (var key in keys.Keys)
            {
                _problems.Add($"{name}: 'tradechain {commandPath}' reads no TRADECHAIN__ variables (its --config file only), yet {key} is set");
            }
            return;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        foreach (var unknown in ConfigurationSchema.UnknownKeys(root, configuration))
        {
            _problems.Add($"{name}: {unknown} is not a setting of 'tradechain {commandPath}' ({root.Name})");
        }
        foreach (var problem in ValidationProblems(commandPath, configuration))
        {
            _problems.Add($"{name}: {problem}");
        }
    }

    /// <summary>The command's own start-up validation on the configuration the environment gives it (node.json is made at run time, so only the node's keys are checked).</summary>
    private static IReadOnlyList<string> ValidationProblems(string commandPath, IConfiguration configuration)
    {
        // Unknown keys are reported apart; here the known ones are bound as the binder does and validated.
        try
        {
            return commandPath switch
            {
                "analytics run" => configuration.Get<AnalyticsRunConfiguration>()?.Analytics.Validate() ?? new AnalyticsRunOptions().Validate(),
                "analytics migrate" => configuration.Get<AnalyticsStoreConfiguration>()?.Analytics.Validate() ?? new AnalyticsStoreOptions().Validate(),
                "api run" or "api key" => (configuration.Get<ApiRunConfiguration>() ?? new ApiRunConfiguration()).Validate(configuration),
                _ => [],
            };
        }
        catch (InvalidOperationException e)
        {
            return [e.Message];
        }
    }

    /// <summary>Parses argv in the program's tree; returns the command path ("node run") or null with a problem.</summary>
    private string? CheckCommandLine(string where, IReadOnlyList<string> args)
    {
        var result = Program.Parse(args.ToArray());
        if (result.Errors.Count > 0)
        {
            _problems.Add($"{where}: 'tradechain {string.Join(' ', args)}' does not parse: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            return null;
        }
        if (result.CommandResult.Command.Action is null)
        {
            _problems.Add($"{where}: 'tradechain {string.Join(' ', args)}' names a command group, not a command");
            return null;
        }
        var names = new List<string>();
        for (var command = result.CommandResult; command is not null && command.Command is not RootCommand; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, command.Command.Name);
        }
        return string.Join(' ', names);
    }

    /// <summary>A --config file given to the command must come from a mount; from the repository, it must bind and validate.</summary>
    private void CheckConfigFile(string name, string[] command, IReadOnlyList<(string Source, string Target, bool Bind)> mounts)
    {
        var index = Array.IndexOf(command, "--config");
        if (index < 0 || index + 1 >= command.Length)
        {
            return;
        }
        var inContainer = command[index + 1];
        if (mounts.FirstOrDefault(m => inContainer == m.Target || inContainer.StartsWith(m.Target + "/", StringComparison.Ordinal)) is not { Target: not null } mount)
        {
            _problems.Add($"{name}: --config {inContainer} is on no volume or bind mount of the service");
            return;
        }
        if (!mount.Bind || mount.Target != inContainer)
        {
            return; // made at run time on a volume (node.json by consortium-init)
        }
        var file = Path.GetFullPath(mount.Source, composeDirectory);
        if (command is ["ingest", ..] && File.Exists(file))
        {
            foreach (var problem in IngestConfigProblems(file, mounts))
            {
                _problems.Add($"{name}: {Path.GetFileName(file)}: {problem}");
            }
        }
    }

    /// <summary>An ingest config: Ingest binds to <see cref="IngestOptions"/>, Ledger to <see cref="IngestCliConfig"/>'s keys, the loader's validation passes, the key file is mounted.</summary>
    public static IReadOnlyList<string> IngestConfigProblems(string file, IReadOnlyList<(string Source, string Target, bool Bind)> mounts)
    {
        var problems = new List<string>();
        var configuration = IngestCliConfig.FromJson(File.ReadAllBytes(file));
        var ledgerKeys = typeof(IngestCliConfig).GetProperties().Where(p => p.Name != nameof(IngestCliConfig.Ingest)).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetChildren())
        {
            if (section.Key.Equals(IngestOptions.SectionName, StringComparison.OrdinalIgnoreCase))
            {
                problems.AddRange(ConfigurationSchema.UnknownKeys(typeof(IngestOptions), section).Select(k => $"{k} is not an ingest setting"));
            }
            else if (section.Key.Equals(IngestCliConfig.LedgerSectionName, StringComparison.OrdinalIgnoreCase))
            {
                problems.AddRange(section.GetChildren().Where(c => !ledgerKeys.Contains(c.Key)).Select(c => $"{c.Path} is not a Ledger setting ({string.Join(", ", ledgerKeys)})"));
            }
            else
            {
                problems.Add($"section {section.Key} is read by nothing");
            }
        }
        try
        {
            var loaded = IngestCliConfig.Load(file);
            if (!mounts.Any(m => loaded.MemberKeyFile.StartsWith(m.Target + "/", StringComparison.Ordinal)))
            {
                problems.Add($"Ledger:MemberKeyFile {loaded.MemberKeyFile} is on no mount of the service");
            }
        }
        catch (InvalidDataException e)
        {
            problems.Add(e.Message);
        }
        return problems;
    }

    private List<(string Source, string Target, bool Bind)> CheckVolumes(string name, Dictionary<object, object> service, HashSet<string> volumes)
    {
        var mounts = new List<(string, string, bool)>();
        foreach (var entry in List(service, "volumes"))
        {
            string source, target;
            if (entry is string shortForm)
            {
                var parts = shortForm.Split(':');
                (source, target) = (parts[0], parts.Length > 1 ? parts[1] : parts[0]);
            }
            else
            {
                (source, target) = (Scalar(entry, "source") ?? "", Scalar(entry, "target") ?? "");
            }
            var bind = source.StartsWith('.') || source.StartsWith('/');
            if (bind && !File.Exists(Path.GetFullPath(source, composeDirectory)) && !Directory.Exists(Path.GetFullPath(source, composeDirectory)))
            {
                _problems.Add($"{name}: bind mount source {source} does not exist");
            }
            if (!bind && !volumes.Contains(source))
            {
                _problems.Add($"{name}: volume '{source}' is not declared under volumes:");
            }
            mounts.Add((source, target, bind));
        }
        return mounts;
    }

    /// <summary>Checks build context, Dockerfile and the files it copies; returns their paths, or null.</summary>
    private (string Dockerfile, string Context)? CheckBuild(string name, Dictionary<object, object> service)
    {
        var build = Map(service, "build");
        if (build.Count == 0)
        {
            _problems.Add($"{name}: a tradechain service needs a build section (infra/Dockerfile)");
            return null;
        }
        var context = Path.GetFullPath(Scalar(build, "context") ?? ".", composeDirectory);
        var dockerfile = Path.GetFullPath(Scalar(build, "dockerfile") ?? "Dockerfile", context);
        if (!Directory.Exists(context))
        {
            _problems.Add($"{name}: build context {context} does not exist");
            return null;
        }
        if (!File.Exists(dockerfile))
        {
            _problems.Add($"{name}: Dockerfile {dockerfile} does not exist");
            return null;
        }
        foreach (var (sources, _) in Copies(dockerfile))
        {
            foreach (var source in sources.Where(s => !File.Exists(Path.Combine(context, s)) && !Directory.Exists(Path.Combine(context, s))))
            {
                _problems.Add($"{name}: {Path.GetFileName(dockerfile)} copies {source}, which is not in the build context");
            }
        }
        return (dockerfile, context);
    }

    /// <summary>The repository file a COPY puts at <paramref name="inImage"/>, or null.</summary>
    private static string? ScriptSource(string dockerfile, string context, string inImage) => Copies(dockerfile).Where(c => c.Destination == inImage && c.Sources.Count == 1).Select(c => Path.Combine(context, c.Sources[0])).FirstOrDefault(File.Exists);

    /// <summary>COPY instructions from the build context (not --from another stage): sources and destination.</summary>
    private static IEnumerable<(IReadOnlyList<string> Sources, string Destination)> Copies(string dockerfile) =>
        File.ReadAllLines(dockerfile)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal))
            .Select(l => l[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => ((IReadOnlyList<string>)p[..^1], p[^1]));

    /// <summary>The arguments of each tradechain invocation in a shell script (continuation lines joined, quotes removed).</summary>
    public static IEnumerable<string[]> TradeChainLines(string script)
    {
        var joined = script.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in joined.Split('\n'))
        {
            var words = ShellWords(line.Trim());
            var at = words.IndexOf("tradechain");
            if (at >= 0 && !line.TrimStart().StartsWith('#'))
            {
                yield return [.. words.Skip(at + 1)];
            }
        }
    }

    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    private static Dictionary<object, object> Map(object? node, string key) =>
        node is Dictionary<object, object> map && map.TryGetValue(key, out var value) && value is Dictionary<object, object> child ? child : [];

    private static List<object> List(object? node, string key) =>
        node is Dictionary<object, object> map && map.TryGetValue(key, out var value) && value is List<object> child ? child : [];

    private static string? Scalar(object? node, string key) =>
        node is Dictionary<object, object> map && map.TryGetValue(key, out var value) ? value as string : null;

    [GeneratedRegex(@"\$\{?([A-Z][A-Z0-9_]*)")]
    private static partial Regex ShellVariable();
}
