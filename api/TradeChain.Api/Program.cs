using TradeChain.Api.Hosting;

// The API executable: configuration → components → host. Everything else lives in ApiHost.
var configuration = new ConfigurationBuilder()
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
await using var composition = ApiComposition.FromConfiguration(configuration);
await ApiHost.Build(args, composition.Components).RunAsync();
