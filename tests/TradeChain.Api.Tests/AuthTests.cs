using System.Net;
using System.Net.Http.Json;
using TradeChain.Api.Auth;

namespace TradeChain.Api.Tests;

[Trait("Category", "Api")]
public sealed class AuthTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_dashboard_login_gives_a_bearer_token_scoped_like_the_principal()
    {
        using var anonymous = fixture.Server.Client();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { principal = "exporter-a", password = ApiFixture.TestPassword }, Cancel);
        var token = await Json.ReadAsync(login);
        Assert.Equal("exporter", token.GetProperty("role").GetString());
        using var dashboard = fixture.Server.Client(bearer: token.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await dashboard.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfA}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfB}", Cancel)).StatusCode);

        var tampered = token.GetProperty("accessToken").GetString()!;
        tampered = tampered[..^3] + (tampered[^3] == 'x' ? "y" : "x") + tampered[^2..];
        using var forged = fixture.Server.Client(bearer: tampered);
        var problem = await Problems.AssertAsync(await forged.GetAsync("/api/v1/kpis", Cancel), HttpStatusCode.Unauthorized);
        Assert.Contains("signature", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exporter-a", "wrong password")]
    [InlineData("customs", ApiFixture.TestPassword)]
    [InlineData("nobody", ApiFixture.TestPassword)]
    public async Task a_failed_login_is_one_indistinct_401(string principal, string password)
    {
        using var anonymous = fixture.Server.Client();
        var problem = await Problems.AssertAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { principal, password }, Cancel), HttpStatusCode.Unauthorized);
        Assert.Equal("the principal or password is wrong", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task keys_are_issued_rotated_and_revoked_by_operators_and_stored_only_hashed()
    {
        using var operatorClient = fixture.As("operator");
        var issued = await Json.ReadAsync(await operatorClient.PostAsync("/api/v1/principals/tax/keys", null, Cancel));
        var (keyId, key) = (issued.GetProperty("keyId").GetString()!, issued.GetProperty("apiKey").GetString()!);
        using var first = fixture.Server.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/volumes?from=2026-01-01&to=2026-02-01", Cancel)).StatusCode);

        var rotated = await Json.ReadAsync(await operatorClient.PostAsync($"/api/v1/keys/{keyId}/rotate", null, Cancel));
        using var second = fixture.Server.Client(rotated.GetProperty("apiKey").GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/volumes?from=2026-01-01&to=2026-02-01", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/volumes?from=2026-01-01&to=2026-02-01", Cancel)).StatusCode);
        var listed = (await Json.ReadAsync(await operatorClient.GetAsync("/api/v1/principals/tax/keys", Cancel))).EnumerateArray().ToArray();
        Assert.NotNull(listed.Single(k => k.GetProperty("keyId").GetString() == keyId).GetProperty("expiresAt").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/api/v1/keys/{keyId}", Cancel)).StatusCode);
        var revoked = await Problems.AssertAsync(await first.GetAsync("/api/v1/volumes?from=2026-01-01&to=2026-02-01", Cancel), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", revoked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problems.AssertAsync(await operatorClient.DeleteAsync("/api/v1/keys/0000000000000000", Cancel), HttpStatusCode.NotFound);

        var file = await File.ReadAllTextAsync(Path.Combine(fixture.Temp.Path, "api", "principals.json"), Cancel);
        var secret = ApiKeys.Parse(key)!.Value.Secret;
        Assert.DoesNotContain(secret, file, StringComparison.Ordinal);
        Assert.Contains(ApiKeys.Hash(secret), file, StringComparison.Ordinal);
    }

    [Fact]
    public void tokens_expire_and_only_hs256_with_a_known_key_is_accepted()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tokens = new BearerTokens([new TokenSigningKey("k2", new byte[32]), new TokenSigningKey("k1", Enumerable.Repeat((byte)1, 32).ToArray())], time);
        var principal = new Principal { Id = "bureau", Role = Role.CommerceBureau, Organisation = "b" };
        var (token, expiresAt) = tokens.Issue(principal, TimeSpan.FromHours(1));
        Assert.Equal("bureau", tokens.Validate(token).Claims!.Sub);
        time.Now = expiresAt + BearerTokens.ClockSkew;
        Assert.Contains("expired", tokens.Validate(token).Failure, StringComparison.Ordinal);

        var noneHeader = Paging.Base64Url.Encode("{\"alg\":\"none\",\"kid\":\"k2\"}"u8);
        Assert.Contains("not accepted", tokens.Validate(noneHeader + token[token.IndexOf('.', StringComparison.Ordinal)..]).Failure, StringComparison.Ordinal);
        var retired = new BearerTokens([new TokenSigningKey("k3", new byte[32])], time);
        Assert.Contains("unknown", retired.Validate(token).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void passwords_and_keys_verify_only_their_own_secret()
    {
        var hash = PasswordHasher.Hash("s3cret", PasswordHasher.MinIterations);
        Assert.True(PasswordHasher.Verify("s3cret", hash));
        Assert.False(PasswordHasher.Verify("s3cret!", hash));
        Assert.False(PasswordHasher.Verify("s3cret", hash.Replace("$10000$", "$9999$", StringComparison.Ordinal)));
        var issued = ApiKeys.Create();
        Assert.Equal(issued.KeyId, ApiKeys.Parse(issued.PlainText)!.Value.KeyId);
        Assert.True(ApiKeys.Matches(ApiKeys.Parse(issued.PlainText)!.Value.Secret, issued.SecretSha256));
        Assert.Null(ApiKeys.Parse("tck_short_key"));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
