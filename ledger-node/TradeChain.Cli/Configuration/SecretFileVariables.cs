namespace TradeChain.Cli.Configuration;

/// <summary>
/// Docker and Kubernetes hand secrets over as files (<c>/run/secrets/…</c>); the program reads
/// passphrases and passwords from environment variables. A variable <c>TRADECHAIN…_FILE</c> names
/// the file that holds the value of the same variable without the suffix, so a compose file never
/// carries a secret as a literal: <c>TRADECHAIN_KEY_PASSPHRASE_FILE=/run/secrets/customs_passphrase</c>
/// sets <c>TRADECHAIN_KEY_PASSPHRASE</c>, <c>TRADECHAIN__ANALYTICS__CLICKHOUSE__PASSWORD_FILE</c> sets
/// the configuration key <c>Analytics:ClickHouse:Password</c>. Only TRADECHAIN variables are read,
/// so nothing else in the environment changes meaning.
/// </summary>
public static class SecretFileVariables
{
    public const string Prefix = "TRADECHAIN";
    public const string Suffix = "_FILE";

    /// <summary>A secret is a key, a passphrase or a password: anything larger is a wrong path, not a secret.</summary>
    public const int MaxSecretBytes = 64 * 1024;

    /// <summary>What to set, or every problem; pure apart from <paramref name="readFile"/>.</summary>
    public sealed record Plan(IReadOnlyDictionary<string, string> Assignments, IReadOnlyList<string> Problems);

    /// <summary>
    /// Works out the variables to set from the <c>_FILE</c> ones. A trailing line break is dropped
    /// (files written by <c>echo</c> end with one); a variable set both ways is refused rather
    /// than guessed, as is a missing, empty or oversized file.
    /// </summary>
    public static Plan Resolve(IReadOnlyDictionary<string, string> environment, Func<string, byte[]> readFile)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(readFile);
        var assignments = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, path) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal) || name.Length <= Prefix.Length + Suffix.Length)
            {
                continue;
            }
            var target = name[..^Suffix.Length];
            if (environment.ContainsKey(target))
            {
                problems.Add($"{name} and {target} are both set: give the secret one way");
                continue;
            }
            byte[] content;
            try
            {
                content = readFile(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                problems.Add($"{name}: cannot read the secret file '{path}': {e.Message}");
                continue;
            }
            if (content.Length > MaxSecretBytes)
            {
                problems.Add($"{name}: '{path}' holds {content.Length} bytes, more than a secret ({MaxSecretBytes} bytes at most)");
                continue;
            }
            var value = System.Text.Encoding.UTF8.GetString(content).TrimEnd('\r', '\n');
            if (value.Length == 0)
            {
                problems.Add($"{name}: the secret file '{path}' is empty");
                continue;
            }
            assignments[target] = value;
        }
        return new Plan(assignments, problems);
    }

    /// <summary>Resolves against this process's environment, sets the variables and removes the _FILE ones; returns the problems (nothing changed when there are any).</summary>
    public static IReadOnlyList<string> ApplyToProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                environment[key] = value;
            }
        }
        var plan = Resolve(environment, ReadBounded);
        if (plan.Problems.Count > 0)
        {
            return plan.Problems;
        }
        foreach (var (name, value) in plan.Assignments)
        {
            Environment.SetEnvironmentVariable(name, value);
            // Gone once read: a TRADECHAIN__…_FILE variable would otherwise reach the configuration as an unknown key.
            Environment.SetEnvironmentVariable(name + Suffix, null);
        }
        return [];
    }

    private static byte[] ReadBounded(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[MaxSecretBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }
        return buffer[..total];
    }
}
