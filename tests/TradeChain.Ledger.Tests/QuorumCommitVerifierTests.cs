using TradeChain.Ledger.Certificates;
using TradeChain.Testing;
using Xunit;

namespace TradeChain.Ledger.Tests;

/// <summary>A certificate commits a block only with valid precommits of a quorum (2f+1 of 3f+1) of distinct validators.</summary>
[Trait("Category", "Encoding")]
public sealed class QuorumCommitVerifierTests : IDisposable
{
    private readonly TestChain _chain = new();
    private readonly QuorumCommitVerifier _verifier = new();

    [Fact]
    public void three_of_four_commit_and_two_of_four_do_not()
    {
        _chain.Genesis();
        var header = _chain.Next().Header;
        Assert.Equal((1, 3), (_chain.Validators.MaxFaulty, _chain.Validators.QuorumSize));
        Assert.Null(_verifier.Verify(header, _chain.Certify(header, 0, 1, 2), _chain.Validators));
        Assert.Null(_verifier.Verify(header, _chain.Certify(header, 0, 1, 2, 3), _chain.Validators));
        Assert.Contains("quorum", _verifier.Verify(header, _chain.Certify(header, 1, 3), _chain.Validators));
    }

    [Fact]
    public void a_certificate_for_another_block_or_with_a_forged_signature_is_refused()
    {
        _chain.Genesis();
        var first = _chain.Next().Header;
        var second = _chain.Next().Header;
        Assert.Contains("height", _verifier.Verify(second, _chain.Certify(first, 0, 1, 2), _chain.Validators));
        var good = _chain.Certify(second, 0, 1, 2);
        var forged = new CommitCertificate(good.Height, good.Round, good.BlockId, [good.Signatures[0], good.Signatures[1], good.Signatures[2] with { ValidatorIndex = 3 }]);
        Assert.Contains("validator 3", _verifier.Verify(second, forged, _chain.Validators));
    }

    public void Dispose() => _chain.Dispose();
}
