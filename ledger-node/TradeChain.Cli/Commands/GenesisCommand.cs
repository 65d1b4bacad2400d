using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Genesis;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain genesis</c>: makes a network's genesis.json from the members' node directories
/// (each prepared by <c>node init</c>: member id, name, roles, address, public key), with every
/// member a validator of power 1 unless named with <c>--observer</c>; or, with <c>--check</c>,
/// reads a genesis file and prints its hash.
/// </summary>
internal static class GenesisCommand
{
    public static Command Create()
    {
        var chainOption = new Option<string?>("--chain-id") { Description = "The network's chain id (part of every signature)." };
        var suiteOption = new Option<string?>("--suite") { Description = "sm or intl; must match the members' keys." };
        var nodeOption = new Option<DirectoryInfo[]>("--node") { Description = "A member's node directory (made by 'node init'); repeat per member.", AllowMultipleArgumentsPerToken = true };
        var observerOption = new Option<string[]>("--observer") { Description = "A member that is not a validator; repeatable.", AllowMultipleArgumentsPerToken = true };
        var ruleOption = new Option<string>("--governance") { Description = "Approvals a governance transaction needs: more than this fraction of members.", DefaultValueFactory = _ => "1/2" };
        var timeOption = new Option<long?>("--time-ms") { Description = "Genesis time, Unix ms (default: now)." };
        var proposeOption = new Option<long>("--propose-timeout-ms") { Description = "Round-0 propose timeout.", DefaultValueFactory = _ => ConsensusParameters.Default.ProposeTimeoutMs };
        var voteOption = new Option<long>("--vote-timeout-ms") { Description = "Round-0 prevote/precommit timeout.", DefaultValueFactory = _ => ConsensusParameters.Default.VoteTimeoutMs };
        var delayOption = new Option<int>("--validator-change-delay") { Description = "Heights between a validator change's block and its effect.", DefaultValueFactory = _ => ConsensusParameters.Default.ValidatorChangeDelayHeights };
        var outOption = new Option<FileInfo?>("--out") { Description = "Where to write genesis.json." };
        var checkOption = new Option<FileInfo?>("--check") { Description = "Read this genesis file, check it and print its hash (nothing is written)." };
        var command = new Command("genesis", "Make a network's genesis.json from the members' node directories, or --check one and print its hash.")
        {
            chainOption, suiteOption, nodeOption, observerOption, ruleOption, timeOption, proposeOption, voteOption, delayOption, outOption, checkOption,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(checkOption) is { } check)
            {
                try
                {
                    var existing = GenesisFile.ReadFile(check.FullName);
                    output.WriteLine($"chain {existing.ChainId}, suite {AlgorithmNames.Of(existing.Suite)}, {existing.Members.Count} members, {existing.Validators.Count} validators, governance {existing.Governance}");
                    output.WriteLine($"genesis hash: {existing.Hash()}");
                    return TradeChainCli.ExitCodes.Ok;
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
                {
                    error.WriteLine($"genesis: {check.FullName}: {e.Message}");
                    return TradeChainCli.ExitCodes.CheckFailed;
                }
            }
            var chainId = parseResult.GetValue(chainOption);
            var suiteName = parseResult.GetValue(suiteOption);
            var nodes = parseResult.GetValue(nodeOption) ?? [];
            var outFile = parseResult.GetValue(outOption);
            if (chainId is null || suiteName is not ("sm" or "intl") || nodes.Length == 0 || outFile is null)
            {
                error.WriteLine("genesis: give --chain-id, --suite sm|intl, --node DIR (per member) and --out FILE (or --check FILE)");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(suiteName));
            var members = new List<MemberInfo>();
            foreach (var node in nodes)
            {
                try
                {
                    members.Add(ReadMember(node.FullName, suite));
                }
                catch (Exception e) when (e is IOException or FormatException or JsonException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
                {
                    error.WriteLine($"genesis: node directory {node.FullName}: {e.Message}");
                    return TradeChainCli.ExitCodes.UsageOrInput;
                }
            }
            var rule = parseResult.GetRequiredValue(ruleOption).Split('/');
            if (rule.Length != 2 || !int.TryParse(rule[0], out var numerator) || !int.TryParse(rule[1], out var denominator))
            {
                error.WriteLine("genesis: --governance is a fraction such as 1/2 or 2/3");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var observers = (parseResult.GetValue(observerOption) ?? []).ToHashSet(StringComparer.Ordinal);
            var configuration = new NetworkConfiguration(
                chainId,
                suite.Id,
                BlockHeader.CurrentProtocolVersion,
                typeof(GenesisCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                parseResult.GetValue(timeOption) ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray(),
                members.Where(m => !observers.Contains(m.MemberId)).Select(m => new ValidatorSeat(m.MemberId, 1)).OrderBy(v => v.MemberId, StringComparer.Ordinal).ToArray(),
                ConsensusParameters.Default with
                {
                    ProposeTimeoutMs = parseResult.GetRequiredValue(proposeOption),
                    VoteTimeoutMs = parseResult.GetRequiredValue(voteOption),
                    ValidatorChangeDelayHeights = parseResult.GetRequiredValue(delayOption),
                },
                new GovernanceRule(numerator, denominator));
            if (configuration.Check() is { } problem)
            {
                error.WriteLine($"genesis: {problem}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            File.WriteAllText(outFile.FullName, GenesisFile.Write(configuration));
            output.WriteLine($"wrote {outFile.FullName}: chain {chainId}, {members.Count} members, {configuration.Validators.Count} validators (f = {(configuration.Validators.Count - 1) / 3})");
            output.WriteLine($"genesis hash: {configuration.Hash()}");
            output.WriteLine("next: on each member's node, 'tradechain node init --dir DIR --genesis genesis.json'");
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }

    private static MemberInfo ReadMember(string directory, ICryptoSuite suite)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, NodeInitCommand.ConfigFileName))) as JsonObject
            ?? throw new FormatException("node.json is not an object");
        var memberId = (string?)config["node"]?["memberId"] ?? throw new FormatException("node.json has no node.memberId");
        var profile = config["member"] as JsonObject ?? throw new FormatException("node.json has no member section (run 'tradechain node init')");
        var key = suite.ImportPublicKey(File.ReadAllText(Path.Combine(directory, NodeInitCommand.MemberPublicKeyFile)));
        var roles = ((string?)profile["roles"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new MemberInfo(memberId, (string?)profile["name"] ?? memberId, roles, key, (string?)profile["address"] ?? throw new FormatException("node.json has no member.address"));
    }
}
