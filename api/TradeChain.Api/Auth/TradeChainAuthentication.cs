using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TradeChain.Api.Access;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Auth;

/// <summary>
/// One scheme for both credentials: <c>Authorization: Bearer tck_…</c> or <c>X-Api-Key: tck_…</c>
/// is an API key (systems), any other bearer value a dashboard token. Either way the principal
/// is read from the store on every request, so revocation and disabling take effect at once.
/// Challenges and refusals are problem documents with the precise reason.
/// </summary>
public sealed class TradeChainAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PrincipalStore principals,
    BearerTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TradeChain";
    public const string ApiKeyHeader = "X-Api-Key";
    private const string PrincipalItem = "tradechain.principal";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        Principal? principal;
        if (presented.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal))
        {
            principal = principals.Authenticate(presented);
            if (principal is null)
            {
                return Task.FromResult(AuthenticateResult.Fail("the API key is unknown, wrong, expired or revoked"));
            }
        }
        else
        {
            var (claims, failure) = tokens.Validate(presented);
            if (claims is null)
            {
                return Task.FromResult(AuthenticateResult.Fail(failure!));
            }
            principal = principals.FindPrincipal(claims.Sub);
            if (principal is null || principal.Disabled || Roles.Name(principal.Role) != claims.Role)
            {
                return Task.FromResult(AuthenticateResult.Fail($"principal '{claims.Sub}' is no longer active in role '{claims.Role}'"));
            }
        }
        Remember(Context, principal);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, principal.Id), new Claim(ClaimTypes.Role, Roles.Name(principal.Role))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = result.Failure?.Message
            ?? $"this endpoint needs credentials: 'Authorization: Bearer <token or API key>' or '{ApiKeyHeader}: <API key>'";
        await ProblemResponses.WriteAsync(Context, 401, ProblemTypes.Unauthenticated, detail).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.Items[PrincipalItem] is Principal p ? Roles.Name(p.Role) : "unknown";
        return ProblemResponses.WriteAsync(Context, 403, ProblemTypes.Forbidden, $"role '{role}' may not call {Request.Method} {Request.Path}");
    }

    /// <summary>Records who a request acts for when it authenticates itself (the login endpoint), so the audit log names them.</summary>
    public static void Remember(HttpContext context, Principal principal) => context.Items[PrincipalItem] = principal;

    /// <summary>The authenticated principal of a request; null before authentication or when anonymous.</summary>
    public static Principal? PrincipalOf(HttpContext context) => context.Items[PrincipalItem] as Principal;

    /// <summary>The access scope of the request's principal; every data query takes it.</summary>
    public static AccessScope ScopeOf(HttpContext context) =>
        PrincipalOf(context) is { } principal ? AccessScope.For(principal) : throw new InvalidOperationException("an endpoint that needs a scope must require authorization");

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(ApiKeyHeader, out var key) && key.Count == 1 && !string.IsNullOrEmpty(key[0]))
        {
            return key[0];
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
