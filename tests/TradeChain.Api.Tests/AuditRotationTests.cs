using TradeChain.Api.Audit;

namespace TradeChain.Api.Tests;

[Trait("Category", "Api")]
public sealed class AuditRotationTests : IDisposable
{
    private static readonly DateTimeOffset January = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("audit-rotation-");

    private string BasePath => Path.Combine(_directory.FullName, "audit.log");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void an_empty_segment_never_rolls_and_a_new_month_or_a_full_segment_always_does()
    {
        var rotation = new AuditRotation(MaxSegmentBytes: 1000);
        Assert.False(rotation.ShouldRoll(0, null, 5000, January));
        Assert.False(rotation.ShouldRoll(500, January, 500, January.AddDays(20)));
        Assert.True(rotation.ShouldRoll(500, January, 501, January));
        Assert.True(rotation.ShouldRoll(10, January, 10, January.AddDays(22)));
        // The month is the UTC one: 23:30 at UTC-1 on 31 January is already February.
        Assert.True(rotation.ShouldRoll(10, January, 10, new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.FromHours(-1))));
    }

    [Fact]
    public void retention_deletes_only_what_is_older_than_the_whole_retention()
    {
        var rotation = new AuditRotation(RetentionMonths: 6);
        var now = new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);
        Assert.True(rotation.MayDelete(new DateTimeOffset(2026, 1, 14, 23, 59, 59, TimeSpan.Zero), now));
        Assert.False(rotation.MayDelete(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero), now));
        Assert.False(rotation.MayDelete(new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero), now));
    }

    [Fact]
    public void the_chain_runs_on_across_segments_rolled_by_month_and_size_and_reading_spans_them()
    {
        using (var log = AuditLog.Open(BasePath, new AuditRotation(MaxSegmentBytes: 1000)))
        {
            AppendMany(log, January, count: 12);
            AppendMany(log, January.AddMonths(1), count: 2);
            Assert.Equal(14, log.Head.Seq);
        }
        var files = Directory.GetFiles(_directory.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 3, string.Join(", ", files));
        Assert.All(files, f => Assert.True(new FileInfo(Path.Combine(_directory.FullName, f!)).Length <= 1000 || File.ReadAllLines(Path.Combine(_directory.FullName, f!)).Length == 1));
        Assert.All(File.ReadAllLines(Path.Combine(_directory.FullName, files[^1]!)), l => Assert.Contains($"\"atMs\":{January.AddMonths(1).ToUnixTimeMilliseconds()}", l, StringComparison.Ordinal));

        var verification = AuditLog.Verify(BasePath);
        Assert.Equal((true, 14L, files.Length), (verification.Valid, verification.Records, verification.Segments));

        using var reopened = AuditLog.Open(BasePath, new AuditRotation(MaxSegmentBytes: 1000));
        Assert.Equal(Enumerable.Range(1, 14).Select(i => (long)i), reopened.Scan().Select(r => r.Seq));
        Assert.Equal([5L, 6L, 7L], reopened.Read(5, 3, _ => true).Select(r => r.Seq));
        var next = reopened.Append(new AuditEntry("p", "regulator", "GET /api/v1/audit", January.AddMonths(1), 200));
        Assert.Equal((15L, verification.Head.Hash), (next.Seq, next.Prev));
    }

    [Fact]
    public void a_removed_or_edited_segment_breaks_verification()
    {
        using (var log = AuditLog.Open(BasePath))
        {
            for (var month = 0; month < 3; month++)
            {
                AppendMany(log, January.AddMonths(month), count: 2);
            }
        }
        var middle = BasePath + ".000001";
        var lines = File.ReadAllLines(middle);

        File.Move(middle, middle + ".gone");
        var missing = AuditLog.Verify(BasePath);
        Assert.Equal((false, 2L, 3L), (missing.Valid, missing.Records, missing.BrokenAtSeq));
        Assert.Throws<InvalidDataException>(() => AuditLog.Open(BasePath));

        File.Delete(middle + ".gone");
        File.WriteAllLines(middle, [lines[0]]);
        Assert.Equal(4L, AuditLog.Verify(BasePath).BrokenAtSeq);
    }

    [Fact]
    public void retention_keeps_every_segment_within_the_months_and_verification_starts_where_it_cut()
    {
        using (var log = AuditLog.Open(BasePath, new AuditRotation(RetentionMonths: 6)))
        {
            for (var month = 0; month < 10; month++)
            {
                AppendMany(log, January.AddMonths(month), count: 2);
            }
            // Rolling into October (month 9) deleted what ended before 10 April: January, February and March.
            Assert.Equal(0, log.Prune(January.AddMonths(9)));
        }
        Assert.False(File.Exists(BasePath));
        Assert.False(File.Exists(BasePath + ".000002"));
        Assert.True(File.Exists(BasePath + ".000003"));
        var verification = AuditLog.Verify(BasePath);
        Assert.Equal((true, 20L, 7, 6L), (verification.Valid, verification.Records, verification.Segments, verification.PrunedThrough!.Seq));

        using var reopened = AuditLog.Open(BasePath, new AuditRotation(RetentionMonths: 6));
        Assert.Equal(7L, reopened.Scan().First().Seq);
        Assert.Equal(2, reopened.Prune(January.AddMonths(11)));
        Assert.Equal(11L, reopened.Scan().First().Seq);
        Assert.True(AuditLog.Verify(BasePath).Valid);
        // The active segment stays, however old.
        Assert.Equal(4, reopened.Prune(January.AddYears(10)));
        Assert.Equal(2, reopened.Scan().Count());
        Assert.True(AuditLog.Verify(BasePath).Valid);
    }

    private static void AppendMany(AuditLog log, DateTimeOffset at, int count)
    {
        for (var i = 0; i < count; i++)
        {
            log.Append(new AuditEntry($"principal-{i}", "regulator", $"GET /api/v1/audit?page={i}&padding={new string('x', 100)}", at, 200));
        }
    }
}
