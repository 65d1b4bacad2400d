using TradeChain.Consensus;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Governance;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Testing;

/// <summary>
/// Builds valid chains for tests: a 4-validator network (f = 1) under the intl suite (fast
/// ECDSA) by default, a member that signs event batches (and, alone, approves governance: the
/// test network's rule is "any one member"), blocks with correct roots, state roots replayed
/// by the contract, and consensus certificates signed by a quorum (3 of 4) of the validators.
/// </summary>
public sealed class TestChain : IDisposable
{
    public const string MemberId = "CNTSN-TERMINAL";
    public const string SourceSystem = "gate-system";
    public const string ChainId = "tradechain-test";

    private readonly ISigningKey[] _validatorKeys;
    private readonly InMemoryContractState _state = new();
    private readonly List<Block> _blocks = [];
    private ulong _batchSequence;
    private long _clockMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    public TestChain(int validators = 4)
    {
        _validatorKeys = Enumerable.Range(0, validators).Select(_ => Suite.GenerateSigningKey()).ToArray();
        MemberKey = Suite.GenerateSigningKey();
        var validatorMembers = _validatorKeys.Select((k, i) => new MemberInfo($"validator-{i}", $"Validator {i}", ["port"], k.PublicKey, $"https://127.0.0.1:{7000 + i}"));
        var terminal = new MemberInfo(MemberId, "Tianjin container terminal", ["port"], MemberKey.PublicKey, "https://127.0.0.1:6999");
        Configuration = new NetworkConfiguration(
            ChainId,
            Suite.Id,
            1,
            "test-0.1",
            _clockMs,
            validatorMembers.Append(terminal).OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray(),
            Enumerable.Range(0, validators).Select(i => new ValidatorSeat($"validator-{i}", 1)).ToArray(),
            ConsensusParameters.Default,
            new GovernanceRule(0, 1));
        StateRoot = BlockExecutor.EmptyStateRoot(Suite);
    }

    public ICryptoSuite Suite { get; } = CryptoSuites.Intl;

    public ISigningKey MemberKey { get; }

    public NetworkConfiguration Configuration { get; }

    public ValidatorSet Validators => Configuration.ValidatorSet;

    public IReadOnlyList<Block> Blocks => _blocks;

    /// <summary>The state root after the last block built: the next header's state root.</summary>
    public Digest StateRoot { get; private set; }

    public Block Genesis()
    {
        if (_blocks.Count != 0)
        {
            throw new InvalidOperationException("genesis is the first block");
        }
        var genesis = Configuration.GenesisBlock(StateRoot);
        var execution = BlockExecutor.Execute(genesis, StateRoot, _state);
        _state.Apply(execution);
        StateRoot = execution.StateRoot;
        _blocks.Add(genesis);
        return genesis;
    }

    /// <summary>The next block holding <paramref name="transactions"/>, certified by a quorum of the validators.</summary>
    public Block Next(params Transaction[] transactions) => Add(transactions, certify: true);

    /// <summary>A batch transaction of events, all from <see cref="MemberId"/> on the port-gate feed.</summary>
    public Transaction Batch(params TradeEvent[] events)
    {
        var batch = EventBatch.Sign(Suite, MemberKey, MemberId, Feed.PortGate, ++_batchSequence, _clockMs, events);
        return Transaction.ForBatch(batch, _clockMs);
    }

    /// <summary>A governance redaction of one event, approved by the terminal member (enough under the test rule).</summary>
    public Transaction Redaction(Digest eventId)
    {
        var proposal = new GovernanceProposal(ChainId, new Redact(eventId, "court order 2026-17"), _clockMs, "redaction");
        return new SignedGovernance(proposal, []).With(proposal.Approve(MemberId, MemberKey)).ToTransaction(MemberId, _clockMs);
    }

    public static TradeEvent Event(string sourceReference, TradeEventType type = TradeEventType.GateOut, string container = "CSQU3054383", long minute = 0, TradeDirection direction = TradeDirection.Import) => new()
    {
        MemberId = MemberId,
        SourceSystem = SourceSystem,
        SourceReference = sourceReference,
        Feed = Feed.PortGate,
        Mode = TransportMode.Sea,
        Direction = direction,
        Port = "CNTSN",
        Location = "Gate 3",
        EventType = type,
        OccurredAt = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddMinutes(minute),
        RecordedAt = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddMinutes(minute + 1),
        References = new References { MasterBill = "COSU6189047520", Containers = [container] },
        Parties = [new Party(PartyRole.Consignee, "91120116MA05JXXX1X", "1207960XXX")],
    };

    public Digest EventId(TradeEvent tradeEvent) => tradeEvent.ComputeEventId(Suite);

    /// <summary>The contract state of a shipment after every block built so far (replayed in memory).</summary>
    public ShipmentState? ShipmentState(ShipmentKey key) => _state.GetShipment(key);

    /// <summary>A certificate for <paramref name="header"/> signed by the given validator indexes.</summary>
    /// <remarks>Validator index i is validator-i: the set orders validators by member id.</remarks>
    public CommitCertificate Certify(BlockHeader header, params int[] signers) =>
        new((long)header.Height, 0, header.Id, signers.Order().Select(i => new CommitSignature(i, _validatorKeys[i].Sign(Vote.SignBytes(ChainId, VoteType.Precommit, (long)header.Height, 0, header.Id, i)))).ToArray());

    public void Dispose()
    {
        foreach (var key in _validatorKeys)
        {
            key.Dispose();
        }
        MemberKey.Dispose();
    }

    private Block Add(IReadOnlyList<Transaction> transactions, bool certify)
    {
        _clockMs += 1_000;
        var previous = _blocks.Count == 0 ? null : _blocks[^1];
        var header = new BlockHeader(
            BlockHeader.CurrentProtocolVersion,
            Suite.Id,
            ChainId,
            (ulong)_blocks.Count,
            previous?.Id,
            Block.ComputeTransactionsRoot(Suite, transactions),
            StateRoot,
            _clockMs,
            "validator-0");
        var block = new Block(header, transactions, certify ? Certify(header, Enumerable.Range(0, (int)Validators.QuorumPower).ToArray()) : null);
        var execution = BlockExecutor.Execute(block, StateRoot, _state);
        _state.Apply(execution);
        StateRoot = execution.StateRoot;
        _blocks.Add(block);
        return block;
    }
}
