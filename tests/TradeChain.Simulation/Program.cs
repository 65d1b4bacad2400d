using System.Globalization;
using TradeChain.Simulation;

// The simulator's command line: one seed (optionally traced) or a soak over many seeds.
// Exit code 0: no violation; 1: a violation; 2: bad arguments.

var options = new SimOptions();
ulong? seed = null;
ulong seedStart = 1;
var seeds = 0;
var parallelism = Environment.ProcessorCount;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--seeds": seeds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--seed-start": seedStart = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--validators": options = options with { Validators = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
            case "--byzantine": options = options with { Byzantine = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
            case "--faults": options = options with { Faults = SimOptions.ParseFaults(Value()) }; break;
            case "--heights": options = options with { HeightsAfterHeal = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
            case "--chaos-ms": options = options with { MaxChaosMs = long.Parse(Value(), CultureInfo.InvariantCulture) }; break;
            case "--liveness-ms": options = options with { LivenessBudgetMs = long.Parse(Value(), CultureInfo.InvariantCulture) }; break;
            case "--unsafe-ignore-locks": options = options with { UnsafeIgnoreLocks = true }; break;
            case "--unsafe-send-before-sync": options = options with { UnsafeSendBeforeSync = true }; break;
            case "--signer":
                options = options with
                {
                    Signer = Value() switch
                    {
                        "keyed" => SignerKind.KeyedHash,
                        "sm2" => SignerKind.Sm2,
                        var other => throw new FormatException($"unknown signer '{other}': expected keyed or sm2"),
                    },
                };
                break;
            case "--behaviours": options = options with { ForcedBehaviours = SimOptions.ParseBehaviours(Value()) }; break;
            case "--trace": options = options with { Trace = true }; break;
            case "--parallel": parallelism = int.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--help" or "-h":
                PrintUsage();
                return 0;
            default:
                throw new FormatException($"unknown option '{args[i]}'");
        }
    }
    var errors = options.Validate().ToList();
    if (seed is null && seeds <= 0)
    {
        errors.Add("give --seed S for one run or --seeds N for a soak");
    }
    if (parallelism < 1)
    {
        errors.Add("parallel must be at least 1");
    }
    if (errors.Count > 0)
    {
        throw new FormatException(string.Join("; ", errors));
    }
}
catch (FormatException e)
{
    Console.Error.WriteLine($"simulation: {e.Message}");
    PrintUsage();
    return 2;
}
catch (OverflowException e)
{
    Console.Error.WriteLine($"simulation: {e.Message}");
    return 2;
}

if (options.Byzantine > options.MaxFaulty)
{
    Console.WriteLine($"note: {options.Byzantine} byzantine of {options.Validators} exceeds f = {options.MaxFaulty}; the guarantees do not hold");
}

if (seed is { } single)
{
    var run = options with { Seed = single };
    var result = Simulation.Run(run, run.Trace ? Console.WriteLine : null);
    foreach (var line in result.Plan)
    {
        Console.WriteLine($"plan: {line}");
    }
    Console.WriteLine($"seed {single}: {(result.Passed ? "passed" : "VIOLATION " + result.Violation)}");
    Console.WriteLine($"heights decided: {result.HeightsDecided}; simulated: {result.SimulatedMs} ms; heal at {result.HealAtMs} ms, first commit after heal +{result.HealToFirstCommitMs?.ToString(CultureInfo.InvariantCulture) ?? "-"} ms");
    Console.WriteLine($"events: {result.Stats.Events}; messages sent {result.Stats.MessagesSent}, delivered {result.Stats.MessagesDelivered}, dropped {result.Stats.MessagesDropped}; evidence {result.Stats.Evidence}; crashes {result.Stats.Crashes}");
    if (!result.Passed)
    {
        Console.WriteLine($"replay: {run.ReplayCommand()}");
    }
    return result.Passed ? 0 : 1;
}

var summary = SoakRunner.Run(options, seedStart, seeds, parallelism);
foreach (var line in summary.Report())
{
    Console.WriteLine(line);
}
return summary.Violations == 0 ? 0 : 1;

static void PrintUsage() => Console.WriteLine("""
    usage: simulation --seed S [options] [--trace]
           simulation --seeds N [--seed-start S] [options] [--parallel P]
    options:
      --validators N            validators (default 4)
      --byzantine F             Byzantine validators (default 1; at most (N-1)/3 for the guarantees)
      --faults LIST             all | none | network,partition,crash,skew,membership (default all)
      --heights H               heights every honest node must decide after heal (default 2)
      --chaos-ms MS             longest fault phase before heal (default 6000)
      --liveness-ms MS          budget after heal before liveness counts as violated (default 120000)
      --behaviours LIST         force every Byzantine validator's behaviours: silent, equivocateproposals,
                                doublevote, invalidblocks, replay, ignorelocks (default: drawn per seed)
      --signer keyed|sm2        test keyed-hash signatures (default) or real SM2
      --unsafe-ignore-locks     honest cores ignore locks (shows the checker catches it)
      --unsafe-send-before-sync honest hosts send before flushing state (ditto)
      --trace                   print every event of a single seed
    """);
