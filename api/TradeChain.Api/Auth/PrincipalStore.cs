using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradeChain.Api.Auth;

/// <summary>A stored API key: never the key itself, only its id, owner and the SHA-256 of its secret.</summary>
public sealed record ApiKeyRecord
{
    public required string KeyId { get; init; }

    public required string PrincipalId { get; init; }

    public required string SecretSha256 { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set by rotation: the old key keeps working until then, so a system can switch without downtime.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}

/// <summary>The key store file's content.</summary>
public sealed record PrincipalFile
{
    public List<Principal> Principals { get; init; } = [];

    public List<ApiKeyRecord> Keys { get; init; } = [];
}

/// <summary>
/// Principals and their API keys in one JSON file, held in memory for O(1) lookups by principal
/// id and key id. Why a file and not a database: a consortium member has tens to hundreds of
/// principals and keys, changed a few times a day; a file written atomically (temp file, fsync,
/// rename) is durable, diffable and backed up with the configuration, and needs no engine. Every
/// change rewrites the file under one lock; readers see immutable snapshots.
/// </summary>
public sealed class PrincipalStore
{
    /// <summary>Keys per principal: a rotation overlap needs two; more than a handful is a leak waiting to happen.</summary>
    public const int MaxActiveKeysPerPrincipal = 5;

    /// <summary>How long a rotated-out key keeps working.</summary>
    public static readonly TimeSpan DefaultRotationOverlap = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Snapshot _snapshot;

    private sealed record Snapshot(PrincipalFile File, IReadOnlyDictionary<string, Principal> Principals, IReadOnlyDictionary<string, ApiKeyRecord> Keys);

    private PrincipalStore(string path, TimeProvider time, PrincipalFile file)
    {
        _path = path;
        _time = time;
        _snapshot = Index(file);
    }

    public static PrincipalStore Open(string path, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = File.Exists(path)
            ? JsonSerializer.Deserialize<PrincipalFile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty")
            : new PrincipalFile();
        var problems = file.Principals.SelectMany(p => p.Validate()).ToList();
        if (file.Principals.DistinctBy(p => p.Id).Count() != file.Principals.Count)
        {
            problems.Add("principal ids must be unique");
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{path}: {string.Join("; ", problems)}");
        }
        return new PrincipalStore(path, time, file);
    }

    public Principal? FindPrincipal(string id) => _snapshot.Principals.GetValueOrDefault(id);

    /// <summary>The active principal behind a presented API key; null for an unknown, wrong, expired or revoked key, or a disabled principal.</summary>
    public Principal? Authenticate(string presentedKey)
    {
        if (ApiKeys.Parse(presentedKey) is not { } parsed)
        {
            return null;
        }
        var snapshot = _snapshot;
        if (!snapshot.Keys.TryGetValue(parsed.KeyId, out var key) || !key.IsActive(_time.GetUtcNow()) || !ApiKeys.Matches(parsed.Secret, key.SecretSha256))
        {
            return null;
        }
        return snapshot.Principals.GetValueOrDefault(key.PrincipalId) is { Disabled: false } principal ? principal : null;
    }

    public IReadOnlyList<ApiKeyRecord> KeysOf(string principalId) => _snapshot.File.Keys.Where(k => k.PrincipalId == principalId).ToArray();

    /// <summary>Adds or replaces a principal (the operator's provisioning path and the tests').</summary>
    public void Upsert(Principal principal)
    {
        if (principal.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(principal));
        }
        Mutate(file => file with { Principals = [.. file.Principals.Where(p => p.Id != principal.Id), principal] });
    }

    /// <summary>Issues a key for a principal; the plain text is returned once and never stored.</summary>
    public ApiKeys.Issued Issue(string principalId)
    {
        var issued = ApiKeys.Create();
        Mutate(file =>
        {
            if (!file.Principals.Any(p => p.Id == principalId))
            {
                throw new KeyNotFoundException($"no principal '{principalId}'");
            }
            var now = _time.GetUtcNow();
            if (file.Keys.Count(k => k.PrincipalId == principalId && k.IsActive(now)) >= MaxActiveKeysPerPrincipal)
            {
                throw new InvalidOperationException($"principal '{principalId}' already has {MaxActiveKeysPerPrincipal} active keys; revoke one first");
            }
            return file with { Keys = [.. file.Keys, new ApiKeyRecord { KeyId = issued.KeyId, PrincipalId = principalId, SecretSha256 = issued.SecretSha256, CreatedAt = now }] };
        });
        return issued;
    }

    /// <summary>Issues a successor key and lets the old one expire after <paramref name="overlap"/>.</summary>
    public ApiKeys.Issued Rotate(string keyId, TimeSpan overlap)
    {
        var old = _snapshot.Keys.GetValueOrDefault(keyId) ?? throw new KeyNotFoundException($"no key '{keyId}'");
        var expiresAt = _time.GetUtcNow() + overlap;
        Mutate(file => file with { Keys = [.. file.Keys.Select(k => k.KeyId == keyId ? k with { ExpiresAt = k.ExpiresAt is { } e && e < expiresAt ? e : expiresAt } : k)] });
        return Issue(old.PrincipalId);
    }

    public void Revoke(string keyId)
    {
        if (!_snapshot.Keys.ContainsKey(keyId))
        {
            throw new KeyNotFoundException($"no key '{keyId}'");
        }
        var now = _time.GetUtcNow();
        Mutate(file => file with { Keys = [.. file.Keys.Select(k => k.KeyId == keyId ? k with { RevokedAt = k.RevokedAt ?? now } : k)] });
    }

    public ApiKeyRecord? FindKey(string keyId) => _snapshot.Keys.GetValueOrDefault(keyId);

    private void Mutate(Func<PrincipalFile, PrincipalFile> change)
    {
        lock (_gate)
        {
            var next = change(_snapshot.File);
            WriteAtomically(next);
            _snapshot = Index(next);
        }
    }

    private void WriteAtomically(PrincipalFile file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path))!;
        Directory.CreateDirectory(directory);
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, file, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _path, overwrite: true);
    }

    private static Snapshot Index(PrincipalFile file) =>
        new(file, file.Principals.ToDictionary(p => p.Id, StringComparer.Ordinal), file.Keys.ToDictionary(k => k.KeyId, StringComparer.Ordinal));
}
