using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using TradeChain.Api.Hosting;
using TradeChain.Cli.Hosting;
using TradeChain.Node.Configuration;

namespace TradeChain.Cli.Configuration;

/// <summary>
/// The configuration schema is the options classes themselves: a key is a setting exactly when the
/// configuration binder would put it into a public settable property (case-insensitive, as the
/// binder matches), a list index into a list, any name into a dictionary. Used by the commands at
/// start-up and by the deployment drift test over infra/docker-compose.yml.
/// </summary>
public static class ConfigurationSchema
{
    /// <summary>
    /// The root type each long-running command binds its configuration (file and TRADECHAIN__
    /// environment) to. <c>ingest run</c> is absent: it reads its --config file only, no environment.
    /// </summary>
    public static IReadOnlyDictionary<string, Type> RootByCommand { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["node run"] = typeof(NodeOptions),
        ["analytics run"] = typeof(AnalyticsRunConfiguration),
        ["analytics migrate"] = typeof(AnalyticsStoreConfiguration),
        ["api run"] = typeof(ApiRunConfiguration),
        ["api key"] = typeof(ApiRunConfiguration),
    };

    /// <summary>Every key path in <paramref name="configuration"/> that binds to nothing in <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> UnknownKeys(Type root, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(configuration);
        var unknown = new List<string>();
        foreach (var child in configuration.GetChildren())
        {
            CheckMember(root, child, unknown);
        }
        return unknown;
    }

    /// <summary>The property a key binds to on <paramref name="type"/>, or null.</summary>
    public static PropertyInfo? Setting(Type type, string key) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)
                && p.GetIndexParameters().Length == 0
                && (p.SetMethod is { IsPublic: true } || (p.GetMethod is { IsPublic: true } && !IsScalar(p.PropertyType))));

    private static void CheckMember(Type type, IConfigurationSection section, List<string> unknown)
    {
        if (Setting(type, section.Key) is not { } property)
        {
            unknown.Add(section.Path);
            return;
        }
        CheckValue(property.PropertyType, section, unknown);
    }

    private static void CheckValue(Type type, IConfigurationSection section, List<string> unknown)
    {
        var children = section.GetChildren().ToList();
        if (IsScalar(type))
        {
            unknown.AddRange(children.Select(c => c.Path));
            return;
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            foreach (var child in children)
            {
                CheckValue(valueType, child, unknown);
            }
            return;
        }
        if (ElementType(type) is { } elementType)
        {
            foreach (var child in children)
            {
                if (int.TryParse(child.Key, out var index) && index >= 0)
                {
                    CheckValue(elementType, child, unknown);
                }
                else
                {
                    unknown.Add(child.Path);
                }
            }
            return;
        }
        foreach (var child in children)
        {
            CheckMember(type, child, unknown);
        }
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeOnly)
            || t == typeof(Guid) || t == typeof(Uri);
    }

    private static Type? DictionaryValueType(Type type) => GenericInterface(type, typeof(IDictionary<,>)) is { } d && d.GetGenericArguments()[0] == typeof(string)
        ? d.GetGenericArguments()[1]
        : GenericInterface(type, typeof(IReadOnlyDictionary<,>)) is { } r && r.GetGenericArguments()[0] == typeof(string) ? r.GetGenericArguments()[1] : null;

    private static Type? ElementType(Type type) => type.IsArray
        ? type.GetElementType()
        : typeof(IEnumerable).IsAssignableFrom(type) && GenericInterface(type, typeof(IEnumerable<>)) is { } e ? e.GetGenericArguments()[0] : null;

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}

/// <summary>The configuration of <c>tradechain analytics run</c>.</summary>
public sealed class AnalyticsRunConfiguration
{
    public AnalyticsRunOptions Analytics { get; set; } = new();
}

/// <summary>The configuration of <c>tradechain analytics migrate</c>: the store alone.</summary>
public sealed class AnalyticsStoreConfiguration
{
    public AnalyticsStoreOptions Analytics { get; set; } = new();
}

/// <summary>The configuration of <c>tradechain api run</c> (and <c>api key</c>): the API, its analytics store, and the partner profiles feed push parses with.</summary>
public sealed class ApiRunConfiguration
{
    public ApiOptions Api { get; set; } = new();

    public AnalyticsStoreOptions Analytics { get; set; } = new();

    public Ingest.Kafka.IngestOptions Ingest { get; set; } = new();

    /// <summary>Every configuration problem of <c>api run</c>, each naming its key.</summary>
    public IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(Api.NodeAddress, UriKind.Absolute, out var node) || node.Scheme is not ("http" or "https"))
        {
            problems.Add($"Api:NodeAddress must be the member node's client endpoint, e.g. http://node-customs:7200 (got '{Api.NodeAddress}')");
        }
        if (Api.Suite is not ("sm" or "intl"))
        {
            problems.Add($"Api:Suite must be 'sm' or 'intl', got '{Api.Suite}'");
        }
        // One way to name the store: under 'api run' it is the Analytics section, as for 'analytics run'.
        if (configuration[$"{ApiOptions.SectionName}:{nameof(ApiOptions.AnalyticsDirectory)}"] is not null)
        {
            problems.Add($"Api:AnalyticsDirectory is not read by 'api run': set {AnalyticsStoreOptionsKeys.DuckDbDirectory} (or {AnalyticsStoreOptionsKeys.Store}=clickhouse)");
        }
        problems.AddRange(Api.Validate());
        problems.AddRange(Analytics.Validate());
        if (!string.IsNullOrEmpty(Api.MemberKeyFile))
        {
            problems.AddRange(Ingest.Validate().Select(p => $"Ingest (feed push partners): {p}"));
        }
        return problems;
    }
}
