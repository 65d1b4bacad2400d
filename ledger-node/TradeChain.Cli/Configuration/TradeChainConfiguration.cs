using Microsoft.Extensions.Configuration;
using TradeChain.Node.Configuration;

namespace TradeChain.Cli.Configuration;

/// <summary>
/// How the long-running <c>tradechain</c> commands read their settings, the node's convention for
/// all of them: an optional JSON file, then environment variables <c>TRADECHAIN__SECTION__KEY</c>
/// (<c>TRADECHAIN__ANALYTICS__NODEADDRESS</c> is the key <c>Analytics:NodeAddress</c>). Binding is
/// strict: a key that is not a setting is an error naming it, so a misspelt variable is refused at
/// start-up instead of silently leaving a default in place.
/// </summary>
public static class TradeChainConfiguration
{
    public const string EnvironmentPrefix = NodeOptions.EnvironmentPrefix;

    /// <summary>The file (if any), the process's TRADECHAIN__ variables, then <paramref name="overrides"/> (tests).</summary>
    public static IConfiguration Build(FileInfo? file, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }
        return builder.Build();
    }

    /// <summary>The configuration key an environment variable sets, or null when it sets none ("TRADECHAIN__API__SUITE" → "API:SUITE").</summary>
    public static string? KeyOf(string environmentVariable) =>
        environmentVariable.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && environmentVariable.Length > EnvironmentPrefix.Length
            ? environmentVariable[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)
            : null;

    /// <summary>
    /// Binds the whole configuration to <typeparamref name="T"/>; unknown keys and values that do not
    /// convert are reported with their full key path as <see cref="InvalidDataException"/>.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration)
        where T : new()
    {
        if (ConfigurationSchema.UnknownKeys(typeof(T), configuration) is { Count: > 0 } unknown)
        {
            throw new InvalidDataException($"not a setting: {string.Join(", ", unknown)} (check the spelling against docs/deploy.md)");
        }
        var value = new T();
        try
        {
            configuration.Bind(value);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        return value;
    }
}
