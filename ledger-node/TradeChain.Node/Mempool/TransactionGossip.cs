using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradeChain.Ledger;
using TradeChain.Node.Client.Grpc;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Node.Mempool;

/// <summary>
/// Mempool gossip: a transaction a client submitted here is forwarded once to every peer, which
/// admits it exactly as a submission (signature, member, key, events, duplicates, limits, log) and
/// does not forward it again (the network is a full mesh). Any proposer can then include it, and it
/// survives the permanent loss of the node that accepted it. Received transactions are admitted by
/// one background worker from a bounded queue, so a flood costs one core at most and is dropped
/// beyond the queue (the accepting node still holds the transaction durably).
/// </summary>
public sealed class TransactionGossip(LedgerState ledger, Mempool mempool, ILogger<TransactionGossip> logger) : BackgroundService
{
    /// <summary>Received transactions waiting for admission: a few blocks' worth of batches.</summary>
    public const int MaxQueuedTransactions = 256;

    private readonly Channel<(byte[] Transaction, string FromPeer)> _queue = Channel.CreateBounded<(byte[], string)>(new BoundedChannelOptions(MaxQueuedTransactions)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>The message that forwards an accepted transaction.</summary>
    public static PeerMessage MessageFor(Transaction transaction, ulong senderTip) => new()
    {
        Kind = PeerMessageKind.Transaction,
        Payload = Google.Protobuf.ByteString.CopyFrom(transaction.Encode()),
        SenderTip = senderTip,
    };

    /// <summary>A peer forwarded a transaction; false when the queue is full and it was dropped.</summary>
    public bool Receive(ReadOnlySpan<byte> transaction, string fromPeer) => _queue.Writer.TryWrite((transaction.ToArray(), fromPeer));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (bytes, fromPeer) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (Admit(bytes) is { } problem)
                {
                    logger.LogDebug("gossiped transaction from {Peer} not admitted: {Problem}", fromPeer, problem);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private string? Admit(byte[] bytes)
    {
        Transaction transaction;
        try
        {
            transaction = Transaction.Decode(bytes);
        }
        catch (CanonicalFormatException e)
        {
            return e.Message;
        }
        switch (transaction.Type)
        {
            case TransactionType.EventBatch:
                if (Admission.DecodeBatch(transaction.Data, out var malformed) is not { } batch)
                {
                    return malformed!.ToString();
                }
                if (!Admission.TransactionFor(batch).ComputeId(ledger.Suite).Equals(transaction.ComputeId(ledger.Suite)))
                {
                    return "not the canonical transaction of its batch";
                }
                if (Admission.CheckBatch(batch, ledger.Membership, DateTimeOffset.UtcNow) is { } rejection)
                {
                    return rejection.ToString();
                }
                break;
            case TransactionType.Governance:
                if (Admission.DecodeGovernance(transaction.Data, ledger.Membership, out var refused) is not { } signed)
                {
                    return refused!.ToString();
                }
                if (!Admission.TransactionFor(signed).ComputeId(ledger.Suite).Equals(transaction.ComputeId(ledger.Suite)))
                {
                    return "not the canonical transaction of its proposal";
                }
                break;
            case TransactionType.AuditAnchor:
                if (Admission.DecodeAuditAnchor(transaction.Data, ledger.Membership, out var refusedAnchor) is not { } anchor)
                {
                    return refusedAnchor!.ToString();
                }
                if (!anchor.ToTransaction().ComputeId(ledger.Suite).Equals(transaction.ComputeId(ledger.Suite)))
                {
                    return "not the canonical transaction of its audit anchor";
                }
                break;
            default:
                return $"{transaction.Type} transactions are not gossiped";
        }
        var result = mempool.Submit(transaction);
        return result.FullBecause ?? (result.Receipt.Outcome == SubmitOutcome.Accepted ? null : result.Receipt.Reason);
    }
}
