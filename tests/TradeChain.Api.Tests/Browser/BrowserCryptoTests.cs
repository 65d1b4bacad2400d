using System.Text.Json;
using System.Text.Json.Nodes;
using TradeChain.Crypto;
using TradeChain.Testing;
using TradeChain.Trade.Batches;

namespace TradeChain.Api.Tests.Browser;

/// <summary>
/// The dashboard's own proof check (js/proof.js, sm3.js, sm2.js) run in chromium against proofs the
/// ledger's code makes: SM3 against GB/T 32905, SM2 against BouncyCastle's signatures, ECDSA P-256
/// through WebCrypto, and every tampering found at the same step the C# verifier names.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserCryptoTests(ApiFixture fixture, Chromium chromium)
{
    [Fact]
    public async Task sm3_in_the_browser_matches_the_gbt_32905_examples()
    {
        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        var digests = await page.Page.EvaluateAsync<string[]>(
            "async () => { const { sm3 } = await import('/dashboard/js/sm3.js'); const { hex } = await import('/dashboard/js/proof.js'); const e = new TextEncoder(); return [hex(sm3(e.encode('abc'))), hex(sm3(e.encode('abcd'.repeat(16))))]; }");
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", digests[0]);
        Assert.Equal("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732", digests[1]);
        page.AssertCleanRun();
    }

    [Theory]
    [InlineData("sm")]
    [InlineData("intl")]
    public async Task a_ledger_proof_verifies_in_the_browser_and_each_tampering_fails_at_its_step(string suiteName)
    {
        var suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(suiteName));
        var events = SampleEvents.SeaImportSeries(7);
        using var key = suite.GenerateSigningKey();
        using var otherKey = suite.GenerateSigningKey();
        var batch = EventBatch.Sign(suite, key, events[0].MemberId, events[0].Feed, 42, 1_767_225_600_000, events);
        var proof = JsonNode.Parse(EventProofJson.Write(batch.ProveEvent(5)))!.AsObject();

        var tampered = new Dictionary<string, JsonObject>
        {
            ["leaf-hash"] = With(proof, p => p["event"] = FlipLastByte(p["event"]!.GetValue<string>())),
            ["merkle-path"] = With(proof, p => p["path"]![0] = p["path"]![1]!.GetValue<string>()),
            ["batch-signature"] = With(proof, p => p["batch"]!["sequence"] = 43),
            ["batch-signature "] = With(proof, p => p["signerKey"] = Convert.ToBase64String(otherKey.PublicKey.Spki)),
            ["leaf-count"] = With(proof, p => p["leafCount"] = 8),
        };
        // The same files through the C# verifier: the browser must agree with it on every one.
        Assert.True(EventProofVerifier.Verify(EventProofJson.Read(proof.ToJsonString())).IsValid);
        Assert.All(tampered.Values, t => Assert.False(EventProofVerifier.Verify(EventProofJson.Read(t.ToJsonString())).IsValid));

        await using var page = await chromium.OpenAsync(fixture.Server.Address, "en");
        var sound = await VerifyInBrowserAsync(page, proof);
        Assert.True(sound.GetProperty("valid").GetBoolean(), sound.ToString());
        Assert.Equal(["leaf-hash", "leaf-count", "merkle-path", "batch-signature"], sound.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        foreach (var (step, file) in tampered)
        {
            var report = await VerifyInBrowserAsync(page, file);
            Assert.False(report.GetProperty("valid").GetBoolean(), $"tampered at {step} but verified: {report}");
            var failed = report.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("name").GetString()).ToArray();
            Assert.Contains(step.Trim(), failed);
        }
        page.AssertCleanRun();
    }

    private static async Task<JsonElement> VerifyInBrowserAsync(DashboardPage page, JsonObject proof) =>
        JsonDocument.Parse(await page.Page.EvaluateAsync<string>(
            "async text => { const { verifyEventProof } = await import('/dashboard/js/proof.js'); return JSON.stringify(await verifyEventProof(JSON.parse(text))); }",
            proof.ToJsonString())).RootElement.Clone();

    private static JsonObject With(JsonObject proof, Action<JsonObject> change)
    {
        var copy = JsonNode.Parse(proof.ToJsonString())!.AsObject();
        change(copy);
        return copy;
    }

    private static string FlipLastByte(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[^1] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }
}
