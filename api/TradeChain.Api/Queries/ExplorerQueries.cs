using TradeChain.Api.Access;
using TradeChain.Api.Ledger;
using TradeChain.Api.Paging;
using TradeChain.Api.Problems;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Queries;

/// <summary>
/// The ledger explorer: blocks, transactions and events as the ledger holds them. Structure
/// (headers, certificates, signers, batch headers, event ids) is shown to every authenticated
/// role; an event's content goes through <see cref="ShipmentQueries"/>, so who sees which event,
/// its parties and sensitive details, and its proof follows exactly the rules of /shipments.
/// </summary>
public sealed class ExplorerQueries(ILedgerGateway ledger, ShipmentQueries shipments, CursorCodec cursors)
{
    /// <summary>A block summary decodes the whole block: 100 per page bounds the work one request causes on the node.</summary>
    public const int MaxBlocksPerPage = 100;

    public async Task<Page<BlockSummaryView>> BlocksAsync(AccessScope scope, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (limit > MaxBlocksPerPage)
        {
            throw ApiProblemException.Invalid($"limit must be 1..{MaxBlocksPerPage} for blocks, got {limit}");
        }
        var queryKey = $"explorer-blocks|{scope.PrincipalId}";
        // Positions are height + 1, so 0 stays "no cursor: start at the tip".
        var position = cursors.Decode(queryKey, cursor);
        var status = await ledger.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.BlockId.Length == 0)
        {
            return new Page<BlockSummaryView>([], null);
        }
        var top = position == 0 ? status.Height : (ulong)position - 1;
        if (top > status.Height)
        {
            throw ApiProblemException.Invalid("the cursor points above the ledger's tip; start again without a cursor");
        }
        var items = new List<BlockSummaryView>(limit);
        for (var height = top; items.Count < limit; height--)
        {
            var block = await ledger.GetBlockAsync(height, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"block {height} is missing below the tip {status.Height}");
            items.Add(ExplorerViews.Summary(block));
            if (height == 0)
            {
                return new Page<BlockSummaryView>(items, null);
            }
        }
        return new Page<BlockSummaryView>(items, cursors.Encode(queryKey, (long)items[^1].Height));
    }

    public async Task<BlockView> BlockAsync(ulong height, CancellationToken cancellationToken)
    {
        var block = await ledger.GetBlockAsync(height, cancellationToken).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"no block at height {height} (the ledger's tip is lower)");
        // Signer indexes point into the validator set; the node reports the current one, which is the block's while governance has not changed it since.
        var validators = block.Certificate is null ? [] : (await ledger.GetStatusAsync(cancellationToken).ConfigureAwait(false)).ValidatorIds;
        return ExplorerViews.Block(block, validators);
    }

    public async Task<TransactionView> TransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        var found = await ledger.GetTransactionAsync(transactionId, cancellationToken).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"no committed transaction {transactionId}");
        var block = await ledger.GetBlockAsync(found.Height, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"transaction {transactionId} is at height {found.Height}, which has no block");
        return ExplorerViews.Transaction(found, block.Suite);
    }

    /// <summary>
    /// An event's place on the ledger and, when the caller may see it, its content and proof link.
    /// Whether it may is decided by <see cref="ShipmentQueries"/> over the shipment the event names
    /// first (master bill, declaration, container, house); an event the caller may not see answers
    /// exactly as one that does not exist.
    /// </summary>
    public async Task<ExplorerEventView> EventAsync(AccessScope scope, string eventId, CancellationToken cancellationToken)
    {
        if (scope.Shipments == ShipmentReach.None)
        {
            throw scope.Denied("event contents");
        }
        var found = await ledger.GetEventAsync(eventId, cancellationToken).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"no committed event {eventId}");
        var location = Locate(found);
        if (found.Event is not { } tradeEvent)
        {
            // A redacted event keeps no parties or port to decide on: only roles that see every shipment see that it was there.
            if (scope.Shipments != ShipmentReach.All)
            {
                throw ApiProblemException.NotFound($"no event {eventId} is visible to you");
            }
            return location with { Redacted = true };
        }
        var reference = ReferenceOf(tradeEvent)
            ?? throw ApiProblemException.NotFound($"event {eventId} names no shipment reference, so no event view applies to it");
        var view = await shipments.EventAsync(scope, reference, eventId, cancellationToken).ConfigureAwait(false);
        var refusal = scope.ProofRefusal(tradeEvent);
        return location with
        {
            Event = view,
            ProofLink = refusal is null ? $"/api/v1/shipments/{Uri.EscapeDataString(reference)}/events/{eventId}/proof" : null,
            ProofRefusal = refusal,
        };
    }

    /// <summary>The shipment reference an event is looked up under: the first it names of master bill, declaration, container, house bill.</summary>
    public static string? ReferenceOf(TradeEvent tradeEvent)
    {
        var r = tradeEvent.References;
        return r.MasterBill ?? r.DeclarationNumber ?? r.Containers.FirstOrDefault() ?? r.HouseBills.FirstOrDefault();
    }

    private static ExplorerEventView Locate(LedgerEvent found)
    {
        var eventProof = EventProofJson.Read(found.ProofJson);
        var (proof, _) = LedgerEventProofJson.Read(found.ProofJson, eventProof);
        var suite = CryptoSuites.Get(proof.Block.Suite);
        return new ExplorerEventView(found.EventId, proof.Block.Height, proof.Block.Id.ToString(), proof.TransactionIndex, proof.Transaction.ComputeId(suite).ToString(),
            eventProof.Path.LeafIndex, false, null, null, null, ExplorerViews.EventIdentifiers);
    }
}
