using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Ledger.Governance;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Contract;

/// <summary>The contract state a block executes against: committed shipments and the ids of committed events.</summary>
public interface IContractStateReader
{
    ShipmentState? GetShipment(ShipmentKey key);

    bool ContainsEvent(Digest eventId);
}

/// <summary>Where a first-seen event sits: transaction index and leaf index in its batch.</summary>
public sealed record EventPlacement(Digest EventId, int TransactionIndex, int LeafIndex);

/// <summary>
/// What executing a block produced: the shipment states it wrote (ascending by key), the events
/// it saw first, the duplicates it skipped, the redactions its governance transactions ordered,
/// and the state root after it.
/// </summary>
public sealed record BlockExecution(
    IReadOnlyList<KeyValuePair<ShipmentKey, ShipmentState>> Writes,
    IReadOnlyList<EventPlacement> NewEvents,
    IReadOnlyList<EventPlacement> Duplicates,
    IReadOnlyList<Redact> Redactions,
    Digest StateRoot);

/// <summary>
/// Runs the trade contract over a block, deterministically: transactions and leaves in block
/// order, an event id seen before (in an earlier block or earlier in this one) is a duplicate and
/// changes nothing. The state root chains the digest of each block's writes onto the previous
/// root, so two nodes with the same blocks agree on it byte for byte.
/// </summary>
public static class BlockExecutor
{
    /// <summary>Domain byte of the state root input.</summary>
    private const byte StateRootDomain = 0x5A;

    /// <summary>The state root before any block: H("").</summary>
    public static Digest EmptyStateRoot(ICryptoSuite suite) => suite.Hash([]);

    public static BlockExecution Execute(Block block, Digest previousStateRoot, IContractStateReader state)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(previousStateRoot);
        ArgumentNullException.ThrowIfNull(state);
        var suite = block.Suite;
        var writes = new SortedDictionary<ShipmentKey, ShipmentState>();
        var seenInBlock = new HashSet<Digest>();
        var newEvents = new List<EventPlacement>();
        var duplicates = new List<EventPlacement>();
        var redactions = new List<Redact>();
        for (var t = 0; t < block.Transactions.Count; t++)
        {
            var transaction = block.Transactions[t];
            switch (transaction.Type)
            {
                case TransactionType.EventBatch:
                    var batch = transaction.Batch;
                    for (var leaf = 0; leaf < batch.Leaves.Count; leaf++)
                    {
                        var eventId = batch.EventId(leaf);
                        var placement = new EventPlacement(eventId, t, leaf);
                        if (state.ContainsEvent(eventId) || !seenInBlock.Add(eventId))
                        {
                            duplicates.Add(placement);
                            continue;
                        }
                        newEvents.Add(placement);
                        var item = batch.Leaves[leaf];
                        var fact = item.Event is { } whole ? ContractFact.From(whole) : ContractFact.Decode(item.Redacted!.RetainedFact.Span);
                        foreach (var key in fact.Keys)
                        {
                            var current = writes.TryGetValue(key, out var pending) ? pending : state.GetShipment(key);
                            writes[key] = TradeContract.Apply(current, key, fact);
                        }
                    }
                    break;
                case TransactionType.Governance:
                    if (SignedGovernance.Decode(transaction.Data).Proposal.Action is Redact redact)
                    {
                        redactions.Add(redact);
                    }
                    break;
                case TransactionType.Configuration:
                case TransactionType.AuditAnchor:
                    break;
                default:
                    throw new InvalidOperationException($"transaction {t} has type {transaction.Type}, which the contract does not know");
            }
        }
        var orderedWrites = writes.ToArray();
        return new BlockExecution(orderedWrites, newEvents, duplicates, redactions, NextStateRoot(suite, previousStateRoot, orderedWrites));
    }

    /// <summary>H(domain ‖ previous root ‖ list of (key bytes, state bytes) in ascending key order).</summary>
    public static Digest NextStateRoot(ICryptoSuite suite, Digest previousStateRoot, IReadOnlyList<KeyValuePair<ShipmentKey, ShipmentState>> writes)
    {
        var writer = new CanonicalWriter(64 + writes.Count * 96);
        writer.WriteByte(StateRootDomain);
        writer.WriteDigest(previousStateRoot);
        writer.WriteList(writes, static (w, entry) =>
        {
            w.WriteBytes(entry.Key.ToBytes());
            w.WriteBytes(entry.Value.Encode());
        });
        return suite.Hash(writer.WrittenSpan);
    }
}

/// <summary>An in-memory contract state: for building and verifying chains without a store.</summary>
public sealed class InMemoryContractState : IContractStateReader
{
    private readonly Dictionary<ShipmentKey, ShipmentState> _shipments = [];
    private readonly HashSet<Digest> _events = [];

    public int ShipmentCount => _shipments.Count;

    public ShipmentState? GetShipment(ShipmentKey key) => _shipments.GetValueOrDefault(key);

    public bool ContainsEvent(Digest eventId) => _events.Contains(eventId);

    public void Apply(BlockExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        foreach (var (key, value) in execution.Writes)
        {
            _shipments[key] = value;
        }
        foreach (var placement in execution.NewEvents)
        {
            _events.Add(placement.EventId);
        }
    }
}
