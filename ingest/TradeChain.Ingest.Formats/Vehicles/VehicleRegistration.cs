using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Vehicles;

/// <summary>Whether a registration lets the vehicle work the port.</summary>
public enum RegistrationStatus
{
    Active = 1,

    /// <summary>Withdrawn by the port or customs: the plate is known but not allowed.</summary>
    Revoked = 2,
}

/// <summary>A permit the vehicle holds, e.g. the road transport permit (道路运输证) or a customs supervision permit.</summary>
public sealed record VehiclePermit(string Kind, string Number, DateOnly? ValidUntil);

/// <summary>
/// One vehicle registration (车辆备案) as a port or customs pushed it: the truck's plate, the
/// carrier enterprise that runs it, its permits and the period it is registered for.
/// <see cref="EffectiveAt"/> orders registrations of the same plate: the latest one is current.
/// </summary>
public sealed record VehicleRegistration
{
    /// <summary>The issuer's id for this registration record; with the plate it identifies the record.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>Normalised plate (<see cref="VehiclePlates.Normalize"/>), e.g. "津A12345".</summary>
    public required string Plate { get; init; }

    /// <summary>Plate colour as the registration states it (yellow for heavy goods vehicles in China).</summary>
    public string? PlateColor { get; init; }

    public string? VehicleType { get; init; }

    /// <summary>Unified social credit code of the carrier (haulier) enterprise.</summary>
    public required string CarrierUscc { get; init; }

    public string? CarrierName { get; init; }

    public EquatableList<VehiclePermit> Permits { get; init; } = EquatableList<VehiclePermit>.Empty;

    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of the registration, exclusive; null while open-ended.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>When the issuer made this registration record current.</summary>
    public required DateTimeOffset EffectiveAt { get; init; }

    public RegistrationStatus Status { get; init; } = RegistrationStatus.Active;

    /// <summary>The partner that pushed it (port or customs).</summary>
    public required string IssuedBy { get; init; }

    public bool IsValidAt(DateTimeOffset at) =>
        Status == RegistrationStatus.Active && at >= ValidFrom && (ValidUntil is null || at < ValidUntil);
}
