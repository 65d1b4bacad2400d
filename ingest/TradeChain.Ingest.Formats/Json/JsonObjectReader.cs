using System.Globalization;
using System.Text.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Text;

namespace TradeChain.Ingest.Formats.Json;

/// <summary>
/// Reads the properties of one JSON object with a JSON path for every error: each getter records
/// what it was asked for, so <see cref="RejectUnknown"/> can name any property the schema does
/// not define. Getters return null and add an error instead of throwing.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly ItemErrors _errors;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    private JsonObjectReader(JsonElement element, string path, ItemErrors errors)
    {
        _element = element;
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    /// <summary>A reader over <paramref name="element"/>, or null (with an error) when it is not an object.</summary>
    public static JsonObjectReader? Open(JsonElement element, string path, ItemErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(ParseCodes.FieldInvalid, path, "an object", Describe(element));
            return null;
        }
        return new JsonObjectReader(element, path, errors);
    }

    public string PathOf(string name) => $"{Path}.{name}";

    public bool Has(string name)
    {
        _known.Add(name);
        return _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
    }

    public JsonElement? Property(string name, bool required)
    {
        _known.Add(name);
        if (_element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }
        if (required)
        {
            _errors.Add(ParseCodes.FieldMissing, PathOf(name), $"the property '{name}'", "nothing");
        }
        return null;
    }

    public string? String(string name, bool required = false)
    {
        if (Property(name, required) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add(ParseCodes.FieldInvalid, PathOf(name), "a string", Describe(value));
            return null;
        }
        return value.GetString();
    }

    public TEnum? Enum<TEnum>(string name, bool required = false)
        where TEnum : struct, Enum
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }
        // Names only: "3" or "GateIn, GateOut" would parse as an enum value and mean something else.
        if (System.Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value) && char.IsAsciiLetter(text[0]) && !text.Contains(',', StringComparison.Ordinal))
        {
            return value;
        }
        _errors.Add(ParseCodes.FieldInvalid, PathOf(name), $"one of {string.Join(", ", System.Enum.GetNames<TEnum>())}", ParseError.Quote(text));
        return null;
    }

    public DateTimeOffset? Timestamp(string name, bool required = false)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }
        if (Timestamps.TryParseIso(text, offsetIfMissing: null, out var value))
        {
            return value;
        }
        _errors.Add(ParseCodes.TimestampInvalid, PathOf(name), "an RFC 3339 date-time with offset, e.g. 2025-03-14T10:32:15.250+08:00", ParseError.Quote(text));
        return null;
    }

    public DateOnly? Date(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }
        if (Timestamps.TryParseDate(text, out var value))
        {
            return value;
        }
        _errors.Add(ParseCodes.TimestampInvalid, PathOf(name), "a date yyyy-MM-dd", ParseError.Quote(text));
        return null;
    }

    public decimal? Decimal(string name)
    {
        if (Property(name, required: false) is not { } value)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }
        _errors.Add(ParseCodes.NumberInvalid, PathOf(name), "a decimal number within ±7.9e28", Describe(value));
        return null;
    }

    public JsonElement? Array(string name, bool required = false)
    {
        if (Property(name, required) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            _errors.Add(ParseCodes.FieldInvalid, PathOf(name), "an array", Describe(value));
            return null;
        }
        return value;
    }

    public IReadOnlyList<string> StringArray(string name)
    {
        if (Array(name) is not { } array)
        {
            return [];
        }
        var items = new List<string>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!);
            }
            else
            {
                _errors.Add(ParseCodes.FieldInvalid, $"{PathOf(name)}[{index}]", "a string", Describe(item));
            }
            index++;
        }
        return items;
    }

    public JsonObjectReader? Object(string name, bool required = false) =>
        Property(name, required) is { } value ? Open(value, PathOf(name), _errors) : null;

    /// <summary>Reports every property that no getter asked for: the canonical format is closed, so a misspelt field is an error, not silently lost data.</summary>
    public void RejectUnknown()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
            {
                _errors.Add(ParseCodes.FieldUnknown, PathOf(property.Name), $"only the properties {string.Join(", ", _known.Order(StringComparer.Ordinal))}", $"'{property.Name}'");
            }
        }
    }

    /// <summary>A JSON value as it appears in an error: its kind and a short quote of its text.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {ParseError.Quote(value.GetString())}",
        JsonValueKind.Number => $"the number {ParseError.Quote(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => $"an array of {value.GetArrayLength().ToString(CultureInfo.InvariantCulture)} items",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };
}
