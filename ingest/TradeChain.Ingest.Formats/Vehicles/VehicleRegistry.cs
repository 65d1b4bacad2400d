namespace TradeChain.Ingest.Formats.Vehicles;

/// <summary>What applying a registration did to the registry.</summary>
public enum RegistryUpdate
{
    /// <summary>A plate the registry did not know.</summary>
    Added = 1,

    /// <summary>A newer registration of a known plate replaced the current one.</summary>
    Replaced = 2,

    /// <summary>The registration is the current one already, or older than it: registrations arrive out of order.</summary>
    Unchanged = 3,

    /// <summary>A new plate while the registry is full; see <see cref="VehicleRegistry.MaxVehicles"/>.</summary>
    RejectedFull = 4,
}

/// <summary>
/// The current registration of every known vehicle, keyed by plate. The latest registration by
/// effective time wins whatever the order they arrive in (ties go to the larger registration id,
/// so every replica ends in the same state). Pure and single-threaded: the ingest worker owns one.
/// </summary>
public sealed class VehicleRegistry
{
    /// <summary>
    /// A large port registers tens of thousands of trucks; 200,000 covers the consortium's ports
    /// together at about 1 KiB each, and bounds memory if a feed goes wrong.
    /// </summary>
    public const int DefaultMaxVehicles = 200_000;

    private readonly Dictionary<string, VehicleRegistration> _byPlate = new(StringComparer.Ordinal);

    public VehicleRegistry(int maxVehicles = DefaultMaxVehicles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVehicles, 1);
        MaxVehicles = maxVehicles;
    }

    public int MaxVehicles { get; }

    public int Count => _byPlate.Count;

    public RegistryUpdate Apply(VehicleRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var plate = VehiclePlates.Normalize(registration.Plate);
        if (!_byPlate.TryGetValue(plate, out var current))
        {
            if (_byPlate.Count >= MaxVehicles)
            {
                return RegistryUpdate.RejectedFull;
            }
            _byPlate[plate] = registration with { Plate = plate };
            return RegistryUpdate.Added;
        }
        if (!Supersedes(registration, current))
        {
            return RegistryUpdate.Unchanged;
        }
        _byPlate[plate] = registration with { Plate = plate };
        return RegistryUpdate.Replaced;
    }

    /// <summary>The current registration of <paramref name="plate"/>, valid or not, or null for an unknown plate.</summary>
    public VehicleRegistration? Current(string plate) =>
        _byPlate.TryGetValue(VehiclePlates.Normalize(plate), out var registration) ? registration : null;

    /// <summary>The current registration of <paramref name="plate"/> if it is active and valid at <paramref name="at"/>.</summary>
    public VehicleRegistration? ValidAt(string plate, DateTimeOffset at) =>
        Current(plate) is { } registration && registration.IsValidAt(at) ? registration : null;

    private static bool Supersedes(VehicleRegistration candidate, VehicleRegistration current)
    {
        var byTime = candidate.EffectiveAt.CompareTo(current.EffectiveAt);
        return byTime > 0 || (byTime == 0 && string.CompareOrdinal(candidate.RegistrationId, current.RegistrationId) > 0);
    }
}
