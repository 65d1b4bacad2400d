using TradeChain.Ledger;
using TradeChain.Trade.Batches;

namespace TradeChain.Analytics.Projection;

/// <summary>
/// An event's place on the ledger packed into one sortable number: height, then transaction
/// index, then leaf index. Ordering by it is ordering by ledger order, which is what "first
/// occurrence wins" and every deterministic tie-break in the queries use, and ClickHouse can
/// compare it inside argMin/argMax without tuples of three columns.
/// </summary>
public static class LedgerPosition
{
    /// <summary>Leaf indexes are below <see cref="EventBatch.MaxEvents"/> (10,000) &lt; 2^14.</summary>
    public const int LeafBits = 14;

    /// <summary>Transaction indexes are below <see cref="LedgerLimits.MaxTransactionsPerBlock"/> (4,096) = 2^12.</summary>
    public const int TransactionBits = 12;

    /// <summary>What is left for the height: 2^38 blocks, about 8,700 years at one block a second.</summary>
    public const int HeightBits = 64 - LeafBits - TransactionBits;

    public const ulong MaxHeight = (1UL << HeightBits) - 1;

    static LedgerPosition()
    {
        // The packing must hold every index the ledger can produce.
        if (EventBatch.MaxEvents > 1 << LeafBits || LedgerLimits.MaxTransactionsPerBlock > 1 << TransactionBits)
        {
            throw new InvalidOperationException("ledger limits outgrew the packed ledger position");
        }
    }

    public static ulong Pack(ulong height, int transactionIndex, int leafIndex)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxHeight);
        ArgumentOutOfRangeException.ThrowIfNegative(transactionIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(transactionIndex, 1 << TransactionBits);
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, 1 << LeafBits);
        return (height << (TransactionBits + LeafBits)) | ((ulong)(uint)transactionIndex << LeafBits) | (uint)leafIndex;
    }

    public static (ulong Height, int TransactionIndex, int LeafIndex) Unpack(ulong position) =>
        (position >> (TransactionBits + LeafBits),
         (int)((position >> LeafBits) & ((1UL << TransactionBits) - 1)),
         (int)(position & ((1UL << LeafBits) - 1)));
}
