using TradeChain.Api.Auth;
using TradeChain.Api.Hosting;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Endpoints;

public sealed record LoginRequest(string Principal, string Password);

public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, string Role);

public sealed record IssuedKeyResponse(string KeyId, string ApiKey, string PrincipalId);

public sealed record KeyView(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Active);

/// <summary>Dashboard login and API key management (operators).</summary>
public static class AuthEndpoints
{
    /// <summary>Longest password accepted: PBKDF2 cost grows with it, and no real password is longer.</summary>
    public const int MaxPasswordChars = 256;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/auth/token", (LoginRequest request, HttpContext context, PrincipalStore principals, BearerTokens tokens, ApiOptions options) =>
        {
            if (string.IsNullOrEmpty(request.Principal) || string.IsNullOrEmpty(request.Password) || request.Password.Length > MaxPasswordChars)
            {
                throw ApiProblemException.Invalid($"principal and password are required; a password is at most {MaxPasswordChars} characters");
            }
            var principal = principals.FindPrincipal(request.Principal);
            // One answer for unknown principal, wrong password, system-only or disabled principal: nothing to enumerate.
            if (principal is not { Disabled: false, PasswordHash: { } hash } || !PasswordHasher.Verify(request.Password, hash))
            {
                throw new ApiProblemException(401, ProblemTypes.Unauthenticated, "the principal or password is wrong");
            }
            TradeChainAuthenticationHandler.Remember(context, principal);
            var (token, expiresAt) = tokens.Issue(principal, TimeSpan.FromMinutes(options.TokenLifetimeMinutes));
            return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresAt, Roles.Name(principal.Role)));
        }).AllowAnonymous().WithSummary("Exchanges a dashboard user's password for a signed, expiring bearer token");

        var keys = v1.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Name(Role.Operator)));
        keys.MapGet("/principals/{principalId}/keys", (string principalId, HttpContext context, PrincipalStore principals, TimeProvider time) =>
        {
            RequireKeyManager(context);
            _ = principals.FindPrincipal(principalId) ?? throw ApiProblemException.NotFound($"no principal '{principalId}'");
            var now = time.GetUtcNow();
            return TypedResults.Ok(principals.KeysOf(principalId).Select(k => new KeyView(k.KeyId, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.IsActive(now))).ToArray());
        }).WithSummary("Lists a principal's API keys (ids and state, never secrets)");
        keys.MapPost("/principals/{principalId}/keys", (string principalId, HttpContext context, PrincipalStore principals) =>
        {
            RequireKeyManager(context);
            var issued = Guard(() => principals.Issue(principalId));
            return TypedResults.Created($"/api/v1/keys/{issued.KeyId}", new IssuedKeyResponse(issued.KeyId, issued.PlainText, principalId));
        }).WithSummary("Issues an API key; its plain text is in this response only");
        keys.MapPost("/keys/{keyId}/rotate", (string keyId, HttpContext context, PrincipalStore principals, ApiOptions options) =>
        {
            RequireKeyManager(context);
            var issued = Guard(() => principals.Rotate(keyId, TimeSpan.FromHours(options.KeyRotationOverlapHours)));
            return TypedResults.Created($"/api/v1/keys/{issued.KeyId}", new IssuedKeyResponse(issued.KeyId, issued.PlainText, principals.FindKey(issued.KeyId)!.PrincipalId));
        }).WithSummary("Issues a successor key; the old one keeps working for the configured overlap");
        keys.MapDelete("/keys/{keyId}", (string keyId, HttpContext context, PrincipalStore principals) =>
        {
            RequireKeyManager(context);
            Guard(() => { principals.Revoke(keyId); return 0; });
            return TypedResults.NoContent();
        }).WithSummary("Revokes a key at once");
    }

    // The route policy already says operator; the scope says it again where the decision lives.
    private static void RequireKeyManager(HttpContext context)
    {
        var scope = TradeChainAuthenticationHandler.ScopeOf(context);
        if (!scope.CanManageKeys)
        {
            throw scope.Denied("API keys");
        }
    }

    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (KeyNotFoundException e)
        {
            throw ApiProblemException.NotFound(e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new ApiProblemException(409, ProblemTypes.Conflict, e.Message);
        }
    }
}
