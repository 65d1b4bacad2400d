using System.Globalization;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>
/// One segment of an interchange: its tag and data elements, each a list of components, with
/// release characters already resolved. Knows where it stood in the interchange, so every error
/// about it can name the segment, element and component.
/// </summary>
public sealed class EdifactSegment
{
    public EdifactSegment(int number, int offset, string tag, IReadOnlyList<IReadOnlyList<string>> elements)
    {
        Number = number;
        Offset = offset;
        Tag = tag;
        Elements = elements;
    }

    /// <summary>1-based position in the interchange, counting from UNB (UNA is not a segment).</summary>
    public int Number { get; }

    /// <summary>Character offset of the tag in the decoded interchange.</summary>
    public int Offset { get; }

    public string Tag { get; }

    /// <summary>The data elements after the tag; element 1 is <c>Elements[0]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Elements { get; }

    /// <summary>Component <paramref name="component"/> of element <paramref name="element"/> (both 1-based, as in the directories), or "" when absent.</summary>
    public string Value(int element, int component = 1) =>
        element >= 1 && element <= Elements.Count && component >= 1 && component <= Elements[element - 1].Count
            ? Elements[element - 1][component - 1]
            : string.Empty;

    /// <summary>The component's value, or null when absent or empty.</summary>
    public string? Optional(int element, int component = 1) => Value(element, component) is { Length: > 0 } value ? value : null;

    public string Where => $"segment {Number.ToString(CultureInfo.InvariantCulture)} {Tag} (character {Offset.ToString(CultureInfo.InvariantCulture)})";

    public string Position(int element, int component = 1) =>
        $"{Where}, element {element.ToString(CultureInfo.InvariantCulture)}, component {component.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => Where;
}
