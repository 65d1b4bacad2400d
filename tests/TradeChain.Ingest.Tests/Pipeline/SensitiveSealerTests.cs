using System.Security.Cryptography;
using System.Text;
using FsCheck.Fluent;
using TradeChain.Crypto;
using TradeChain.Ingest.Batching;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Pipeline;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests.Pipeline;

[Trait("Category", "Ingest")]
public sealed class SensitiveSealerTests
{
    public static TheoryData<SuiteId> Suites => [SuiteId.Sm, SuiteId.Intl];

    [Theory]
    [MemberData(nameof(Suites))]
    public void sealed_details_open_with_the_key_and_the_event_id_and_the_id_does_not_change(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        var key = RandomNumberGenerator.GetBytes(suite.CipherKeyBytes);
        var sealer = new SensitiveSealer(suite, key);
        PropertyCheck.ForAll(TradeEventGenerators.ValidEvent(), 200, original =>
        {
            var id = original.ComputeEventId(suite);
            var prepared = PendingEvent.Prepare(original, suite, sealer, "partner", new SourcePosition("t", 0, 0));

            Assert.Equal(id, prepared.EventId);
            Assert.Equal(id, prepared.Event.ComputeEventId(suite));
            Assert.Equal(TradeEventCodec.Encode(prepared.Event).Length, prepared.EncodedBytes);
            Assert.Equal(original with { Sensitive = prepared.Event.Sensitive }, prepared.Event);
            switch (original.Sensitive)
            {
                case null:
                    Assert.Null(prepared.Event.Sensitive);
                    break;
                case { Plaintext: { } plaintext }:
                    var sealedData = prepared.Event.Sensitive!.Sealed!;
                    Assert.Equal(suite.CipherAlgorithm, sealedData.Algorithm);
                    Assert.Equal(plaintext, TradeEventCodec.DecodeSensitiveDetails(suite.Open(key, sealedData, Encoding.UTF8.GetBytes(id.ToString()))));
                    break;
                default:
                    Assert.Same(original.Sensitive, prepared.Event.Sensitive);
                    break;
            }
        });
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void tampered_ciphertext_another_event_id_or_another_key_do_not_open(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        var key = RandomNumberGenerator.GetBytes(suite.CipherKeyBytes);
        var tradeEvent = SampleEvents.SeaImport();
        var id = tradeEvent.ComputeEventId(suite);
        var sealedData = new SensitiveSealer(suite, key).Seal(tradeEvent, id).Sensitive!.Sealed!;
        var ad = Encoding.UTF8.GetBytes(id.ToString());

        PropertyCheck.ForAll(Gen.Choose(0, sealedData.Ciphertext.Length * 8 - 1), 50, bit =>
        {
            var ciphertext = sealedData.Ciphertext.ToArray();
            ciphertext[bit / 8] ^= (byte)(1 << (bit % 8));
            var tampered = new SealedData(sealedData.Algorithm, sealedData.Nonce, ciphertext, sealedData.Tag);
            Assert.ThrowsAny<CryptographicException>(() => suite.Open(key, tampered, ad));
        });
        var otherId = (tradeEvent with { SourceReference = tradeEvent.SourceReference + "-2" }).ComputeEventId(suite);
        Assert.ThrowsAny<CryptographicException>(() => suite.Open(key, sealedData, Encoding.UTF8.GetBytes(otherId.ToString())));
        Assert.ThrowsAny<CryptographicException>(() => suite.Open(RandomNumberGenerator.GetBytes(suite.CipherKeyBytes), sealedData, ad));
        Assert.Equal(tradeEvent.Sensitive!.Plaintext, TradeEventCodec.DecodeSensitiveDetails(suite.Open(key, sealedData, ad)));
    }

    [Fact]
    public void every_sealing_takes_a_fresh_nonce()
    {
        var suite = CryptoSuites.Sm;
        var sealer = new SensitiveSealer(suite, RandomNumberGenerator.GetBytes(suite.CipherKeyBytes));
        var tradeEvent = SampleEvents.SeaImport();
        var id = tradeEvent.ComputeEventId(suite);

        var nonces = Enumerable.Range(0, 100).Select(_ => Convert.ToHexString(sealer.Seal(tradeEvent, id).Sensitive!.Sealed!.Nonce)).ToHashSet();

        Assert.Equal(100, nonces.Count);
    }

    [Fact]
    public void a_key_of_the_wrong_length_is_refused_with_the_length_it_needs()
    {
        var error = Assert.Throws<ArgumentException>(() => new SensitiveSealer(CryptoSuites.Sm, new byte[32]));
        Assert.Contains("16 bytes", error.Message, StringComparison.Ordinal);
        Assert.Null(SensitiveSealer.FromBase64(CryptoSuites.Intl, Convert.ToBase64String(new byte[16]), out var problem));
        Assert.Contains("32 bytes", problem, StringComparison.Ordinal);
        Assert.Null(SensitiveSealer.FromBase64(CryptoSuites.Intl, "not base64!", out problem));
        Assert.Contains("not base64", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void without_a_key_the_options_refuse_unless_plaintext_is_explicitly_allowed()
    {
        var options = new IngestOptions();
        Assert.Contains(options.Validate(), p => p.Contains("Ingest:SensitiveKey", StringComparison.Ordinal) && p.Contains("Ingest:AllowPlaintextSensitive=true", StringComparison.Ordinal));
        var refused = Assert.Throws<ArgumentException>(() => options.CreateSealer(CryptoSuites.Sm));
        Assert.Contains("Ingest:AllowPlaintextSensitive", refused.Message, StringComparison.Ordinal);

        options.AllowPlaintextSensitive = true;
        Assert.DoesNotContain(options.Validate(), p => p.Contains("SensitiveKey", StringComparison.Ordinal));
        Assert.Null(options.CreateSealer(CryptoSuites.Sm));

        options.SensitiveKeyFile = "/nonexistent/sensitive-data-key";
        options.AllowPlaintextSensitive = false;
        Assert.DoesNotContain(options.Validate(), p => p.Contains("Sensitive", StringComparison.Ordinal));
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => options.CreateSealer(CryptoSuites.Sm)).Message, StringComparison.Ordinal);
        options.SensitiveKeyFile = null;

        options.SensitiveKey = "%%%";
        Assert.Contains(options.Validate(), p => p == "Ingest:SensitiveKey is not base64");
        options.SensitiveKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        Assert.NotNull(options.CreateSealer(CryptoSuites.Sm));
        Assert.Throws<ArgumentException>(() => options.CreateSealer(CryptoSuites.Intl));
    }
}
