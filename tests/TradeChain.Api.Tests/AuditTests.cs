using System.Net;
using TradeChain.Api.Audit;

namespace TradeChain.Api.Tests;

[Trait("Category", "Api")]
public sealed class AuditTests(ApiFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task every_data_access_is_recorded_and_the_regulator_reads_and_verifies_the_chain()
    {
        using var exporter = fixture.As("exporter-a");
        var marker = Guid.NewGuid().ToString("N");
        await exporter.GetAsync($"/api/v1/shipments/{fixture.DeclarationOfB}?kind=declaration&marker={marker}", Cancel);
        using var anonymous = fixture.Server.Client();
        await anonymous.GetAsync($"/api/v1/kpis?marker={marker}", Cancel);

        using var regulator = fixture.As("regulator");
        var records = await ReadAllAsync(regulator, "exporter-a");
        var mine = records.Single(r => r.GetProperty("action").GetString()!.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(("exporter", 404), (mine.GetProperty("role").GetString(), mine.GetProperty("result").GetInt32()));
        Assert.StartsWith("GET /api/v1/shipments/", mine.GetProperty("action").GetString(), StringComparison.Ordinal);
        var anonymousRecords = await ReadAllAsync(regulator, "anonymous");
        Assert.Contains(anonymousRecords, r => r.GetProperty("action").GetString()!.Contains(marker, StringComparison.Ordinal) && r.GetProperty("result").GetInt32() == 401);

        var verification = await Json.ReadAsync(await regulator.GetAsync("/api/v1/audit/verify", Cancel));
        Assert.True(verification.GetProperty("valid").GetBoolean());
        Assert.True(verification.GetProperty("records").GetInt64() >= 2);
        // This API holds no member key, so it anchors nothing and says so.
        Assert.Equal("no anchor has been submitted", verification.GetProperty("anchor").GetProperty("problem").GetString());
    }

    [Fact]
    public void verification_names_the_first_edited_removed_or_reordered_record()
    {
        var path = fixture.Temp.File($"audit-{Guid.NewGuid():N}.log");
        using (var log = AuditLog.Open(path))
        {
            for (var i = 0; i < 5; i++)
            {
                log.Append(new AuditEntry($"p{i}", "regulator", $"GET /api/v1/audit?i={i}", DateTimeOffset.UnixEpoch.AddSeconds(i), 200));
            }
            Assert.Equal(5, log.Head.Seq);
        }
        Assert.True(AuditLog.Verify(path).Valid);
        var lines = File.ReadAllLines(path);

        File.WriteAllLines(path, lines.Select((l, i) => i == 2 ? l.Replace("\"result\":200", "\"result\":404", StringComparison.Ordinal) : l));
        Assert.Equal((false, 3L), (AuditLog.Verify(path).Valid, AuditLog.Verify(path).BrokenAtSeq!.Value));
        Assert.Throws<InvalidDataException>(() => AuditLog.Open(path));

        File.WriteAllLines(path, lines.Where((_, i) => i != 1));
        Assert.Equal(2L, AuditLog.Verify(path).BrokenAtSeq);

        File.WriteAllLines(path, [lines[0], lines[2], lines[1], lines[3], lines[4]]);
        Assert.Equal(2L, AuditLog.Verify(path).BrokenAtSeq);

        // Re-hashing the edited record still breaks the link from the next one.
        var edited = lines[2].Replace("p2", "px", StringComparison.Ordinal)[65..];
        var rehashed = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(edited))) + " " + edited;
        File.WriteAllLines(path, lines.Select((l, i) => i == 2 ? rehashed : l));
        Assert.Equal(4L, AuditLog.Verify(path).BrokenAtSeq);
    }

    [Fact]
    public async Task non_regulators_cannot_read_the_audit_log()
    {
        using var operatorClient = fixture.As("operator");
        await Problems.AssertAsync(await operatorClient.GetAsync("/api/v1/audit/verify", Cancel), HttpStatusCode.Forbidden);
    }

    private static async Task<List<System.Text.Json.JsonElement>> ReadAllAsync(HttpClient regulator, string principal)
    {
        var records = new List<System.Text.Json.JsonElement>();
        string? cursor = null;
        do
        {
            var page = await Json.ReadAsync(await regulator.GetAsync($"/api/v1/audit?principal={principal}&limit=100" + (cursor is null ? "" : "&cursor=" + cursor), Cancel));
            records.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return records;
    }
}
