using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Configuration;
using TradeChain.Node.Genesis;
using TradeChain.Node.Transport;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain node init</c>: prepares a node directory — the member's ledger key, the node's
/// TLS transport key with a certificate bound to the member key, and <c>node.json</c> (config plus
/// the member profile <c>tradechain genesis</c> reads). Idempotent: run it again with
/// <c>--genesis</c> once the network's genesis exists; keys are never replaced silently.
/// </summary>
internal static class NodeInitCommand
{
    public const string ConfigFileName = "node.json";
    public const string MemberKeyFile = "keys/member.key.pem";
    public const string MemberPublicKeyFile = "keys/member.pub.pem";

    public static Command Create()
    {
        var dirOption = new Option<DirectoryInfo>("--dir") { Description = "The node directory (created if missing): node.json, keys/, data/.", Required = true };
        var memberOption = new Option<string?>("--member") { Description = "This node's member id (required the first time)." };
        var suiteOption = new Option<string?>("--suite") { Description = "Key type for a new member key: sm or intl (must match the network's suite)." };
        var nameOption = new Option<string?>("--name") { Description = "The member organisation's name, for the genesis." };
        var rolesOption = new Option<string?>("--roles") { Description = $"Comma-separated roles for the genesis: {string.Join(", ", MemberInfo.KnownRoles)}." };
        var peerListenOption = new Option<string?>("--peer-listen") { Description = "Peer endpoint to listen on, address:port (default 127.0.0.1:7100)." };
        var clientListenOption = new Option<string?>("--client-listen") { Description = "Client endpoint to listen on, address:port (default 127.0.0.1:7200)." };
        var addressOption = new Option<string?>("--address") { Description = "The peer URL other members dial, for the genesis (default https://<peer-listen>)." };
        var genesisOption = new Option<FileInfo?>("--genesis") { Description = "The network's genesis.json: copied into the node directory and its hash pinned in node.json." };
        var plaintextOption = new Option<bool>("--plaintext") { Description = "Peers without TLS (transport.plaintextForLocalDevelopment): one machine only." };
        var rotateOption = new Option<bool>("--rotate-transport-key") { Description = "Replace the TLS transport key and certificate (the member key stays)." };
        var passphraseEnvOption = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the member key's passphrase: a new key is written encrypted, an existing one read with it; recorded as node.memberKeyPassphraseEnv." };
        var command = new Command("init", "Create a node directory: member key, member-bound TLS certificate, node.json; pin the genesis hash with --genesis.")
        {
            dirOption, memberOption, suiteOption, nameOption, rolesOption, peerListenOption, clientListenOption, addressOption, genesisOption, plaintextOption, rotateOption, passphraseEnvOption,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var dir = parseResult.GetRequiredValue(dirOption).FullName;
            var configPath = Path.Combine(dir, ConfigFileName);
            JsonObject config;
            try
            {
                config = File.Exists(configPath) ? JsonNode.Parse(File.ReadAllText(configPath)) as JsonObject ?? new JsonObject() : new JsonObject();
            }
            catch (JsonException e)
            {
                error.WriteLine($"node init: {configPath} is not JSON: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var node = Section(config, "node");
            var member = Section(config, "member");
            var listen = Section(config, "listen");
            var memberId = parseResult.GetValue(memberOption) ?? (string?)node["memberId"];
            if (string.IsNullOrWhiteSpace(memberId))
            {
                error.WriteLine("node init: --member is required for a new node directory");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            NetworkConfiguration? genesis = null;
            if (parseResult.GetValue(genesisOption) is { } genesisFile)
            {
                try
                {
                    genesis = GenesisFile.ReadFile(genesisFile.FullName);
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
                {
                    error.WriteLine($"node init: cannot use genesis {genesisFile.FullName}: {e.Message}");
                    return TradeChainCli.ExitCodes.UsageOrInput;
                }
            }
            var suiteName = parseResult.GetValue(suiteOption) ?? (string?)member["suite"] ?? (genesis is null ? null : AlgorithmNames.Of(genesis.Suite));
            if (suiteName is not ("sm" or "intl"))
            {
                error.WriteLine("node init: --suite sm|intl is required for a new member key (the network's suite)");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(suiteName));
            if (genesis is not null && genesis.Suite != suite.Id)
            {
                error.WriteLine($"node init: the genesis is under suite {AlgorithmNames.Of(genesis.Suite)}, this member's key under {suiteName}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }

            // Once given, the variable is remembered in node.json, so a later 'node init --genesis' reads the key the same way.
            var passphraseEnv = parseResult.GetValue(passphraseEnvOption) is { Length: > 0 } given ? given : (string?)node["memberKeyPassphraseEnv"] is { Length: > 0 } kept ? kept : null;
            string? passphrase = null;
            if (passphraseEnv is not null)
            {
                passphrase = Environment.GetEnvironmentVariable(passphraseEnv);
                if (string.IsNullOrEmpty(passphrase))
                {
                    error.WriteLine($"node init: the member key's passphrase variable {passphraseEnv} is not set (or empty)");
                    return TradeChainCli.ExitCodes.UsageOrInput;
                }
            }
            Directory.CreateDirectory(Path.Combine(dir, "keys"));
            var keyPath = Path.Combine(dir, MemberKeyFile);
            ISigningKey memberKey;
            try
            {
                if (File.Exists(keyPath))
                {
                    memberKey = suite.ImportSigningKey(File.ReadAllText(keyPath), passphrase);
                }
                else
                {
                    memberKey = suite.GenerateSigningKey();
                    WritePrivate(keyPath, memberKey.ExportPkcs8Pem(passphrase));
                    File.WriteAllText(Path.Combine(dir, MemberPublicKeyFile), memberKey.ExportPublicKeyPem().TrimEnd('\n') + "\n");
                    output.WriteLine(passphrase is null
                        ? $"member key:      {keyPath} (new, {AlgorithmNames.Of(memberKey.Algorithm)}, not encrypted: give --passphrase-env to encrypt it)"
                        : $"member key:      {keyPath} (new, {AlgorithmNames.Of(memberKey.Algorithm)}, encrypted with the passphrase in {passphraseEnv})");
                }
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                error.WriteLine($"node init: {keyPath} is not a {suiteName} key readable {(passphrase is null ? "without a passphrase (give --passphrase-env)" : $"with the passphrase in {passphraseEnv}")}: {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            using (memberKey)
            {
                if (genesis?.Member(memberId) is { } genesisMember && !genesisMember.PublicKey.Equals(memberKey.PublicKey))
                {
                    error.WriteLine($"node init: the genesis lists a different key for member '{memberId}' than {keyPath}");
                    return TradeChainCli.ExitCodes.UsageOrInput;
                }
                var certificatePath = Path.Combine(dir, "keys", "transport.crt.pem");
                var transportKeyPath = Path.Combine(dir, "keys", "transport.key.pem");
                if (!File.Exists(certificatePath) || parseResult.GetValue(rotateOption))
                {
                    using var certificate = TransportIdentity.Create(memberId, memberKey, DateTimeOffset.UtcNow);
                    TransportIdentity.Save(certificate, certificatePath, transportKeyPath);
                    output.WriteLine($"transport cert:  {certificatePath} (P-256, bound to the member key)");
                }
            }

            node["memberId"] = memberId;
            node["dataDirectory"] ??= "data";
            node["genesisFile"] ??= "genesis.json";
            node["memberKeyFile"] ??= MemberKeyFile;
            node["memberKeyPassphraseEnv"] = passphraseEnv ?? "";
            node["transportCertificateFile"] ??= "keys/transport.crt.pem";
            node["transportKeyFile"] ??= "keys/transport.key.pem";
            node["adminToken"] ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            node["expectedGenesisHash"] ??= "";
            listen["peer"] = parseResult.GetValue(peerListenOption) ?? (string?)listen["peer"] ?? "127.0.0.1:7100";
            listen["client"] = parseResult.GetValue(clientListenOption) ?? (string?)listen["client"] ?? "127.0.0.1:7200";
            if (parseResult.GetValue(plaintextOption))
            {
                Section(config, "transport")["plaintextForLocalDevelopment"] = true;
            }
            member["suite"] = suiteName;
            member["name"] = parseResult.GetValue(nameOption) ?? (string?)member["name"] ?? memberId;
            member["roles"] = parseResult.GetValue(rolesOption) ?? (string?)member["roles"] ?? "port";
            var scheme = parseResult.GetValue(plaintextOption) || (bool?)Section(config, "transport")["plaintextForLocalDevelopment"] == true ? "http" : "https";
            member["address"] = parseResult.GetValue(addressOption) ?? (string?)member["address"] ?? $"{scheme}://{listen["peer"]}";
            if (genesis is not null)
            {
                File.WriteAllText(Path.Combine(dir, "genesis.json"), GenesisFile.Write(genesis));
                node["genesisFile"] = "genesis.json";
                node["expectedGenesisHash"] = genesis.Hash().ToString();
                output.WriteLine($"genesis:         {genesis.ChainId}, hash {genesis.Hash()}");
            }
            File.WriteAllText(configPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            output.WriteLine($"config:          {configPath}");
            if (genesis is null)
            {
                output.WriteLine("next:            collect the members' node directories with 'tradechain genesis', then run 'tradechain node init --dir DIR --genesis genesis.json'");
            }
            else
            {
                var problems = NodeOptions.Load(configPath).Validate();
                foreach (var problem in problems)
                {
                    error.WriteLine($"node init: config problem: {problem}");
                }
                if (problems.Count > 0)
                {
                    return TradeChainCli.ExitCodes.UsageOrInput;
                }
                output.WriteLine($"next:            tradechain node run --config {configPath}");
            }
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }

    private static JsonObject Section(JsonObject config, string name)
    {
        if (config[name] is not JsonObject section)
        {
            section = new JsonObject();
            config[name] = section;
        }
        return section;
    }

    private static void WritePrivate(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem.TrimEnd('\n') + "\n");
    }
}
