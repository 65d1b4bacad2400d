using System.CommandLine;

namespace TradeChain.Demo;

/// <summary>
/// <c>tradechain demo</c>: the whole system on one machine. Defined here and added to the program's
/// tree by TradeChain.Cli (the composition root), which passes its own command runner so the demo
/// makes node directories and the genesis with the same code as <c>node init</c> and <c>genesis</c>.
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliRunner cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var defaults = new DemoOptions();
        var seedOption = new Option<int>("--seed") { Description = "Seed of the partner simulator: the same seed gives the same messages.", DefaultValueFactory = _ => defaults.Seed };
        var shipmentsOption = new Option<int>("--shipments") { Description = "Shipments to simulate (sea and air, import and export).", DefaultValueFactory = _ => defaults.Shipments };
        var rateOption = new Option<double>("--rate") { Description = "New shipments per simulated hour.", DefaultValueFactory = _ => defaults.Rate };
        var speedOption = new Option<double>("--speed") { Description = "Simulated seconds per real second (3600: an hour a second).", DefaultValueFactory = _ => defaults.Speed };
        var secondsOption = new Option<int>("--seconds") { Description = "Stop after N seconds and print a summary (default: run until Ctrl+C).", DefaultValueFactory = _ => 0 };
        var dataOption = new Option<DirectoryInfo>("--data") { Description = "Where the demo keeps its state (nodes, analytics, API keys); a second run resumes.", DefaultValueFactory = _ => new DirectoryInfo(defaults.DataDirectory) };
        var apiPortOption = new Option<int>("--api-port") { Description = "Loopback port of the API.", DefaultValueFactory = _ => defaults.ApiPort };
        var malformedOption = new Option<double>("--malformed") { Description = "Share of partner messages sent malformed, in every format (they land in dead letters; each is sent again corrected).", DefaultValueFactory = _ => defaults.MalformedRate };
        var command = new Command("demo", "Run a live 4-member consortium with partner feeds on loopback: nodes, embedded Kafka, ingest, analytics, API.")
        {
            seedOption, shipmentsOption, rateOption, speedOption, secondsOption, dataOption, apiPortOption, malformedOption,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var options = new DemoOptions
            {
                Seed = parseResult.GetValue(seedOption),
                Shipments = parseResult.GetValue(shipmentsOption),
                Rate = parseResult.GetValue(rateOption),
                Speed = parseResult.GetValue(speedOption),
                Seconds = parseResult.GetValue(secondsOption),
                DataDirectory = parseResult.GetRequiredValue(dataOption).FullName,
                ApiPort = parseResult.GetValue(apiPortOption),
                MalformedRate = parseResult.GetValue(malformedOption),
            };
            if (options.Shipments < 1 || options.Rate <= 0 || options.Speed <= 0 || options.Seconds < 0 || options.ApiPort is < 1 or > 65535 || options.MalformedRate is < 0 or > 0.5)
            {
                error.WriteLine("demo: --shipments ≥ 1, --rate > 0, --speed > 0, --seconds ≥ 0, --api-port 1..65535 and --malformed 0..0.5");
                return 2;
            }
            try
            {
                return await new DemoLauncher(options, cli, output, error).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                error.WriteLine($"demo: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
