using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Storage;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Benchmarks;

/// <summary>
/// Makes valid blocks for the storage benchmarks straight onto a store: one validator (quorum 1),
/// one member, intl suite; each next header takes its link and state root from the store's
/// accepted tip, so nothing is executed twice and nothing is kept in memory.
/// </summary>
internal sealed class StorageBenchChain : IDisposable
{
    public const string MemberId = "CNTSN-TERMINAL";
    private const string ChainId = "tradechain-bench";

    private readonly ISigningKey _validator;
    private readonly ISigningKey _member;
    private readonly NetworkConfiguration _configuration;
    private ulong _sequence;
    private long _nextEvent;

    public StorageBenchChain()
    {
        _validator = Suite.GenerateSigningKey();
        _member = Suite.GenerateSigningKey();
        _configuration = new NetworkConfiguration(
            ChainId,
            Suite.Id,
            1,
            "bench",
            1_767_224_600_000,
            [
                new MemberInfo(MemberId, "Tianjin container terminal", ["port"], _member.PublicKey, "https://127.0.0.1:6999"),
                new MemberInfo("validator-0", "Validator 0", ["customs"], _validator.PublicKey, "https://127.0.0.1:7000"),
            ],
            [new ValidatorSeat("validator-0", 1)],
            ConsensusParameters.Default,
            GovernanceRule.Majority);
    }

    public ICryptoSuite Suite { get; } = CryptoSuites.Intl;

    public Block Genesis() => _configuration.GenesisBlock(Contract.BlockExecutor.EmptyStateRoot(Suite));

    /// <summary>The next block on <paramref name="store"/>'s accepted tip: one batch of <paramref name="events"/> events.</summary>
    public Block Next(LedgerStore store, int events)
    {
        var tip = store.AcceptedTip ?? throw new InvalidOperationException("append the genesis block first");
        var batchEvents = new TradeEvent[events];
        for (var i = 0; i < events; i++)
        {
            batchEvents[i] = Event(_nextEvent++);
        }
        var batch = EventBatch.Sign(Suite, _member, MemberId, Feed.PortGate, ++_sequence, tip.TimestampMs, batchEvents);
        return Make(tip, [Transaction.ForBatch(batch, tip.TimestampMs)], tip.StateRoot);
    }

    /// <summary>The id of the <paramref name="index"/>-th event made.</summary>
    public Digest EventId(long index) => TradeEvent.ComputeEventId(Suite, MemberId, "gate-system", $"gate-{index}");

    public long EventsMade => _nextEvent;

    public void Dispose()
    {
        _validator.Dispose();
        _member.Dispose();
    }

    private Block Make(ChainTip tip, IReadOnlyList<Transaction> transactions, Digest stateRoot)
    {
        var header = new BlockHeader(BlockHeader.CurrentProtocolVersion, Suite.Id, ChainId, tip.Height + 1, tip.BlockId, Block.ComputeTransactionsRoot(Suite, transactions), stateRoot, tip.TimestampMs + 1_000, "validator-0");
        var precommit = Vote.SignBytes(ChainId, VoteType.Precommit, (long)header.Height, 0, header.Id, 0);
        return new Block(header, transactions, new CommitCertificate((long)header.Height, 0, header.Id, [new CommitSignature(0, _validator.Sign(precommit))]));
    }

    // A realistic port-gate event: ~300 bytes canonical; 10,000 containers under 1,000 master bills.
    private static TradeEvent Event(long index) => new()
    {
        MemberId = MemberId,
        SourceSystem = "gate-system",
        SourceReference = $"gate-{index}",
        Feed = Feed.PortGate,
        Mode = TransportMode.Sea,
        Direction = TradeDirection.Import,
        Port = "CNTSN",
        Location = "Gate 3",
        EventType = (index % 3) switch { 0 => TradeEventType.GateIn, 1 => TradeEventType.Released, _ => TradeEventType.GateOut },
        OccurredAt = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddSeconds(index),
        RecordedAt = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddSeconds(index + 5),
        References = new References { MasterBill = $"COSU{index % 1000:D10}", Containers = [$"CSQU{index % 10_000:D7}"] },
        Parties = [new Party(PartyRole.Consignee, "91120116MA05JXXX1X", "1207960XXX")],
    };
}
