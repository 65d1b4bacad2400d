using TradeChain.Cli;

return TradeChainCli.Run(args, Console.Out, Console.Error);
