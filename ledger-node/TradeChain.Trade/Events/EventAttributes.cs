using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace TradeChain.Trade.Events;

/// <summary>
/// An event's attributes: an immutable map from key to typed value, kept in ordinal key order
/// so that enumeration, printing and comparison never depend on insertion order or culture.
/// Key limits (shape, length, count) are the validator's to enforce, so a bad partner message
/// can still be represented and rejected with a reason.
/// </summary>
public sealed class EventAttributes : IReadOnlyDictionary<string, EventAttribute>, IEquatable<EventAttributes>
{
    private readonly SortedDictionary<string, EventAttribute> _entries;

    public EventAttributes(IEnumerable<KeyValuePair<string, EventAttribute>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new SortedDictionary<string, EventAttribute>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(entries));
            ArgumentNullException.ThrowIfNull(value, nameof(entries));
            if (!_entries.TryAdd(key, value))
            {
                throw new ArgumentException($"attribute '{key}' is given twice", nameof(entries));
            }
        }
    }

    public static EventAttributes Empty { get; } = new([]);

    public int Count => _entries.Count;

    public IEnumerable<string> Keys => _entries.Keys;

    public IEnumerable<EventAttribute> Values => _entries.Values;

    public EventAttribute this[string key] => _entries[key];

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>, replacing any earlier value.</summary>
    public EventAttributes With(string key, EventAttribute value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var entries = new Dictionary<string, EventAttribute>(_entries, StringComparer.Ordinal) { [key] = value };
        return new EventAttributes(entries);
    }

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out EventAttribute value) => _entries.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, EventAttribute>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(EventAttributes? other) =>
        other is not null
        && other.Count == Count
        && _entries.Zip(other._entries).All(pair => pair.First.Key == pair.Second.Key && pair.First.Value.Equals(pair.Second.Value));

    public override bool Equals(object? obj) => obj is EventAttributes other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _entries)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => $"{{{string.Join(", ", _entries.Select(e => $"{e.Key}={e.Value}"))}}}";
}
