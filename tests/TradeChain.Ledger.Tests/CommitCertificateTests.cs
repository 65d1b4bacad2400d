using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Testing;
using Xunit;

namespace TradeChain.Ledger.Tests;

/// <summary>
/// Blocks carry consensus's commit certificate: it commits a block only with valid precommits,
/// for this chain, height and block id, of validators holding more than 2/3 of the power.
/// </summary>
[Trait("Category", "Encoding")]
public sealed class CommitCertificateTests : IDisposable
{
    private readonly TestChain _chain = new();

    private CertificateCheck Check(CommitCertificate certificate) =>
        certificate.Verify(TestChain.ChainId, _chain.Validators, new SuiteSignatureVerifier(_chain.Suite));

    [Fact]
    public void three_of_four_commit_and_two_of_four_do_not()
    {
        _chain.Genesis();
        var header = _chain.Next().Header;
        Assert.Equal(3, _chain.Validators.QuorumPower);
        Assert.True(Check(_chain.Certify(header, 0, 1, 2)).IsValid);
        Assert.True(Check(_chain.Certify(header, 0, 1, 2, 3)).IsValid);
        Assert.Contains("more than 2/3", Check(_chain.Certify(header, 1, 3)).Error);
    }

    [Fact]
    public void a_certificate_for_another_block_another_chain_or_with_a_forged_signature_is_refused()
    {
        _chain.Genesis();
        var first = _chain.Next().Header;
        var second = _chain.Next().Header;
        var block = new Block(second, [], _chain.Certify(first, 0, 1, 2));
        Assert.Contains(block.VerifyContents(), p => p.Contains("certificate is for height 1", StringComparison.Ordinal));
        var good = _chain.Certify(second, 0, 1, 2);
        var forged = new CommitCertificate(good.Height, good.Round, good.ValueId, [good.Signatures[0], good.Signatures[1], good.Signatures[2] with { ValidatorIndex = 3 }]);
        Assert.Contains("validator 3", Check(forged).Error);
        Assert.False(good.Verify("another-chain", _chain.Validators, new SuiteSignatureVerifier(_chain.Suite)).IsValid);
    }

    [Fact]
    public void a_block_from_another_chain_does_not_decode_its_certificate()
    {
        _chain.Genesis();
        var block = _chain.Next();
        var bytes = block.Encode();
        var roundTrip = Block.Decode(bytes);
        Assert.Equal(block.Certificate!.Encode(TestChain.ChainId), roundTrip.Certificate!.Encode(TestChain.ChainId));
        // The certificate's own chain id is checked against the header's while decoding.
        var foreign = new Block(block.Header with { ChainId = "another-chain" }, block.Transactions, null).Encode();
        var certificate = block.Certificate.Encode(TestChain.ChainId);
        var spliced = foreign.AsSpan(0, foreign.Length - 1).ToArray().Concat(new byte[] { 1 }).Concat(certificate).ToArray();
        Assert.Throws<Primitives.Encoding.CanonicalFormatException>(() => Block.Decode(spliced));
    }

    public void Dispose() => _chain.Dispose();
}
