using System.Text.Json.Nodes;
using TradeChain.Crypto;
using TradeChain.Testing;
using TradeChain.Trade.Batches;

namespace TradeChain.Cli.Tests;

[Trait("Category", "Cli")]
public sealed class VerifyEventCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ISigningKey _memberKey = CryptoSuites.Sm.GenerateSigningKey();

    public void Dispose()
    {
        _memberKey.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void a_valid_proof_exits_zero_and_names_the_event()
    {
        var proofPath = WriteProof(ProofOfThirdEvent());

        var result = CliRunner.Run("verify-event", proofPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("VALID: event", result.Output);
        Assert.Contains("not pinned", result.Output);
    }

    [Fact]
    public void a_proof_pinned_to_the_member_key_file_verifies()
    {
        var keyPath = _directory.File("customs.pub.pem");
        File.WriteAllText(keyPath, _memberKey.ExportPublicKeyPem());

        var result = CliRunner.Run("verify-event", WriteProof(ProofOfThirdEvent()), "--member-key", keyPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("expected member key", result.Output);
    }

    [Fact]
    public void a_proof_signed_by_another_key_fails_when_pinned()
    {
        using var other = CryptoSuites.Sm.GenerateSigningKey();
        var keyPath = _directory.File("other.pub.pem");
        File.WriteAllText(keyPath, other.ExportPublicKeyPem());

        var result = CliRunner.Run("verify-event", WriteProof(ProofOfThirdEvent()), "--member-key", keyPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("INVALID: signer-key", result.Output);
    }

    [Fact]
    public void a_tampered_event_exits_one_and_says_which_step_failed()
    {
        var json = JsonNode.Parse(EventProofJson.Write(ProofOfThirdEvent()))!;
        var eventBytes = Convert.FromBase64String(json["event"]!.GetValue<string>());
        eventBytes[^2] ^= 0x01;
        json["event"] = Convert.ToBase64String(eventBytes);

        var result = CliRunner.Run("verify-event", WriteText(json.ToJsonString()));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL  leaf-hash", result.Output);
        Assert.Contains("INVALID:", result.Output);
    }

    [Fact]
    public void an_unreadable_file_exits_two_with_the_reason()
    {
        var result = CliRunner.Run("verify-event", WriteText("""{"format":"tradechain.event-proof/1","suite":"sm"}"""));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing field 'event'", result.Error);
    }

    [Fact]
    public void a_missing_file_exits_two()
    {
        var result = CliRunner.Run("verify-event", _directory.File("absent.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.json", result.Error);
    }

    [Fact]
    public void the_real_program_verifies_a_proof_file()
    {
        var result = CliRunner.RunProcess("verify-event", WriteProof(ProofOfThirdEvent()));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ok    merkle-path", result.Output);
    }

    private EventProof ProofOfThirdEvent()
    {
        var events = SampleEvents.SeaImportSeries(5);
        var batch = EventBatch.Sign(CryptoSuites.Sm, _memberKey, events[0].MemberId, events[0].Feed, 3, 1_742_086_800_000, events);
        return batch.ProveEvent(2);
    }

    private string WriteProof(EventProof proof) => WriteText(EventProofJson.Write(proof));

    private string WriteText(string text)
    {
        var path = _directory.File($"proof-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }
}
