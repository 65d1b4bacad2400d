using System.Globalization;
using System.Text.Json;

namespace TradeChain.Api.Audit;

/// <summary>
/// When the audit file rolls over and how long rolled segments are kept. A segment holds records
/// of one UTC calendar month and at most <see cref="MaxSegmentBytes"/>, so retention can drop
/// whole segments without cutting a month in half.
/// </summary>
/// <param name="MaxSegmentBytes">Size at which the active segment is closed; a single record is never split, so one record may exceed it.</param>
/// <param name="RetentionMonths">Calendar months a rolled segment is kept after its newest record; the regulator needs at least six.</param>
public sealed record AuditRotation(long MaxSegmentBytes = AuditRotation.DefaultMaxSegmentBytes, int RetentionMonths = AuditRotation.DefaultRetentionMonths)
{
    public const long DefaultMaxSegmentBytes = 64L * 1024 * 1024;
    public const int DefaultRetentionMonths = 6;

    /// <summary>The floor: the audit log is kept at least six months.</summary>
    public const int MinRetentionMonths = 6;

    /// <summary>Whether a record of <paramref name="recordBytes"/> written at <paramref name="recordAt"/> starts a new segment: never into an empty one, always across a month or past the size limit.</summary>
    public bool ShouldRoll(long activeBytes, DateTimeOffset? activeFirstAt, int recordBytes, DateTimeOffset recordAt)
    {
        if (activeBytes == 0)
        {
            return false;
        }
        return activeBytes + recordBytes > MaxSegmentBytes || (activeFirstAt is { } first && MonthOf(first) != MonthOf(recordAt));
    }

    /// <summary>Whether a rolled segment whose newest record is <paramref name="newestAt"/> may be deleted at <paramref name="now"/>: only once it is older than the whole retention.</summary>
    public bool MayDelete(DateTimeOffset newestAt, DateTimeOffset now) => newestAt < now.ToUniversalTime().AddMonths(-RetentionMonths);

    private static int MonthOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return utc.Year * 12 + utc.Month;
    }
}

/// <summary>
/// The audit log's files: segment 0 is the base path itself (so logs written before rotation keep
/// their name), segment n is "path.000n". Segments are never renamed, so a reader listing them
/// while the writer rolls over still sees each record once. "path.pruned" names the last deleted
/// segment and the chain head at its end, where verification of what is left starts.
/// </summary>
internal static class AuditSegments
{
    private const int NumberDigits = 6;

    public sealed record Segment(int Number, string File);

    public sealed record Pruned(int Segment, long Seq, string Hash);

    public static string PathOf(string basePath, int number) =>
        number == 0 ? basePath : $"{basePath}.{number.ToString(new string('0', NumberDigits), CultureInfo.InvariantCulture)}";

    public static string PrunedPath(string basePath) => basePath + ".pruned";

    /// <summary>Existing segments, oldest first.</summary>
    public static IReadOnlyList<Segment> List(string basePath)
    {
        var full = Path.GetFullPath(basePath);
        var directory = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var segments = new List<Segment>();
        if (File.Exists(full))
        {
            segments.Add(new(0, full));
        }
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, name + ".*"))
            {
                // The pattern also matches the base name itself (".*" matches an empty extension).
                var fileName = Path.GetFileName(file);
                var suffix = fileName.Length > name.Length + 1 ? fileName[(name.Length + 1)..] : "";
                if (suffix.Length >= NumberDigits && suffix.All(char.IsAsciiDigit) && int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
                {
                    segments.Add(new(number, file));
                }
            }
        }
        segments.Sort((a, b) => a.Number.CompareTo(b.Number));
        return segments;
    }

    public static Pruned? ReadPruned(string basePath)
    {
        var path = PrunedPath(basePath);
        if (!File.Exists(path))
        {
            return null;
        }
        var pruned = JsonSerializer.Deserialize<Pruned>(File.ReadAllText(path), JsonSerializerOptions.Web);
        if (pruned is null || pruned.Segment < 0 || pruned.Seq < 0 || pruned.Hash is not { Length: 64 })
        {
            throw new InvalidDataException($"{path} does not name a pruned segment and its head");
        }
        return pruned;
    }

    /// <summary>Written before the segment is deleted, through a temporary file, so a crash leaves either the old marker with the segment or the new one.</summary>
    public static void WritePruned(string basePath, Pruned pruned)
    {
        var path = PrunedPath(basePath);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(pruned, JsonSerializerOptions.Web));
        File.Move(temporary, path, overwrite: true);
    }
}
