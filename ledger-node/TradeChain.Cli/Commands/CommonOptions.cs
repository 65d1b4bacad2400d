using System.CommandLine;
using TradeChain.Crypto;

namespace TradeChain.Cli.Commands;

/// <summary>Options that several commands share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Suite(string description) => new Option<string>("--suite")
    {
        Description = description,
        Required = true,
    }.AcceptOnlyFromAmong(AlgorithmNames.Of(SuiteId.Sm), AlgorithmNames.Of(SuiteId.Intl));

    public static ICryptoSuite ParseSuite(string name) => CryptoSuites.Get(AlgorithmNames.ParseSuite(name));
}
