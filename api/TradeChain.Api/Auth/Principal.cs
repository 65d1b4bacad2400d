using System.Text.Json.Serialization;

namespace TradeChain.Api.Auth;

/// <summary>The roles of the consortium's users; a principal has exactly one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Role>))]
public enum Role
{
    Exporter = 1,
    Importer = 2,
    CommerceBureau = 3,
    Customs = 4,
    Port = 5,
    Airport = 6,
    Tax = 7,
    Regulator = 8,
    Operator = 9,
}

public static class Roles
{
    /// <summary>The name used in tokens, the principal file and the docs ("commerce-bureau").</summary>
    public static string Name(Role role) => role switch
    {
        Role.CommerceBureau => "commerce-bureau",
        _ => role.ToString().ToLowerInvariant(),
    };

    public static Role? Parse(string? name) => Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(r => Name(r!.Value) == name);

    public static bool IsEnterprise(Role role) => role is Role.Exporter or Role.Importer;

    /// <summary>Roles bound to one port or airport (UN/LOCODE).</summary>
    public static bool IsPortBound(Role role) => role is Role.Port or Role.Airport;

    /// <summary>Roles whose systems push feeds (as a partner profile of a member).</summary>
    public static bool IsFeedPartner(Role role) => role is Role.Port or Role.Airport or Role.Customs or Role.Tax;
}

/// <summary>
/// A user or system of a member organisation. Bindings by role: an exporter or importer names
/// its enterprise (USCC); a port or airport its UN/LOCODE; a feed partner its partner profile.
/// A dashboard user has a password hash; a system only API keys.
/// </summary>
public sealed record Principal
{
    public required string Id { get; init; }

    public required Role Role { get; init; }

    public required string Organisation { get; init; }

    public string? EnterpriseUscc { get; init; }

    public string? Port { get; init; }

    public string? PartnerId { get; init; }

    /// <summary>PBKDF2 hash (<see cref="PasswordHasher"/>); null for systems that use API keys only.</summary>
    public string? PasswordHash { get; init; }

    public bool Disabled { get; init; }

    /// <summary>Plain-language problems with the bindings the role needs; empty when sound.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id) || Id.Length > 64 || Id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            problems.Add($"principal id '{Id}' must be 1..64 characters of letters, digits, '-', '_', '.'");
        }
        if (Roles.IsEnterprise(Role) != (EnterpriseUscc is not null))
        {
            problems.Add($"principal '{Id}': an enterprise USCC is required for exporter and importer and only for them");
        }
        if (EnterpriseUscc is { Length: not 18 })
        {
            problems.Add($"principal '{Id}': the USCC '{EnterpriseUscc}' is not 18 characters");
        }
        if (Roles.IsPortBound(Role) != (Port is not null))
        {
            problems.Add($"principal '{Id}': a port (UN/LOCODE) is required for port and airport and only for them");
        }
        if (PartnerId is not null && !Roles.IsFeedPartner(Role))
        {
            problems.Add($"principal '{Id}': only port, airport, customs and tax principals push feeds (partner id set for {Roles.Name(Role)})");
        }
        return problems;
    }
}
