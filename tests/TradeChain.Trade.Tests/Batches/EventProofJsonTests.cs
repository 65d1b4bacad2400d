using System.Text.Json.Nodes;
using TradeChain.Crypto;
using TradeChain.Trade.Batches;

namespace TradeChain.Trade.Tests.Batches;

[Trait("Category", "Batches")]
public sealed class EventProofJsonTests
{
    [Theory]
    [InlineData(SuiteId.Sm)]
    [InlineData(SuiteId.Intl)]
    public void a_proof_file_reads_back_to_the_same_proof_and_verifies(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        using var key = suite.GenerateSigningKey();
        var proof = BatchFixtures.Sign(suite, key, 6).ProveEvent(5);

        var read = EventProofJson.Read(EventProofJson.Write(proof));

        Assert.Equal(proof.Header, read.Header);
        Assert.Equal(proof.LeafHash, read.LeafHash);
        Assert.Equal(proof.Path.Path, read.Path.Path);
        Assert.Equal(proof.Path.LeafIndex, read.Path.LeafIndex);
        Assert.Equal(proof.EncodedEvent!.Value.ToArray(), read.EncodedEvent!.Value.ToArray());
        Assert.True(EventProofVerifier.Verify(read, key.PublicKey).IsValid);
    }

    [Fact]
    public void editing_a_readable_batch_field_breaks_the_signature()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var json = JsonNode.Parse(EventProofJson.Write(BatchFixtures.Sign(CryptoSuites.Sm, key, 2).ProveEvent(0)))!;
        json["batch"]!["sequence"] = 999;

        var report = EventProofVerifier.Verify(EventProofJson.Read(json.ToJsonString()));

        Assert.Equal("batch-signature", report.FirstFailure!.Name);
    }

    [Fact]
    public void a_redacted_proof_file_has_a_null_event()
    {
        using var key = CryptoSuites.Intl.GenerateSigningKey();
        var proof = BatchFixtures.Sign(CryptoSuites.Intl, key, 2).ProveEvent(1) with { EncodedEvent = null };

        var read = EventProofJson.Read(EventProofJson.Write(proof));

        Assert.True(read.IsRedacted);
        Assert.True(EventProofVerifier.Verify(read).IsValid);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"format":"other/9"}""", "other/9")]
    [InlineData("""{"format":"tradechain.event-proof/1"}""", "'suite'")]
    [InlineData("""{"format":"tradechain.event-proof/1","suite":"rsa"}""", "rsa")]
    public void unreadable_files_say_what_is_wrong(string text, string expectedInMessage)
    {
        var error = Assert.Throws<FormatException>(() => EventProofJson.Read(text));

        Assert.Contains(expectedInMessage, error.Message);
    }

    [Fact]
    public void a_bad_digest_names_its_field()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();
        var json = JsonNode.Parse(EventProofJson.Write(BatchFixtures.Sign(CryptoSuites.Sm, key, 3).ProveEvent(0)))!;
        json["path"]![1] = "sm3:zz";

        var error = Assert.Throws<FormatException>(() => EventProofJson.Read(json.ToJsonString()));

        Assert.Contains("path[1]", error.Message);
    }
}
