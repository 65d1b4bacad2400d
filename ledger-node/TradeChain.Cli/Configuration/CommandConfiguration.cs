using Microsoft.Extensions.Configuration;

namespace TradeChain.Cli.Configuration;

/// <summary>Loading and reporting shared by the commands configured from a file and the environment.</summary>
internal static class CommandConfiguration
{
    /// <summary>Builds and strictly binds the command's configuration, or writes why not and returns null.</summary>
    public static T? Load<T>(string command, FileInfo? file, TextWriter error)
        where T : class, new() => Load<T>(command, file, error, out _);

    public static T? Load<T>(string command, FileInfo? file, TextWriter error, out IConfiguration configuration)
        where T : class, new()
    {
        configuration = new ConfigurationBuilder().Build();
        if (file is not null && !file.Exists)
        {
            error.WriteLine($"{command}: config file {file.FullName} does not exist");
            return null;
        }
        try
        {
            configuration = TradeChainConfiguration.Build(file);
            return TradeChainConfiguration.Bind<T>(configuration);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException or IOException)
        {
            error.WriteLine($"{command}: configuration: {e.Message}");
            return null;
        }
    }

    /// <summary>Writes each problem; true when there were any.</summary>
    public static bool Report(string command, IReadOnlyList<string> problems, TextWriter error)
    {
        foreach (var problem in problems)
        {
            error.WriteLine($"{command}: configuration: {problem}");
        }
        return problems.Count > 0;
    }
}
