using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TradeChain.Api.Audit;

/// <summary>
/// What happened: who (principal id, "anonymous" when none), in which role, did what (method, path
/// and query), when, the result (HTTP status), and the function called: the method and route
/// pattern ("GET /shipments/{reference}"), null when no route matched. Usage statistics count by it.
/// </summary>
public sealed record AuditEntry(string Principal, string Role, string Action, DateTimeOffset At, int Result, string? Route = null);

/// <summary>An entry as kept: its sequence number (from 1), the previous record's hash, and its own. Records written before routes were recorded have none.</summary>
public sealed record AuditRecord(long Seq, string Principal, string Role, string Action, long AtMs, int Result, string Prev, string Hash, string? Route = null);

/// <summary>The chain's head: what an anchor records so that rewriting history shows.</summary>
public sealed record AuditHead(long Seq, string Hash);

/// <summary>
/// The verdict of <see cref="AuditLog.Verify"/>: valid up to <see cref="Records"/>, or the first broken record and why.
/// <see cref="Segments"/> counts the files walked; <see cref="PrunedThrough"/> is the head at the end of the newest
/// segment retention deleted (where the walk starts), null when nothing was deleted.
/// <see cref="Anchor"/> is the newest anchor on the ledger checked against the log (filled in by the endpoint).
/// </summary>
public sealed record AuditVerification(bool Valid, long Records, AuditHead Head, long? BrokenAtSeq, string? Problem, int Segments = 1, AuditHead? PrunedThrough = null, AuditAnchorReport? Anchor = null);

/// <summary>
/// The append-only, hash-chained audit log: one line per record, "hash json", where json holds the
/// record with the previous record's hash and hash = SHA-256(json). Changing, removing or
/// reordering any record breaks every hash after it; <see cref="Verify"/> finds the first break.
/// Truncating the tail does not break the chain by itself, which is why the head is exposed for
/// anchoring (on the ledger, or with any outside witness). Each append is flushed to disk before
/// the response it records is complete; one writer, serialised by a lock. The file rolls over into
/// numbered segments by month and size (<see cref="AuditRotation"/>); the chain runs on across them and
/// reading and verification walk them all.
/// </summary>
public sealed class AuditLog : IDisposable
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Longest action text kept: a path with its query; longer ones are cut (and say so).</summary>
    public const int MaxActionChars = 512;

    /// <summary>A line is a record of a few hundred bytes; a longer one is not ours.</summary>
    private const int MaxLineChars = 4096;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly AuditRotation _rotation;
    private FileStream _stream;
    private AuditHead _head;
    private int _activeSegment;
    private DateTimeOffset? _activeFirstAt;

    private AuditLog(string path, AuditRotation rotation, FileStream stream, AuditHead head, int activeSegment, DateTimeOffset? activeFirstAt)
    {
        Path = path;
        _rotation = rotation;
        _stream = stream;
        _head = head;
        _activeSegment = activeSegment;
        _activeFirstAt = activeFirstAt;
    }

    public string Path { get; }

    public AuditHead Head
    {
        get
        {
            lock (_gate)
            {
                return _head;
            }
        }
    }

    /// <summary>Opens (creating) the log after verifying it: a server must not extend a chain that was tampered with.</summary>
    public static AuditLog Open(string path, AuditRotation? rotation = null)
    {
        var verification = Verify(path);
        if (!verification.Valid)
        {
            throw new InvalidDataException($"audit log {path} fails verification at record {verification.BrokenAtSeq}: {verification.Problem}");
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var segments = AuditSegments.List(path);
        var active = segments.Count > 0 ? segments[^1] : new AuditSegments.Segment(0, path);
        var first = LinesOf(active.File).Select(l => l.Record).FirstOrDefault();
        var stream = new FileStream(active.File, FileMode.Append, FileAccess.Write, FileShare.Read);
        var firstAt = first is null ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(first.AtMs);
        return new AuditLog(path, rotation ?? new AuditRotation(), stream, verification.Head, active.Number, firstAt);
    }

    public AuditRecord Append(AuditEntry entry)
    {
        var action = entry.Action.Length > MaxActionChars ? entry.Action[..(MaxActionChars - 1)] + "…" : entry.Action;
        lock (_gate)
        {
            var route = entry.Route is { Length: > MaxActionChars } cut ? cut[..(MaxActionChars - 1)] + "…" : entry.Route;
            var body = new AuditBody(_head.Seq + 1, entry.Principal, entry.Role, action, entry.At.ToUnixTimeMilliseconds(), entry.Result, _head.Hash, route);
            var json = JsonSerializer.Serialize(body, Json);
            var hash = HashOf(json);
            var line = Encoding.UTF8.GetBytes($"{hash} {json}\n");
            if (_rotation.ShouldRoll(_stream.Length, _activeFirstAt, line.Length, entry.At))
            {
                RollOver(entry.At);
            }
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
            _activeFirstAt ??= entry.At;
            _head = new AuditHead(body.Seq, hash);
            return body.ToRecord(hash);
        }
    }

    /// <summary>
    /// Deletes rolled segments, oldest first, whose newest record is older than the retention at
    /// <paramref name="now"/>; stops at the first one still within it, never touches the active one.
    /// Runs on every roll-over; returns how many segments went.
    /// </summary>
    public int Prune(DateTimeOffset now)
    {
        lock (_gate)
        {
            var deleted = 0;
            foreach (var segment in AuditSegments.List(Path).Where(s => s.Number < _activeSegment))
            {
                var last = LinesOf(segment.File).Select(l => l.Record).LastOrDefault();
                if (last is null || !_rotation.MayDelete(DateTimeOffset.FromUnixTimeMilliseconds(last.AtMs), now))
                {
                    break;
                }
                AuditSegments.WritePruned(Path, new(segment.Number, last.Seq, last.Hash));
                File.Delete(segment.File);
                deleted++;
            }
            return deleted;
        }
    }

    /// <summary>Records with seq ≥ <paramref name="fromSeq"/> matching <paramref name="filter"/>, at most <paramref name="limit"/>, in order.</summary>
    public IReadOnlyList<AuditRecord> Read(long fromSeq, int limit, Func<AuditRecord, bool> filter)
    {
        var records = new List<AuditRecord>(Math.Min(limit, 1024));
        foreach (var (_, record, _) in Lines(Path))
        {
            if (record is not null && record.Seq >= fromSeq && filter(record))
            {
                records.Add(record);
                if (records.Count == limit)
                {
                    break;
                }
            }
        }
        return records;
    }

    /// <summary>Every readable record in order, read lazily: for reports that fold the whole log without holding it.</summary>
    public IEnumerable<AuditRecord> Scan()
    {
        foreach (var (_, record, _) in Lines(Path))
        {
            if (record is not null)
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// Walks every segment in order: the segments are numbered without gaps, each line parses, its hash is SHA-256
    /// of its json, its prev is the previous hash, and seq counts up from 1 — or from the head retention recorded
    /// when it deleted the oldest segments.
    /// </summary>
    public static AuditVerification Verify(string path)
    {
        var pruned = AuditSegments.ReadPruned(path);
        var prunedHead = pruned is null ? null : new AuditHead(pruned.Seq, pruned.Hash);
        var head = prunedHead ?? new AuditHead(0, GenesisHash);
        var expectedSegment = pruned is null ? 0 : pruned.Segment + 1;
        var walked = 0;
        // A segment at or below the pruned one is a deletion a crash interrupted: the marker already covers it.
        foreach (var segment in AuditSegments.List(path).Where(s => s.Number >= expectedSegment))
        {
            if (segment.Number != expectedSegment)
            {
                return new(false, head.Seq, head, head.Seq + 1, $"segment {expectedSegment} is missing (records were removed)", walked, prunedHead);
            }
            foreach (var (json, record, problem) in LinesOf(segment.File))
            {
                if (Check(head, json, record, problem) is { } broken)
                {
                    return new(false, head.Seq, head, head.Seq + 1, broken, walked + 1, prunedHead);
                }
                head = new AuditHead(record!.Seq, record.Hash);
            }
            walked++;
            expectedSegment++;
        }
        return new(true, head.Seq, head, null, null, walked, prunedHead);
    }

    private static string? Check(AuditHead head, string json, AuditRecord? record, string? problem)
    {
        var seq = head.Seq + 1;
        if (record is null)
        {
            return problem;
        }
        if (record.Seq != seq)
        {
            return $"sequence number {record.Seq} where {seq} was expected (a record was removed or reordered)";
        }
        if (record.Prev != head.Hash)
        {
            return "its previous-hash does not match the record before it (an earlier record was changed or removed)";
        }
        return HashOf(json) != record.Hash ? "its content does not match its hash (the record was edited)" : null;
    }

    public void Dispose() => _stream.Dispose();

    private void RollOver(DateTimeOffset now)
    {
        var next = _activeSegment + 1;
        var stream = new FileStream(AuditSegments.PathOf(Path, next), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        _stream.Dispose();
        _stream = stream;
        _activeSegment = next;
        _activeFirstAt = null;
        Prune(now);
    }

    private static string HashOf(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>Every segment's lines in order; a segment retention deletes while it is listed is skipped, its records being past retention.</summary>
    private static IEnumerable<(string Json, AuditRecord? Record, string? Problem)> Lines(string path) =>
        AuditSegments.List(path).SelectMany(segment => LinesOf(segment.File));

    private static IEnumerable<(string Json, AuditRecord? Record, string? Problem)> LinesOf(string file)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            yield break;
        }
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            yield return Parse(line);
        }
    }

    private static (string Json, AuditRecord? Record, string? Problem) Parse(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (line.Length > MaxLineChars || space != 64)
        {
            return (line, null, "the line is not 'hash json'");
        }
        var json = line[(space + 1)..];
        try
        {
            var body = JsonSerializer.Deserialize<AuditBody>(json, Json);
            return body is null ? (json, null, "the record is empty") : (json, body.ToRecord(line[..space]), null);
        }
        catch (JsonException e)
        {
            return (json, null, $"the record is not JSON ({e.Message})");
        }
    }

    // Field order is the serialiser's declaration order; the hash covers the exact bytes written, so verification never re-serialises.
    // Route came later and is last and omitted when null: older lines parse with it null and keep verifying byte for byte.
    private sealed record AuditBody(long Seq, string Principal, string Role, string Action, long AtMs, int Result, string Prev,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Route = null)
    {
        public AuditRecord ToRecord(string hash) => new(Seq, Principal, Role, Action, AtMs, Result, Prev, hash, Route);
    }
}
