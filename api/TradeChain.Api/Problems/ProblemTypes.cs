namespace TradeChain.Api.Problems;

/// <summary>
/// The RFC 9457 problem types the API answers with. Each is a URI under the project's namespace;
/// clients switch on it, never on the human-readable title or detail. Never change a meaning.
/// </summary>
public static class ProblemTypes
{
    public const string Namespace = "https://tradechain.dev/problems/";

    public const string NotFound = Namespace + "not-found";
    public const string MethodNotAllowed = Namespace + "method-not-allowed";
    public const string Validation = Namespace + "validation";
    public const string Unauthenticated = Namespace + "unauthenticated";
    public const string Forbidden = Namespace + "forbidden";
    public const string Conflict = Namespace + "conflict";
    public const string PayloadTooLarge = Namespace + "payload-too-large";
    public const string UnsupportedMediaType = Namespace + "unsupported-media-type";
    public const string RateLimited = Namespace + "rate-limited";
    public const string LedgerUnavailable = Namespace + "ledger-unavailable";
    public const string ServiceUnavailable = Namespace + "service-unavailable";
    public const string Internal = Namespace + "internal";

    /// <summary>The problem type for a status the API produced without a more specific type.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => Validation,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => LedgerUnavailable,
        _ => Internal,
    };

    public static string TitleOf(string type) => type switch
    {
        NotFound => "Not found",
        MethodNotAllowed => "Method not allowed",
        Validation => "The request is not valid",
        Unauthenticated => "Authentication required",
        Forbidden => "Not allowed for this principal",
        Conflict => "The request conflicts with the current state",
        PayloadTooLarge => "Request body too large",
        UnsupportedMediaType => "Unsupported media type",
        RateLimited => "Too many requests",
        LedgerUnavailable => "The ledger node is unavailable",
        ServiceUnavailable => "A service the API reads from is unavailable",
        _ => "Internal error",
    };
}

/// <summary>
/// A failure the API reports as a problem document: thrown from the query layer (access denied,
/// not found, a bad argument) and turned into the response by <see cref="ProblemMiddleware"/>.
/// </summary>
public sealed class ApiProblemException(int status, string type, string detail, TimeSpan? retryAfter = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static ApiProblemException NotFound(string detail) => new(404, ProblemTypes.NotFound, detail);

    public static ApiProblemException Forbidden(string detail) => new(403, ProblemTypes.Forbidden, detail);

    public static ApiProblemException Invalid(string detail) => new(400, ProblemTypes.Validation, detail);

    public static ApiProblemException Unavailable(string detail, TimeSpan retryAfter) => new(503, ProblemTypes.LedgerUnavailable, detail, retryAfter);
}
