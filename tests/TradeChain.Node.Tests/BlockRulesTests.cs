using System.Text.Json.Nodes;
using TradeChain.Consensus;
using TradeChain.Ledger;
using TradeChain.Node.Blocks;
using TradeChain.Node.Genesis;
using TradeChain.Node.Mempool;
using TradeChain.Storage;
using TradeChain.Testing;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Node.Tests;

/// <summary>
/// What a validator checks in a proposed block before it votes for it, and the proof a node
/// serves for a committed event, checked offline by <c>tradechain verify-event</c>.
/// </summary>
[Trait("Category", "Node")]
public sealed class BlockRulesTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly TestChain _chain = new();
    private LedgerStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = _temp.Path });
        await _store.AppendAsync(_chain.Genesis(), TestContext.Current.CancellationToken);
        await _store.AppendAsync(_chain.Next(), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void a_block_built_from_admitted_batches_on_the_tip_is_valid()
    {
        var tip = _store.Tip!;
        var block = BlockRules.Assemble(tip, [Admission.TransactionFor(Batch("valid"))], tip.TimestampMs + 1000, "validator-1");
        Assert.Null(BlockRules.Validate(BlockRules.ValueOf(block), tip, _ => false));
    }

    [Fact]
    public void every_rule_a_faulty_proposer_could_break_is_named()
    {
        var tip = _store.Tip!;
        var batch = Batch("rules");
        var transaction = Admission.TransactionFor(batch);
        var good = BlockRules.Assemble(tip, [transaction], tip.TimestampMs + 1000, "validator-1");
        var other = _chain.Suite.Hash("other"u8);

        Assert.Contains("already committed", BlockRules.Validate(BlockRules.ValueOf(good), tip, _ => true));
        Assert.Contains("is not the block's id", BlockRules.Validate(new ProposedValue(other, good.Header.TimestampMs, BlockRules.ValueOf(good).Bytes.Span), tip, _ => false));
        Assert.Contains("is not the proposal's", BlockRules.Validate(new ProposedValue(good.Id, good.Header.TimestampMs + 1, BlockRules.ValueOf(good).Bytes.Span), tip, _ => false));
        Assert.Contains("state root", Validate(new Block(good.Header with { StateRoot = other }, good.Transactions, null), tip));
        Assert.Contains("is not a validator", Validate(BlockRules.Assemble(tip, [transaction], tip.TimestampMs + 1000, TestChain.MemberId), tip));
        Assert.Contains("appears twice", Validate(BlockRules.Assemble(tip, [transaction, transaction], tip.TimestampMs + 1000, "validator-1"), tip));
        Assert.Contains("not the canonical transaction", Validate(BlockRules.Assemble(tip, [Transaction.ForBatch(batch, batch.Header.CreatedAtMs, memo: "extra")], tip.TimestampMs + 1000, "validator-1"), tip));
        var invalidEvent = EventBatch.Sign(_chain.Suite, _chain.MemberKey, TestChain.MemberId, Feed.PortGate, 7, tip.TimestampMs, [TestChain.Event("bad-uscc")]);
        Assert.Contains("InvalidEvent", Validate(BlockRules.Assemble(tip, [Admission.TransactionFor(invalidEvent)], tip.TimestampMs + 1000, "validator-1"), tip));
        using var strangerKey = _chain.Suite.GenerateSigningKey();
        var stranger = EventBatch.Sign(_chain.Suite, strangerKey, "stranger", Feed.CustomsStatus, 1, tip.TimestampMs, [SampleEvents.SeaImport() with { MemberId = "stranger" }]);
        Assert.Contains("UnknownMember", Validate(BlockRules.Assemble(tip, [Admission.TransactionFor(stranger)], tip.TimestampMs + 1000, "validator-1"), tip));
    }

    [Fact]
    public async Task a_served_proof_verifies_offline_and_tampering_with_its_ledger_section_is_caught()
    {
        var batch = Batch("proof");
        var block = _chain.Next(Admission.TransactionFor(batch));
        await _store.AppendAsync(block, TestContext.Current.CancellationToken);
        var proof = _store.ProveEvent(batch.Events[0].ComputeEventId(_chain.Suite))!;
        var json = LedgerEventProofJson.Write(proof, _chain.Validators);
        var genesis = _temp.File("genesis.json");
        File.WriteAllText(genesis, GenesisFile.Write(_chain.Configuration));

        var valid = Verify(json, "--genesis", genesis);
        Assert.True(valid.Code == 0, valid.Output);
        Assert.Contains("ok    ledger-block", valid.Output);
        Assert.Contains("ok    validator-set", valid.Output);

        var moved = JsonNode.Parse(json)!;
        moved["ledger"]!["transactionIndex"] = 1;
        Assert.Contains("FAIL  ledger-block", Verify(moved.ToJsonString()).Output);

        var inflated = JsonNode.Parse(json)!;
        inflated["ledger"]!["validators"]![3]!["power"] = 100;
        var weak = Verify(inflated.ToJsonString(), "--genesis", genesis);
        Assert.Equal(1, weak.Code);
        Assert.Contains("more than 2/3", weak.Output);
        Assert.Contains("FAIL  validator-set", weak.Output);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _chain.Dispose();
        _temp.Dispose();
    }

    private EventBatch Batch(string reference) =>
        EventBatch.Sign(_chain.Suite, _chain.MemberKey, TestChain.MemberId, Feed.CustomsStatus, 1, _store.Tip!.TimestampMs,
            [SampleEvents.SeaImport() with { MemberId = TestChain.MemberId, SourceReference = reference }]);

    private static string? Validate(Block block, ChainTip tip) => BlockRules.Validate(BlockRules.ValueOf(block), tip, _ => false);

    private (int Code, string Output) Verify(string json, params string[] options)
    {
        var file = _temp.File($"proof-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        var output = new StringWriter();
        var code = Cli.TradeChainCli.Run(["verify-event", file, .. options], output, new StringWriter());
        return (code, output.ToString());
    }
}
