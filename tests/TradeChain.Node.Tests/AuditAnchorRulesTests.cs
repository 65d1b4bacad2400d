using TradeChain.Ledger;
using TradeChain.Ledger.Audit;
using TradeChain.Node.Blocks;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Mempool;
using TradeChain.Storage;
using TradeChain.Testing;

namespace TradeChain.Node.Tests;

/// <summary>What a node admits as an audit anchor and what a validator accepts in a block: a current member's signature over a claim for this chain, carried by its one canonical transaction.</summary>
[Trait("Category", "Node")]
public sealed class AuditAnchorRulesTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly TestChain _chain = new();
    private LedgerStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = _temp.Path });
        await _store.AppendAsync(_chain.Genesis(), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _chain.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void a_members_signed_anchor_round_trips_is_admitted_and_a_block_holding_it_is_valid_and_stored()
    {
        var signed = Claim().Sign(_chain.MemberKey);
        var decoded = SignedAuditAnchor.Decode(signed.Encode());
        Assert.Equal(signed.Encode(), decoded.Encode());
        Assert.Equal((3L, "api-1"), (decoded.Anchor.Records, decoded.Anchor.InstanceId));

        var admitted = Admission.DecodeAuditAnchor(signed.Encode(), _store.Tip!.Membership, out var rejection);
        Assert.Null(rejection);
        var transaction = Transaction.Decode(admitted!.ToTransaction().Encode());
        Assert.Equal((TransactionType.AuditAnchor, TestChain.MemberId), (transaction.Type, transaction.Sender));

        var tip = _store.Tip!;
        var block = BlockRules.Assemble(tip, [transaction], tip.TimestampMs + 1000, "validator-1");
        // Assembling runs the trade contract over the block, which must pass an anchor over rather than throw on it.
        Assert.Null(BlockRules.Validate(BlockRules.ValueOf(block), tip, _ => false));
    }

    [Fact]
    public void anchors_of_another_chain_a_stranger_a_wrong_key_or_a_swapped_transaction_are_refused()
    {
        var membership = _store.Tip!.Membership;
        Assert.Equal(RejectionCode.AuditAnchor, Refusal(Claim() with { ChainId = "other-chain" }, _chain.MemberKey, membership));
        using var strangerKey = _chain.Suite.GenerateSigningKey();
        Assert.Equal(RejectionCode.AuditAnchor, Refusal(Claim() with { MemberId = "stranger" }, strangerKey, membership));
        Assert.Equal(RejectionCode.AuditAnchor, Refusal(Claim(), strangerKey, membership));

        var encoded = Claim().Sign(_chain.MemberKey).Encode();
        encoded[^1] ^= 1;
        Assert.NotNull(Rejection(encoded, membership));
        Assert.Equal(RejectionCode.Malformed, Rejection(encoded[..^3], membership));
        Assert.Equal(RejectionCode.TooLarge, Rejection(new byte[LedgerLimits.MaxControlDataBytes + 1], membership));
        Assert.Throws<InvalidOperationException>(() => (Claim() with { Records = 0 }).Encode());
        Assert.Throws<InvalidOperationException>(() => (Claim() with { HeadHash = new byte[31] }).Encode());

        var signed = Claim().Sign(_chain.MemberKey);
        var swapped = new Transaction(TransactionType.AuditAnchor, [TestChain.MemberId], signed.Anchor.AnchoredAtMs, TestChain.MemberId, "ledger", signed.Encode(), "a memo the member never signed");
        var tip = _store.Tip!;
        Assert.Contains("not the canonical transaction", BlockRules.Validate(BlockRules.ValueOf(BlockRules.Assemble(tip, [swapped], tip.TimestampMs + 1000, "validator-1")), tip, _ => false));
        var forged = new SignedAuditAnchor(Claim(), strangerKey.Sign(Claim().Encode())).ToTransaction();
        Assert.Contains("does not verify", BlockRules.Validate(BlockRules.ValueOf(BlockRules.Assemble(tip, [forged], tip.TimestampMs + 1000, "validator-1")), tip, _ => false));
    }

    private AuditAnchor Claim() =>
        new(TestChain.ChainId, TestChain.MemberId, "api-1", 3, Enumerable.Range(0, AuditAnchor.HeadHashBytes).Select(i => (byte)i).ToArray(), _store.Tip!.TimestampMs);

    private static RejectionCode? Refusal(AuditAnchor claim, TradeChain.Crypto.ISigningKey key, Ledger.Governance.ChainMembership membership) =>
        Rejection(claim.Sign(key).Encode(), membership);

    private static RejectionCode? Rejection(byte[] encoded, Ledger.Governance.ChainMembership membership)
    {
        Admission.DecodeAuditAnchor(encoded, membership, out var rejection);
        return rejection?.Code;
    }
}
