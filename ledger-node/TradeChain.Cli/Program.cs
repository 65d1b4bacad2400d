using TradeChain.Cli;
using TradeChain.Cli.Configuration;

// Secrets arrive as files in containers (TRADECHAIN…_FILE); they become the variables the commands read.
if (SecretFileVariables.ApplyToProcess() is { Count: > 0 } problems)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"tradechain: {problem}");
    }
    return TradeChainCli.ExitCodes.UsageOrInput;
}
return TradeChainCli.Run(args, Console.Out, Console.Error);
