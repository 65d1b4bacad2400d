using System.Net;
using TradeChain.Api.Problems;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Webhooks;

/// <summary>
/// Which committed events a subscription wants; every filter set must hold (AND), an empty one
/// matches everything the subscriber may see. Filters narrow, never widen: what passes them still
/// passes the subscriber's access scope.
/// </summary>
public sealed record SubscriptionFilter(string? ShipmentReference, string? Enterprise, string? Port, IReadOnlyList<TradeEventType> EventTypes)
{
    public const int MaxReferenceChars = 64;

    public static SubscriptionFilter Everything { get; } = new(null, null, null, []);
}

/// <summary>
/// A principal's webhook: where to POST (<see cref="Url"/>), what (<see cref="Filter"/>), from
/// which ledger height on (events committed after its creation), and the HMAC secrets: the
/// current one, and after a rotation the previous one until <see cref="PreviousSecretUntil"/>.
/// </summary>
public sealed record Subscription(
    string Id,
    string PrincipalId,
    Uri Url,
    SubscriptionFilter Filter,
    DateTimeOffset CreatedAt,
    ulong FromHeight,
    string Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretUntil)
{
    /// <summary>The secrets that sign a delivery made at <paramref name="now"/>: the current one first.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretUntil > now ? [Secret, previous] : [Secret];
}

/// <summary>What a client sends to create a subscription.</summary>
public sealed record SubscriptionRequest(string? Url, string? ShipmentReference, string? Enterprise, string? Port, IReadOnlyList<string>? EventTypes);

/// <summary>Checks a subscription request: a 400 problem naming the field for anything malformed. Pure.</summary>
public static class SubscriptionRules
{
    public const int MaxUrlChars = 2_048;

    public static (Uri Url, SubscriptionFilter Filter) Check(SubscriptionRequest request, bool allowHttpLoopback)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (Url(request.Url, allowHttpLoopback), Filter(request));
    }

    public static Uri Url(string? text, bool allowHttpLoopback)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxUrlChars || !Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw ApiProblemException.Invalid($"url must be an absolute URL of at most {MaxUrlChars} characters");
        }
        if (url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            throw ApiProblemException.Invalid("url may not carry user information or a fragment");
        }
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            return url;
        }
        if (url.Scheme == Uri.UriSchemeHttp && allowHttpLoopback && IsLoopback(url))
        {
            return url;
        }
        throw ApiProblemException.Invalid(allowHttpLoopback
            ? "url must use https (plain http is accepted only to a loopback address)"
            : "url must use https");
    }

    public static SubscriptionFilter Filter(SubscriptionRequest request)
    {
        var reference = Optional("shipmentReference", request.ShipmentReference, SubscriptionFilter.MaxReferenceChars);
        var enterprise = Optional("enterprise", request.Enterprise, 32);
        if (enterprise is { Length: not 18 } || (enterprise is not null && !enterprise.All(char.IsAsciiLetterOrDigit)))
        {
            throw ApiProblemException.Invalid($"enterprise '{enterprise}' is not a USCC (18 letters and digits)");
        }
        var port = Optional("port", request.Port, 16)?.ToUpperInvariant();
        if (port is not null && (port.Length != 5 || !port.All(char.IsAsciiLetterOrDigit)))
        {
            throw ApiProblemException.Invalid($"port '{request.Port}' is not a UN/LOCODE (5 letters and digits, e.g. CNTSN)");
        }
        var types = new List<TradeEventType>();
        foreach (var name in request.EventTypes ?? [])
        {
            if (!Enum.TryParse<TradeEventType>(name, ignoreCase: true, out var type) || !Enum.IsDefined(type) || !name.All(char.IsAsciiLetter))
            {
                throw ApiProblemException.Invalid($"eventTypes: '{name}' is not one of {string.Join(", ", Enum.GetNames<TradeEventType>())}");
            }
            types.Add(type);
        }
        return new SubscriptionFilter(reference, enterprise, port, types.Distinct().Order().ToArray());
    }

    private static string? Optional(string name, string? value, int maxChars)
    {
        if (value is null)
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length > maxChars)
        {
            throw ApiProblemException.Invalid($"{name} must be 1..{maxChars} characters when given");
        }
        return trimmed;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
