using Grpc.Core;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Client;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Configuration;
using TradeChain.Node.Consensus;
using TradeChain.Node.Mempool;
using TradeChain.Node.Peers;

namespace TradeChain.Node.Api;

/// <summary>The client API (<c>ledger.proto</c>): submissions into the mempool, reads from the store, status.</summary>
public sealed class LedgerService(LedgerState ledger, Mempool.Mempool mempool, ConsensusDriver driver, PeerNetwork peers, NodeOptions options, NodeMetrics metrics) : Client.Grpc.Ledger.LedgerBase
{
    /// <summary>The longest a WaitForCommit call may wait; clients loop for longer waits.</summary>
    public const uint MaxWaitMs = 120_000;

    public override Task<SubmitReceipt> SubmitBatch(SubmitBatchRequest request, ServerCallContext context)
    {
        var batch = Admission.DecodeBatch(request.Batch.Span, out var malformed);
        if (batch is null)
        {
            return Task.FromResult(Rejected(malformed!, transactionId: ""));
        }
        var transaction = Admission.TransactionFor(batch);
        if (Admission.CheckBatch(batch, ledger.Membership, DateTimeOffset.UtcNow) is { } rejection)
        {
            return Task.FromResult(Rejected(rejection, transaction.ComputeId(ledger.Suite).ToString()));
        }
        return Task.FromResult(Submit(transaction));
    }

    public override Task<SubmitReceipt> SubmitGovernance(SubmitGovernanceRequest request, ServerCallContext context)
    {
        var signed = Admission.DecodeGovernance(request.SignedGovernance.Span, ledger.Membership, out var rejection);
        return Task.FromResult(signed is null ? Rejected(rejection!, "") : Submit(Admission.TransactionFor(signed)));
    }

    public override Task<SubmitReceipt> SubmitAuditAnchor(SubmitAuditAnchorRequest request, ServerCallContext context)
    {
        var signed = Admission.DecodeAuditAnchor(request.SignedAuditAnchor.Span, ledger.Membership, out var rejection);
        return Task.FromResult(signed is null ? Rejected(rejection!, "") : Submit(signed.ToTransaction()));
    }

    public override async Task<WaitForCommitReply> WaitForCommit(WaitForCommitRequest request, ServerCallContext context)
    {
        var id = Admission.ParseDigest(request.TransactionId) ?? throw Invalid($"transaction id '{request.TransactionId}' is not 'algorithm:hex'");
        var deadline = DateTime.UtcNow.AddMilliseconds(Math.Min(request.TimeoutMs, MaxWaitMs));
        while (true)
        {
            var next = ledger.NextCommit;
            if (ledger.Store.FindTransaction(id) is { } location)
            {
                return new WaitForCommitReply { Committed = true, Height = location.Height, BlockId = ledger.Store.ReadBlock(location.Height)!.Id.ToString() };
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return new WaitForCommitReply { Committed = false };
            }
            await Task.WhenAny(next, Task.Delay(remaining, context.CancellationToken)).ConfigureAwait(false);
            context.CancellationToken.ThrowIfCancellationRequested();
        }
    }

    public override Task<BlockMessage> GetBlock(GetBlockRequest request, ServerCallContext context)
    {
        var block = request.SelectorCase switch
        {
            GetBlockRequest.SelectorOneofCase.Height => ledger.Store.ReadBlock(request.Height),
            GetBlockRequest.SelectorOneofCase.BlockId => ledger.Store.ReadBlock(Admission.ParseDigest(request.BlockId) ?? throw Invalid($"block id '{request.BlockId}' is not 'algorithm:hex'")),
            _ => throw Invalid("name a height or a block id"),
        };
        return Task.FromResult(block is null ? throw NotFound("no such block") : ToMessage(block));
    }

    public override Task<GetTransactionReply> GetTransaction(GetTransactionRequest request, ServerCallContext context)
    {
        var id = Admission.ParseDigest(request.TransactionId) ?? throw Invalid($"transaction id '{request.TransactionId}' is not 'algorithm:hex'");
        if (ledger.Store.ReadTransaction(id) is not { } found)
        {
            throw NotFound($"transaction {id} is not committed");
        }
        return Task.FromResult(new GetTransactionReply
        {
            Height = found.Location.Height,
            Index = (uint)found.Location.TransactionIndex,
            Transaction = Google.Protobuf.ByteString.CopyFrom(found.Transaction.Encode()),
        });
    }

    public override Task<GetEventProofReply> GetEventProof(GetEventProofRequest request, ServerCallContext context)
    {
        var id = Admission.ParseDigest(request.EventId) ?? throw Invalid($"event id '{request.EventId}' is not 'algorithm:hex'");
        if (ledger.Store.ProveEvent(id) is not { } proof)
        {
            throw NotFound($"event {id} is not committed");
        }
        return Task.FromResult(new GetEventProofReply
        {
            Height = proof.Block.Height,
            ProofJson = LedgerEventProofJson.Write(proof, ledger.ValidatorsAt(proof.Block.Height)),
        });
    }

    public override Task<NodeStatus> GetStatus(GetStatusRequest request, ServerCallContext context) =>
        Task.FromResult(Status(ledger, mempool, driver.Snapshot, peers, options));

    public override async Task StreamBlocks(StreamBlocksRequest request, IServerStreamWriter<BlockMessage> responseStream, ServerCallContext context)
    {
        var next = request.FromHeight;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var committed = ledger.NextCommit;
            while (next <= ledger.Tip.Height)
            {
                var block = ledger.Store.ReadBlock(next) ?? throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, $"block {next} is missing below the tip"));
                await responseStream.WriteAsync(ToMessage(block), context.CancellationToken).ConfigureAwait(false);
                next++;
            }
            await committed.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The status message, shared with the admin service.</summary>
    public static NodeStatus Status(LedgerState ledger, Mempool.Mempool mempool, ConsensusSnapshot consensus, PeerNetwork peers, NodeOptions options)
    {
        var tip = ledger.Tip;
        var status = new NodeStatus
        {
            MemberId = options.Node.MemberId,
            ChainId = ledger.Genesis.ChainId,
            GenesisHash = ledger.GenesisHash.ToString(),
            Suite = AlgorithmNames.Of(ledger.Genesis.Suite),
            Height = tip.Height,
            BlockId = tip.BlockId.ToString(),
            ConsensusHeight = (ulong)Math.Max(0, consensus.Height),
            Round = consensus.Round,
            Step = consensus.Step,
            Participating = consensus.Participating,
            IsValidator = consensus.IsValidator,
            MempoolBatches = (uint)mempool.Count,
            MempoolBytes = (ulong)mempool.Bytes,
            LastCommitUnixMs = ledger.LastCommitUnixMs,
        };
        status.Validators.AddRange(consensus.Validators.Validators.Select(v => new ValidatorStatus
        {
            MemberId = v.MemberId,
            Power = v.Power,
            PublicKey = EventProofVerifierFingerprint(ledger, v.PublicKey),
        }));
        status.Peers.AddRange(peers.Snapshot().Select(p => new PeerStatus
        {
            MemberId = p.MemberId,
            Address = p.Address,
            Connected = p.Connected,
            Height = p.Height,
            BytesIn = p.BytesIn,
            BytesOut = p.BytesOut,
        }));
        return status;
    }

    private static string EventProofVerifierFingerprint(LedgerState ledger, PublicKey key) => Trade.Batches.EventProofVerifier.KeyFingerprint(ledger.Suite, key);

    private SubmitReceipt Submit(Transaction transaction)
    {
        var result = mempool.Submit(transaction);
        if (result.FullBecause is { } full)
        {
            metrics.Submission("busy");
            throw new RpcException(
                new Grpc.Core.Status(StatusCode.ResourceExhausted, $"mempool full: {full}"),
                new Metadata { { LedgerClient.RetryAfterTrailer, options.Mempool.RetryAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        }
        if (result.Receipt.Outcome == SubmitOutcome.Accepted)
        {
            driver.NoteAccepted(transaction.ComputeId(ledger.Suite));
            peers.Broadcast(TransactionGossip.MessageFor(transaction, ledger.Tip.Height));
        }
        metrics.Submission(result.Receipt.Outcome.ToString().ToLowerInvariant());
        return result.Receipt;
    }

    private SubmitReceipt Rejected(Rejection rejection, string transactionId)
    {
        metrics.Submission("rejected");
        return new SubmitReceipt { TransactionId = transactionId, Outcome = SubmitOutcome.Rejected, Rejection = rejection.Code, Reason = rejection.Reason };
    }

    private static BlockMessage ToMessage(Block block) => new()
    {
        Height = block.Height,
        BlockId = block.Id.ToString(),
        Block = Google.Protobuf.ByteString.CopyFrom(block.Encode()),
    };

    private static RpcException Invalid(string detail) => new(new Grpc.Core.Status(StatusCode.InvalidArgument, detail));

    private static RpcException NotFound(string detail) => new(new Grpc.Core.Status(StatusCode.NotFound, detail));
}
