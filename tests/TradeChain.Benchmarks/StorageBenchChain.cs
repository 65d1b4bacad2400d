using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Certificates;
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

    private readonly ISigningKey _validator;
    private readonly ISigningKey _member;
    private readonly NetworkConfiguration _configuration;
    private ulong _sequence;
    private long _nextEvent;

    public StorageBenchChain()
    {
        _validator = Suite.GenerateSigningKey();
        _member = Suite.GenerateSigningKey();
        _configuration = new NetworkConfiguration("tradechain-bench", Suite.Id, 1, "bench", [new PeerInfo("validator-0", "127.0.0.1:7000", _validator.PublicKey)]);
    }

    public ICryptoSuite Suite { get; } = CryptoSuites.Intl;

    public Block Genesis()
    {
        var configuration = new Transaction(TransactionType.Configuration, ["validator-0"], 1_767_225_600_000, "validator-0", "ledger", _configuration.Encode(), "genesis");
        return Make(null, [configuration], BlockExecutor0(), certify: false);
    }

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
        return Make(tip, [Transaction.ForBatch(batch, tip.TimestampMs)], tip.StateRoot, certify: true);
    }

    /// <summary>The id of the <paramref name="index"/>-th event made.</summary>
    public Digest EventId(long index) => TradeEvent.ComputeEventId(Suite, MemberId, "gate-system", $"gate-{index}");

    public long EventsMade => _nextEvent;

    public void Dispose()
    {
        _validator.Dispose();
        _member.Dispose();
    }

    private Digest BlockExecutor0() => Contract.BlockExecutor.EmptyStateRoot(Suite);

    private Block Make(ChainTip? tip, IReadOnlyList<Transaction> transactions, Digest stateRoot, bool certify)
    {
        var header = new BlockHeader(BlockHeader.CurrentProtocolVersion, Suite.Id, tip is null ? 0 : tip.Height + 1, tip?.BlockId, Block.ComputeTransactionsRoot(Suite, transactions), stateRoot, (tip?.TimestampMs ?? 1_767_225_600_000) + 1_000, "validator-0");
        var certificate = certify
            ? new CommitCertificate(header.Height, 0, header.Id, [new ValidatorSignature(0, _validator.Sign(QuorumCommitVerifier.PrecommitMessage(header.Height, 0, header.Id, 0)))])
            : null;
        return new Block(header, transactions, certificate);
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
