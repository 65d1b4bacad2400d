using System.Security.Cryptography;
using System.Text;
using TradeChain.Api.Access;
using TradeChain.Api.Auth;
using TradeChain.Api.Problems;
using TradeChain.Api.Webhooks;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Tests;

/// <summary>The pure parts of webhooks: the matcher's filters and access rule, the signature, the retry policy and the request rules.</summary>
[Trait("Category", "Api")]
public sealed class WebhookRulesTests
{
    private const string A = WebhookWorld.EnterpriseA;
    private const string B = WebhookWorld.EnterpriseB;

    private static CommittedEvent Committed(string? party, string port = "CNTSN", TradeEventType type = TradeEventType.GateOut, ulong height = 10, string master = "MBL1") =>
        new($"sha256:{height}{party}{port}{type}", height, 0, 0, 0, TestChain.Event("x", type) with
        {
            Port = port,
            References = new References { MasterBill = master, Containers = ["CSQU3054383"] },
            Parties = party is null ? [] : [new Party(PartyRole.Consignee, party, "1")],
        });

    private static Subscriber Of(Role role, SubscriptionFilter? filter = null, ulong fromHeight = 5, string? uscc = null, string? port = null) =>
        new(new Subscription("sub_1", "p", new Uri("https://example.com/"), filter ?? SubscriptionFilter.Everything, DateTimeOffset.UnixEpoch, fromHeight, "whsec_x", null, null),
            new AccessScope("p", role, uscc, port, null));

    [Fact]
    public void a_subscription_gets_what_its_scope_reaches_and_nothing_more()
    {
        var named = Committed(A);
        var other = Committed(B);
        var unnamed = Committed(null);
        var elsewhere = Committed(A, port: "CNPEK");

        Assert.Null(WebhookMatcher.Match(named, Of(Role.Operator)));
        Assert.All(new[] { named, other, unnamed, elsewhere }, e => Assert.False(WebhookMatcher.Match(e, Of(Role.Customs))!.NeedsShipmentCheck));

        var terminal = Of(Role.Port, port: "CNTSN");
        Assert.NotNull(WebhookMatcher.Match(other, terminal));
        Assert.Null(WebhookMatcher.Match(elsewhere, terminal));

        var enterprise = Of(Role.Exporter, uscc: A);
        Assert.False(WebhookMatcher.Match(named, enterprise)!.NeedsShipmentCheck);
        Assert.False(WebhookMatcher.Match(elsewhere, enterprise)!.NeedsShipmentCheck);
        // Not named: deliverable only if the shipment query says A is a party, as a GET decides.
        Assert.True(WebhookMatcher.Match(other, enterprise)!.NeedsShipmentCheck);
        Assert.True(WebhookMatcher.Match(unnamed, enterprise)!.NeedsShipmentCheck);
    }

    [Fact]
    public void filters_narrow_and_only_events_after_the_subscription_match()
    {
        var gateIn = Committed(A, type: TradeEventType.GateIn);
        Assert.Null(WebhookMatcher.Match(Committed(A, height: 5), Of(Role.Customs, fromHeight: 5)));
        Assert.NotNull(WebhookMatcher.Match(Committed(A, height: 6), Of(Role.Customs, fromHeight: 5)));
        Assert.Null(WebhookMatcher.Match(Committed(A), Of(Role.Customs, new SubscriptionFilter(null, null, null, [TradeEventType.GateIn]))));
        Assert.NotNull(WebhookMatcher.Match(gateIn, Of(Role.Customs, new SubscriptionFilter(null, null, null, [TradeEventType.GateIn]))));
        Assert.Null(WebhookMatcher.Match(gateIn, Of(Role.Customs, new SubscriptionFilter(null, B, null, []))));
        Assert.NotNull(WebhookMatcher.Match(gateIn, Of(Role.Customs, new SubscriptionFilter(null, A, null, []))));
        Assert.Null(WebhookMatcher.Match(gateIn, Of(Role.Customs, new SubscriptionFilter(null, null, "CNPEK", []))));
        var byContainer = WebhookMatcher.Match(gateIn, Of(Role.Customs, new SubscriptionFilter("csqu3054383", null, null, [])));
        Assert.Equal("CSQU3054383", byContainer!.Reference);
        Assert.Null(WebhookMatcher.Match(gateIn, Of(Role.Customs, new SubscriptionFilter("MBL2", null, null, []))));
        Assert.Equal("MBL1", WebhookMatcher.Match(gateIn, Of(Role.Customs))!.Reference);
    }

    [Fact]
    public void a_signature_verifies_only_with_a_signing_secret_the_exact_body_and_a_fresh_timestamp()
    {
        var body = Encoding.UTF8.GetBytes("{\"deliveryId\":\"dlv_1\"}");
        var (current, previous) = (WebhookSignature.NewSecret(), WebhookSignature.NewSecret());
        var header = WebhookSignature.Sign(1_000, body, [current, previous]);
        Assert.Matches("^t=1000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$", header);
        Assert.True(WebhookSignature.Verify(header, body, current, 1_100, 300));
        Assert.True(WebhookSignature.Verify(header, body, previous, 1_100, 300));
        Assert.False(WebhookSignature.Verify(header, body, WebhookSignature.NewSecret(), 1_100, 300));
        Assert.False(WebhookSignature.Verify(header, body, current, 1_400, 300));
        Assert.False(WebhookSignature.Verify(header, Encoding.UTF8.GetBytes("{\"deliveryId\":\"dlv_2\"}"), current, 1_100, 300));
        Assert.False(WebhookSignature.Verify(header.Replace("t=1000", "t=1001", StringComparison.Ordinal), body, current, 1_100, 300));
        // The documented openssl form: HMAC-SHA256 keyed with the secret's text over "<t>.<body>".
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(current), Encoding.UTF8.GetBytes("1000." + Encoding.UTF8.GetString(body))));
        Assert.Contains("v1=" + expected, header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_verification_snippets_in_docs_webhooks_md_accept_a_signed_delivery()
    {
        var body = Encoding.UTF8.GetBytes("{\"deliveryId\":\"dlv_1\",\"reference\":\"MBL1\"}");
        var secret = WebhookSignature.NewSecret();
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = WebhookSignature.Sign(t, body, [secret]);
        Assert.True(Verify(header, body, secret, TimeSpan.FromMinutes(5)));
        Assert.False(Verify(header, body, WebhookSignature.NewSecret(), TimeSpan.FromMinutes(5)));

        using var temp = new TempDirectory();
        await File.WriteAllBytesAsync(temp.File("body.json"), body, TestContext.Current.CancellationToken);
        var shell = new System.Diagnostics.ProcessStartInfo("sh", ["-c", "printf '%s.' \"$T\" | cat - body.json | openssl dgst -sha256 -hmac \"$SECRET\" -hex | sed 's/^.*= //'"])
        {
            WorkingDirectory = temp.Path,
            RedirectStandardOutput = true,
            Environment = { ["T"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture), ["SECRET"] = secret },
        };
        using var process = System.Diagnostics.Process.Start(shell)!;
        var hex = (await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Trim();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Contains("v1=" + hex, header, StringComparison.Ordinal);

        // Verbatim from docs/webhooks.md.
        static bool Verify(string header, byte[] body, string secret, TimeSpan tolerance)
        {
            var parts = header.Split(',').Select(p => p.Split('=', 2)).ToArray();
            var t = parts.Single(p => p[0] == "t")[1];
            if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(t)) > tolerance.TotalSeconds) return false;
            byte[] signed = [.. Encoding.ASCII.GetBytes(t + "."), .. body];
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
            return parts.Where(p => p[0] == "v1").Any(p => CryptographicOperations.FixedTimeEquals(Convert.FromHexString(p[1]), expected));
        }
    }

    [Fact]
    public void retries_back_off_exponentially_with_jitter_up_to_the_cap()
    {
        var options = new WebhookOptions { RetryInitialDelayMs = 1_000, RetryMaxDelayMs = 60_000 };
        Assert.Equal(1_000, options.RetryDelayMs(2, 0.999_999_9));
        Assert.Equal(500, options.RetryDelayMs(2, 0));
        Assert.Equal(4_000, options.RetryDelayMs(4, 0.999_999_9));
        Assert.Equal(60_000, options.RetryDelayMs(40, 0.999_999_9));
        Assert.Equal(30_000, options.RetryDelayMs(40, 0));
        var draws = Enumerable.Range(0, 100).Select(i => options.RetryDelayMs(5, i / 100.0)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 4_000, 8_000));
        Assert.True(draws.Distinct().Count() > 50, "jitter spreads retries");
        Assert.Empty(new WebhookOptions().Validate());
        Assert.NotEmpty(new WebhookOptions { RetryMaxDelayMs = 1, RetryInitialDelayMs = 10 }.Validate());
    }

    [Theory]
    [InlineData("https://hooks.example.com/tc", false, true)]
    [InlineData("http://hooks.example.com/tc", true, false)]
    [InlineData("http://127.0.0.1:8080/tc", true, true)]
    [InlineData("http://localhost:8080/tc", true, true)]
    [InlineData("http://[::1]:8080/tc", true, true)]
    [InlineData("http://127.0.0.1:8080/tc", false, false)]
    [InlineData("file:///etc/passwd", true, false)]
    public void only_https_or_loopback_http_when_allowed_is_a_receiver(string url, bool allowHttpLoopback, bool accepted)
    {
        if (accepted)
        {
            Assert.Equal(url, SubscriptionRules.Url(url, allowHttpLoopback).OriginalString);
        }
        else
        {
            Assert.Equal(400, Assert.Throws<ApiProblemException>(() => SubscriptionRules.Url(url, allowHttpLoopback)).Status);
        }
    }
}
