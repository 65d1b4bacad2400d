using TradeChain.Api.Audit;
using TradeChain.Api.Ledger;
using TradeChain.Ledger;
using TradeChain.Ledger.Audit;
using TradeChain.Storage;
using TradeChain.Testing;

namespace TradeChain.Api.Tests;

/// <summary>Anchoring the audit head on a local ledger store (blocks built and committed by <see cref="TestChain"/>) and checking the log against it.</summary>
[Trait("Category", "Api")]
public sealed class AuditAnchorTests : IAsyncLifetime
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new();
    private readonly TestChain _chain = new();
    private readonly ManualTime _time = new(Start);
    private LedgerStore _store = null!;
    private AuditLog _log = null!;
    private AuditAnchorJournal _journal = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = _temp.Sub("ledger") });
        await _store.AppendAsync(_chain.Genesis(), Cancel);
        _log = AuditLog.Open(_temp.File("audit.log"));
        _journal = new AuditAnchorJournal(_log.Path + ".anchor");
    }

    public async ValueTask DisposeAsync()
    {
        _log.Dispose();
        await _store.DisposeAsync();
        _chain.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void the_head_is_due_when_it_moved_and_the_interval_passed_or_the_api_stops()
    {
        var head = new AuditHead(5, new string('a', 64));
        var anchored = new AuditAnchorEntry("sha256:x", 4, new string('b', 64), Start.ToUnixTimeMilliseconds());
        Assert.False(AuditAnchorSchedule.IsDue(new AuditHead(0, AuditLog.GenesisHash), null, Start, Hour, stopping: true));
        Assert.True(AuditAnchorSchedule.IsDue(head, null, Start, Hour, stopping: false));
        Assert.False(AuditAnchorSchedule.IsDue(head, anchored, Start.AddMinutes(59), Hour, stopping: false));
        Assert.True(AuditAnchorSchedule.IsDue(head, anchored, Start.AddMinutes(60), Hour, stopping: false));
        Assert.True(AuditAnchorSchedule.IsDue(head, anchored, Start.AddMinutes(1), Hour, stopping: true));
        Assert.False(AuditAnchorSchedule.IsDue(head, anchored with { Records = 5, HeadHash = head.Hash }, Start.AddDays(1), Hour, stopping: true));
    }

    [Fact]
    public async Task an_anchored_head_is_found_on_the_ledger_and_rewriting_or_truncating_the_log_before_it_shows()
    {
        var anchorer = new AuditAnchorer(_log, _journal, new AuditAnchoring(_chain.MemberKey, new CommittingSubmitter(_store, _chain)), new LedgerStoreGateway(_store, TestChain.MemberId), "api-test", _time);
        Assert.Equal("no anchor has been submitted", (await AuditAnchorer.CheckAsync(_log, _journal, new LedgerStoreGateway(_store, TestChain.MemberId), Cancel)).Problem);
        Append(3);
        var first = await anchorer.AnchorIfDueAsync(Hour, stopping: false, Cancel);
        Assert.Equal(3L, first!.Records);
        Append(2);
        Assert.Null(await anchorer.AnchorIfDueAsync(Hour, stopping: false, Cancel));
        _time.Advance(Hour);
        var second = await anchorer.AnchorIfDueAsync(Hour, stopping: false, Cancel);
        Assert.Equal((5L, _log.Head.Hash), (second!.Records, second.HeadHash));

        var gateway = new LedgerStoreGateway(_store, TestChain.MemberId);
        var committed = (await gateway.GetTransactionAsync(second.TransactionId, Cancel))!;
        var onLedger = SignedAuditAnchor.Decode(committed.Transaction.Data).Anchor;
        Assert.Equal((TransactionType.AuditAnchor, TestChain.ChainId, TestChain.MemberId, "api-test"), (committed.Transaction.Type, onLedger.ChainId, onLedger.MemberId, onLedger.InstanceId));
        var report = await AuditAnchorer.CheckAsync(_log, _journal, gateway, Cancel);
        Assert.Equal((true, 5L, committed.Height), (report.Matches, report.Records, report.Height));
        Append(1);
        Assert.True((await AuditAnchorer.CheckAsync(_log, _journal, gateway, Cancel)).Matches);
        _log.Dispose();

        var lines = File.ReadAllLines(_log.Path);
        File.WriteAllLines(_log.Path, lines[..4]);
        using (var truncatedLog = AuditLog.Open(_log.Path))
        {
            var truncated = await AuditAnchorer.CheckAsync(truncatedLog, _journal, gateway, Cancel);
            Assert.Equal(false, truncated.Matches);
            Assert.Contains("truncated", truncated.Problem, StringComparison.Ordinal);
        }

        // A rewritten history that re-chains every hash verifies on its own; only the anchor shows it.
        File.Delete(_log.Path);
        using (var forged = AuditLog.Open(_log.Path))
        {
            for (var i = 0; i < 6; i++)
            {
                forged.Append(new AuditEntry($"someone-else-{i}", "regulator", "GET /api/v1/audit", Start, 200));
            }
        }
        Assert.True(AuditLog.Verify(_log.Path).Valid);
        using var reopened = AuditLog.Open(_log.Path);
        var rewritten = await AuditAnchorer.CheckAsync(reopened, _journal, gateway, Cancel);
        Assert.Equal(false, rewritten.Matches);
        Assert.Contains("rewritten", rewritten.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task with_the_node_down_the_anchor_check_says_so_instead_of_failing_the_verification()
    {
        var anchorer = new AuditAnchorer(_log, _journal, new AuditAnchoring(_chain.MemberKey, new CommittingSubmitter(_store, _chain)), new LedgerStoreGateway(_store, TestChain.MemberId), "api-test", _time);
        Append(2);
        var anchored = await anchorer.AnchorIfDueAsync(Hour, stopping: true, Cancel);

        // Port 1 on loopback: nothing listens, so the node "is down" at once.
        using var deadNode = new TradeChain.Node.Client.LedgerClient("http://127.0.0.1:1");
        var report = await AuditAnchorer.CheckAsync(_log, _journal, new GrpcLedgerGateway(deadNode), Cancel);
        Assert.Equal((anchored!.TransactionId, 2L, (bool?)null), (report.TransactionId, report.Records, report.Matches));
        Assert.StartsWith("the anchor could not be checked now", report.Problem, StringComparison.Ordinal);
    }

    private void Append(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _log.Append(new AuditEntry($"principal-{i}", "regulator", $"GET /api/v1/audit?i={i}", _time.GetUtcNow(), 200));
        }
    }

    /// <summary>The ledger's rule for anchors, then a block committed on the local chain.</summary>
    private sealed class CommittingSubmitter(LedgerStore store, TestChain chain) : IAuditAnchorSubmitter
    {
        public async Task<string> SubmitAsync(SignedAuditAnchor anchor, CancellationToken cancellationToken)
        {
            var decoded = SignedAuditAnchor.Decode(anchor.Encode());
            var transaction = decoded.ToTransaction();
            if (decoded.Reject(store.Tip!.Membership.Configuration, transaction) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }
            await store.AppendAsync(chain.Next(transaction), cancellationToken);
            return transaction.ComputeId(chain.Suite).ToString();
        }
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
