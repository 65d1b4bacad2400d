using System.Globalization;
using System.Text;

namespace TradeChain.Simulation;

/// <summary>Fault categories a seed may draw from; each seed turns on a random subset of the allowed ones.</summary>
[Flags]
public enum FaultKinds
{
    None = 0,

    /// <summary>Message drops and duplicates (delays and reordering are always on).</summary>
    Network = 1,

    /// <summary>Symmetric and one-way partitions that heal.</summary>
    Partition = 2,

    /// <summary>Honest nodes crash and restart from their flushed state.</summary>
    Crash = 4,

    /// <summary>Per-node clock skew.</summary>
    Skew = 8,

    /// <summary>Validator set changes: key rotation, and a spare node swapped in for a validator.</summary>
    Membership = 16,

    All = Network | Partition | Crash | Skew | Membership,
}

/// <summary>How validators sign in the simulation.</summary>
public enum SignerKind
{
    /// <summary>HMAC-SHA-256 keyed by the public key: fast, deterministic, test-only.</summary>
    KeyedHash,

    /// <summary>Real SM2 keys of the sm suite (slow; a few heights only).</summary>
    Sm2,
}

/// <summary>Everything that determines one simulated run; the same options replay the same run.</summary>
public sealed record SimOptions
{
    public ulong Seed { get; init; } = 1;

    public int Validators { get; init; } = 4;

    /// <summary>Byzantine validators; at most f = (n - 1) / 3 for the guarantees to hold.</summary>
    public int Byzantine { get; init; } = 1;

    public FaultKinds Faults { get; init; } = FaultKinds.All;

    /// <summary>Heights every honest node must decide after the network heals; the run ends then.</summary>
    public int HeightsAfterHeal { get; init; } = 2;

    /// <summary>Longest fault phase; each seed draws its heal time in [0, this].</summary>
    public long MaxChaosMs { get; init; } = 6000;

    /// <summary>Simulated time after heal within which the heights must be decided, or liveness is violated.</summary>
    public long LivenessBudgetMs { get; init; } = 120_000;

    /// <summary>Honest cores ignore their locks (the checker-bites switch).</summary>
    public bool UnsafeIgnoreLocks { get; init; }

    /// <summary>Honest hosts send a Ready's messages before its state is flushed (the persist-before-send checker switch).</summary>
    public bool UnsafeSendBeforeSync { get; init; }

    /// <summary>Forces every Byzantine validator's behaviours (default: drawn per seed).</summary>
    public ByzantineBehaviours? ForcedBehaviours { get; init; }

    public SignerKind Signer { get; init; } = SignerKind.KeyedHash;

    public bool Trace { get; init; }

    public int MaxFaulty => (Validators - 1) / 3;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Validators is < 1 or > 64)
        {
            errors.Add("validators must be 1..64");
        }
        if (Byzantine < 0 || Byzantine > Validators)
        {
            errors.Add("byzantine must be between 0 and the number of validators");
        }
        if (HeightsAfterHeal < 1)
        {
            errors.Add("heights must be at least 1");
        }
        if (MaxChaosMs < 0)
        {
            errors.Add("chaos-ms must not be negative");
        }
        if (LivenessBudgetMs <= 0)
        {
            errors.Add("liveness-ms must be positive");
        }
        return errors;
    }

    /// <summary>The one command that replays this run exactly, with its event trace.</summary>
    public string ReplayCommand()
    {
        var command = new StringBuilder("dotnet run -c Release --project tests/TradeChain.Simulation --");
        command.Append(CultureInfo.InvariantCulture, $" --seed {Seed} --validators {Validators} --byzantine {Byzantine}");
        command.Append(CultureInfo.InvariantCulture, $" --faults {FormatFaults(Faults)} --heights {HeightsAfterHeal} --chaos-ms {MaxChaosMs} --liveness-ms {LivenessBudgetMs}");
        if (UnsafeIgnoreLocks)
        {
            command.Append(" --unsafe-ignore-locks");
        }
        if (UnsafeSendBeforeSync)
        {
            command.Append(" --unsafe-send-before-sync");
        }
        if (ForcedBehaviours is { } behaviours)
        {
            command.Append(" --behaviours ").Append(FormatBehaviours(behaviours));
        }
        if (Signer == SignerKind.Sm2)
        {
            command.Append(" --signer sm2");
        }
        command.Append(" --trace");
        return command.ToString();
    }

    public static string FormatFaults(FaultKinds faults)
    {
        if (faults == FaultKinds.All)
        {
            return "all";
        }
        if (faults == FaultKinds.None)
        {
            return "none";
        }
        return string.Join(",", Enum.GetValues<FaultKinds>()
            .Where(f => f is not FaultKinds.None and not FaultKinds.All && faults.HasFlag(f))
            .Select(f => f.ToString().ToLowerInvariant()));
    }

    public static string FormatBehaviours(ByzantineBehaviours behaviours) =>
        string.Join(",", Enum.GetValues<ByzantineBehaviours>()
            .Where(b => b != ByzantineBehaviours.None && behaviours.HasFlag(b))
            .Select(b => b.ToString().ToLowerInvariant()));

    public static ByzantineBehaviours ParseBehaviours(string text)
    {
        var behaviours = ByzantineBehaviours.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Enum.GetValues<ByzantineBehaviours>()
                .FirstOrDefault(b => b != ByzantineBehaviours.None && string.Equals(b.ToString(), part, StringComparison.OrdinalIgnoreCase));
            if (match == ByzantineBehaviours.None)
            {
                throw new FormatException($"unknown behaviour '{part}': expected silent, equivocateproposals, doublevote, invalidblocks, replay or ignorelocks");
            }
            behaviours |= match;
        }
        return behaviours;
    }

    public static FaultKinds ParseFaults(string text)
    {
        var faults = FaultKinds.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            faults |= part.ToLowerInvariant() switch
            {
                "all" => FaultKinds.All,
                "none" => FaultKinds.None,
                "network" => FaultKinds.Network,
                "partition" => FaultKinds.Partition,
                "crash" => FaultKinds.Crash,
                "skew" => FaultKinds.Skew,
                "membership" => FaultKinds.Membership,
                _ => throw new FormatException($"unknown fault kind '{part}': expected all, none, network, partition, crash, skew, membership"),
            };
        }
        return faults;
    }
}
