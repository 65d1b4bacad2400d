using System.Globalization;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Trade.Events;

/// <summary>
/// A typed value of a partner-specific attribute that has no field of its own (gross weight,
/// piece count, dangerous-goods flag, tax amount...). Immutable. Equality matches the canonical
/// encoding: decimals compare by value (1.50 = 1.5, as the encoding normalises them), timestamps
/// by instant and offset.
/// </summary>
public sealed class EventAttribute : IEquatable<EventAttribute>
{
    private readonly string? _string;
    private readonly long _int64;
    private readonly decimal _decimal;
    private readonly bool _bool;
    private readonly DateTimeOffset _timestamp;

    private EventAttribute(EventAttributeKind kind, string? stringValue = null, long int64Value = 0, decimal decimalValue = 0m, bool boolValue = false, DateTimeOffset timestampValue = default)
    {
        Kind = kind;
        _string = stringValue;
        _int64 = int64Value;
        _decimal = decimalValue;
        _bool = boolValue;
        _timestamp = timestampValue;
    }

    public EventAttributeKind Kind { get; }

    public static EventAttribute Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(EventAttributeKind.String, stringValue: value);
    }

    public static EventAttribute Of(long value) => new(EventAttributeKind.Int64, int64Value: value);

    public static EventAttribute Of(decimal value) => new(EventAttributeKind.Decimal, decimalValue: CanonicalWriter.Normalize(value));

    public static EventAttribute Of(bool value) => new(EventAttributeKind.Bool, boolValue: value);

    public static EventAttribute Of(DateTimeOffset value) => new(EventAttributeKind.Timestamp, timestampValue: value);

    public string AsString() => Kind == EventAttributeKind.String ? _string! : throw WrongKind(EventAttributeKind.String);

    public long AsInt64() => Kind == EventAttributeKind.Int64 ? _int64 : throw WrongKind(EventAttributeKind.Int64);

    public decimal AsDecimal() => Kind == EventAttributeKind.Decimal ? _decimal : throw WrongKind(EventAttributeKind.Decimal);

    public bool AsBool() => Kind == EventAttributeKind.Bool ? _bool : throw WrongKind(EventAttributeKind.Bool);

    public DateTimeOffset AsTimestamp() => Kind == EventAttributeKind.Timestamp ? _timestamp : throw WrongKind(EventAttributeKind.Timestamp);

    public bool Equals(EventAttribute? other) =>
        other is not null && other.Kind == Kind && Kind switch
        {
            EventAttributeKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
            EventAttributeKind.Int64 => _int64 == other._int64,
            EventAttributeKind.Decimal => _decimal == other._decimal,
            EventAttributeKind.Bool => _bool == other._bool,
            _ => _timestamp.EqualsExact(other._timestamp),
        };

    public override bool Equals(object? obj) => obj is EventAttribute other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        EventAttributeKind.String => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(_string!)),
        EventAttributeKind.Int64 => HashCode.Combine(Kind, _int64),
        EventAttributeKind.Decimal => HashCode.Combine(Kind, _decimal),
        EventAttributeKind.Bool => HashCode.Combine(Kind, _bool),
        _ => HashCode.Combine(Kind, _timestamp.UtcTicks, _timestamp.Offset),
    };

    public override string ToString() => Kind switch
    {
        EventAttributeKind.String => _string!,
        EventAttributeKind.Int64 => _int64.ToString(CultureInfo.InvariantCulture),
        EventAttributeKind.Decimal => _decimal.ToString(CultureInfo.InvariantCulture),
        EventAttributeKind.Bool => _bool ? "true" : "false",
        _ => _timestamp.ToString("O", CultureInfo.InvariantCulture),
    };

    private InvalidOperationException WrongKind(EventAttributeKind wanted) =>
        new($"attribute holds a {Kind}, not a {wanted}");
}
