using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Trade.Tests.Batches;

[Trait("Category", "Batches")]
public sealed class EventBatchTests
{
    public static TheoryData<SuiteId, int> SuitesAndSizes()
    {
        var data = new TheoryData<SuiteId, int>();
        foreach (var suite in new[] { SuiteId.Sm, SuiteId.Intl })
        {
            foreach (var size in new[] { 1, 2, 3, 7, 16, 33 })
            {
                data.Add(suite, size);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SuitesAndSizes))]
    public void every_event_of_a_signed_batch_has_a_proof_that_verifies(SuiteId suiteId, int size)
    {
        var suite = CryptoSuites.Get(suiteId);
        using var key = suite.GenerateSigningKey();
        var batch = BatchFixtures.Sign(suite, key, size);

        Assert.Empty(batch.Verify());
        for (var i = 0; i < size; i++)
        {
            var report = EventProofVerifier.Verify(batch.ProveEvent(i), key.PublicKey);
            Assert.True(report.IsValid, report.FirstFailure?.Detail);
            Assert.Equal(batch.Events[i], report.Event);
        }
    }

    [Theory]
    [InlineData(SuiteId.Sm)]
    [InlineData(SuiteId.Intl)]
    public void a_batch_survives_encode_and_decode_and_still_verifies(SuiteId suiteId)
    {
        var suite = CryptoSuites.Get(suiteId);
        using var key = suite.GenerateSigningKey();
        var batch = BatchFixtures.Sign(suite, key, 5, sequence: 42);

        var decoded = EventBatch.Decode(batch.Encode());

        Assert.Equal(batch.Header, decoded.Header);
        Assert.Equal(batch.Events, decoded.Events);
        Assert.Equal(batch.Signature, decoded.Signature);
        Assert.Equal(batch.SignerKey, decoded.SignerKey);
        Assert.Empty(decoded.Verify());
        Assert.Equal(batch.Encode(), decoded.Encode());
    }

    [Fact]
    public void a_batch_whose_header_was_altered_fails_its_signature()
    {
        var suite = CryptoSuites.Sm;
        using var key = suite.GenerateSigningKey();
        var encoded = BatchFixtures.Sign(suite, key, 3, sequence: 7).Encode();
        // The header's sequence number is the u64 right after the batch tag, header tag and member id.
        var reader = new CanonicalReader(encoded);
        reader.ReadHeader(TypeTag.EventBatch);
        reader.ReadHeader(TypeTag.BatchHeader);
        reader.ReadString();
        reader.ReadByte();
        var sequenceLastByte = reader.Offset + 7;
        encoded[sequenceLastByte] ^= 0x01;

        var problems = EventBatch.Decode(encoded).Verify();

        Assert.Contains(problems, p => p.Contains("signature does not verify", StringComparison.Ordinal));
    }

    [Fact]
    public void a_batch_signed_by_another_key_is_caught_by_pinning_the_member_key()
    {
        var suite = CryptoSuites.Intl;
        using var memberKey = suite.GenerateSigningKey();
        using var impostor = suite.GenerateSigningKey();
        var batch = BatchFixtures.Sign(suite, impostor, 2);

        var report = EventProofVerifier.Verify(batch.ProveEvent(0), memberKey.PublicKey);

        Assert.False(report.IsValid);
        Assert.Equal("signer-key", report.FirstFailure!.Name);
    }

    [Fact]
    public void signing_rejects_an_event_of_another_member()
    {
        var suite = CryptoSuites.Sm;
        using var key = suite.GenerateSigningKey();
        var events = BatchFixtures.Events(2).ToList();
        events[1] = events[1] with { MemberId = "someone-else" };

        var error = Assert.Throws<ArgumentException>(() => EventBatch.Sign(suite, key, events[0].MemberId, events[0].Feed, 1, 0, events));

        Assert.Contains("someone-else", error.Message);
    }

    [Fact]
    public void signing_rejects_the_same_event_twice()
    {
        var suite = CryptoSuites.Sm;
        using var key = suite.GenerateSigningKey();
        var one = BatchFixtures.Events(1)[0];

        var error = Assert.Throws<ArgumentException>(() => EventBatch.Sign(suite, key, one.MemberId, one.Feed, 1, 0, [one, one]));

        Assert.Contains("twice", error.Message);
    }

    [Fact]
    public void signing_rejects_a_key_of_the_other_suite()
    {
        using var intlKey = CryptoSuites.Intl.GenerateSigningKey();

        Assert.Throws<ArgumentException>(() => BatchFixtures.Sign(CryptoSuites.Sm, intlKey, 1));
    }

    [Fact]
    public void signing_rejects_an_empty_batch()
    {
        using var key = CryptoSuites.Sm.GenerateSigningKey();

        Assert.Throws<ArgumentException>(() => EventBatch.Sign(CryptoSuites.Sm, key, "customs", Feed.CustomsStatus, 1, 0, []));
    }

    [Fact]
    public void decoding_rejects_trailing_bytes_and_truncation()
    {
        using var key = CryptoSuites.Intl.GenerateSigningKey();
        var encoded = BatchFixtures.Sign(CryptoSuites.Intl, key, 2).Encode();

        Assert.Throws<CanonicalFormatException>(() => EventBatch.Decode([.. encoded, 0]));
        Assert.Throws<CanonicalFormatException>(() => EventBatch.Decode(encoded.AsSpan(0, encoded.Length - 1)));
    }
}
