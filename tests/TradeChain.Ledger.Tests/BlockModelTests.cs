using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Consensus;
using TradeChain.Ledger.Governance;
using TradeChain.Primitives.Encoding;
using TradeChain.Testing;
using Xunit;

namespace TradeChain.Ledger.Tests;

/// <summary>The block and transaction model: canonical round trips, ids that move with every field, strict decoding.</summary>
[Trait("Category", "Encoding")]
public sealed class BlockModelTests : IDisposable
{
    private readonly TestChain _chain = new();

    [Fact]
    public void blocks_transactions_and_certificates_round_trip_byte_for_byte()
    {
        var genesis = _chain.Genesis();
        var block = _chain.Next(_chain.Batch(TestChain.Event("a"), TestChain.Event("b")), _chain.Redaction(_chain.Suite.Hash("x"u8)));
        foreach (var original in new[] { genesis, block })
        {
            var decoded = Block.Decode(original.Encode());
            Assert.Equal(original.Encode(), decoded.Encode());
            Assert.Equal(original.Id, decoded.Id);
            Assert.Empty(decoded.VerifyContents());
        }
        var certificate = block.Certificate!;
        Assert.Equal(certificate.Encode(TestChain.ChainId), CommitCertificate.Decode(certificate.Encode(TestChain.ChainId), TestChain.ChainId).Encode(TestChain.ChainId));
        var transaction = block.Transactions[0];
        Assert.Equal(transaction.ComputeId(_chain.Suite), Transaction.Decode(transaction.Encode()).ComputeId(_chain.Suite));
    }

    [Fact]
    public void the_block_id_changes_with_every_header_field()
    {
        _chain.Genesis();
        var header = _chain.Next().Header;
        var other = _chain.Suite.Hash("other"u8);
        BlockHeader[] variants =
        [
            header with { Version = 2 },
            header with { Height = header.Height + 1 },
            header with { PreviousBlockId = other },
            header with { TransactionsRoot = other },
            header with { StateRoot = other },
            header with { TimestampMs = header.TimestampMs + 1 },
            header with { ProposerId = "validator-1" },
            header with { ChainId = "another-chain" },
        ];
        Assert.Equal(variants.Length + 1, variants.Select(v => v.Id).Append(header.Id).Distinct().Count());
    }

    [Fact]
    public void decoding_is_strict()
    {
        var genesis = _chain.Genesis();
        var bytes = genesis.Encode();
        Assert.Throws<CanonicalFormatException>(() => Block.Decode([.. bytes, 0]));
        Assert.Throws<CanonicalFormatException>(() => Block.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<CanonicalFormatException>(() => BlockHeader.Decode(genesis.Header.Encode().Reverse().ToArray()));
        Assert.Throws<ArgumentException>(() => new Transaction(TransactionType.Governance, [], 0, "a", "b", [1], ""));
    }

    [Fact]
    public void governance_actions_and_network_configuration_round_trip()
    {
        GovernanceAction[] actions =
        [
            new AddMember(new MemberInfo("CNPEK-CARGO", "Beijing Capital airport cargo", ["airport"], _chain.MemberKey.PublicKey, "https://10.0.0.7:7100")),
            new AddValidator("CNPEK-CARGO", 1),
            new RemoveValidator("CNPEK-CARGO"),
            new RemoveMember("CNPEK-CARGO"),
            new RotateKey("CNPEK-CARGO", _chain.MemberKey.PublicKey),
            new ChangeParameter("block.max_transactions", "32"),
            new Redact(_chain.Suite.Hash("event"u8), "court order"),
        ];
        foreach (var action in actions)
        {
            Assert.Equal(action.Encode(), GovernanceAction.Decode(action.Encode()).Encode());
        }
        Assert.Equal(_chain.Configuration.Encode(), NetworkConfiguration.Decode(_chain.Configuration.Encode()).Encode());
    }

    [Fact]
    public void redacting_an_event_keeps_the_transaction_id_and_the_block_root()
    {
        _chain.Genesis();
        var events = new[] { TestChain.Event("r1"), TestChain.Event("r2"), TestChain.Event("r3") };
        var block = _chain.Next(_chain.Batch(events));
        var transaction = block.Transactions[0];
        var redacted = transaction.WithRedactedBatch(transaction.Batch.Redact(1, new byte[] { 1, 2, 3 }));
        var decoded = Transaction.Decode(redacted.Encode());

        Assert.Equal(transaction.ComputeId(_chain.Suite), decoded.ComputeId(_chain.Suite));
        Assert.True(decoded.Batch.Leaves[1].IsRedacted);
        Assert.Equal(_chain.EventId(events[1]), decoded.Batch.EventId(1));
        Assert.Empty(decoded.Batch.Verify());
        var redactedBlock = block.WithTransaction(0, decoded);
        Assert.Equal(block.Id, redactedBlock.Id);
        Assert.Empty(redactedBlock.VerifyContents());
        Assert.True(decoded.Batch.Prove(1).IsRedacted);
    }

    [Fact]
    public void data_identifiers_are_unique_and_anchored_where_the_standard_is_quoted()
    {
        Assert.Equal(DataIdentifiers.All.Count, DataIdentifiers.All.Select(e => e.Identifier).Distinct().Count());
        Assert.Equal("height", DataIdentifiers.Find("02_001")!.ExplorerName);
        Assert.Equal("peerPublicKey", DataIdentifiers.Find("06_005")!.ExplorerName);
        Assert.Equal(2, DataIdentifiers.ForExplorerName("timestampMs").Count);
        Assert.Null(DataIdentifiers.Find("99_999"));
    }

    public void Dispose() => _chain.Dispose();
}
