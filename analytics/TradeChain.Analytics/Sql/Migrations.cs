using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace TradeChain.Analytics.Sql;

/// <summary>One versioned schema change: "0002_kpi_rollups.sql" is version 2, named "kpi_rollups".</summary>
public sealed record Migration(int Version, string Name, string Script)
{
    /// <summary>The script's statements, split at semicolons that end a line (migrations keep semicolons out of literals).</summary>
    public IReadOnlyList<string> Statements() =>
        Script.Split('\n')
            .Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))
            .Aggregate(new List<List<string>> { new() }, (groups, line) =>
            {
                groups[^1].Add(line);
                if (line.TrimEnd().EndsWith(';'))
                {
                    groups.Add([]);
                }
                return groups;
            })
            .Select(lines => string.Join('\n', lines).Trim().TrimEnd(';').Trim())
            .Where(statement => statement.Length > 0)
            .ToArray();
}

/// <summary>
/// Versioned migrations: scripts embedded in an assembly, applied in version order, each
/// recorded in a schema_migrations table by the store that runs it. Pure planning here; the
/// stores do the I/O.
/// </summary>
public static partial class Migrations
{
    /// <summary>Every embedded script under <paramref name="prefix"/> ("TradeChain.Analytics.DuckDb.Migrations."), ascending by version.</summary>
    public static IReadOnlyList<Migration> Load(Assembly assembly, string prefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var match = FileName().Match(resource[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"migration '{resource}' is not named NNNN_name.sql");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        var ordered = migrations.OrderBy(m => m.Version).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            // Versions run 1, 2, 3...: a gap or a repeat means a script was lost or renamed.
            if (ordered[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migration versions must run 1..{ordered.Length} without gaps; found {string.Join(", ", ordered.Select(m => m.Version))}");
            }
        }
        return ordered;
    }

    /// <summary>The migrations still to apply, in order. Throws when the store is ahead of this build (a newer build migrated it).</summary>
    public static IReadOnlyList<Migration> Pending(IReadOnlyCollection<int> applied, IReadOnlyList<Migration> available)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(available);
        var known = available.Select(m => m.Version).ToHashSet();
        var unknown = applied.Where(v => !known.Contains(v)).ToArray();
        if (unknown.Length > 0)
        {
            throw new InvalidOperationException($"the store has migrations {string.Join(", ", unknown)} applied that this build does not know; it was migrated by a newer build");
        }
        return available.Where(m => !applied.Contains(m.Version)).ToArray();
    }

    [GeneratedRegex(@"^([0-9]{4})_([a-z0-9_]+)\.sql\z")]
    private static partial Regex FileName();
}
