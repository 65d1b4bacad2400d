using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Text;

namespace TradeChain.Ingest.Formats.CargoXml;

/// <summary>
/// Loads a Cargo-XML payload safely: UTF-8 only, no DTDs (so no entity expansion or external
/// entities), no resolver, bounded size and depth. Any failure is one error with its line and column.
/// </summary>
internal static class XmlPayload
{
    public static XDocument? Load(ReadOnlySpan<byte> payload, FormatLimits limits, out ParseError? error)
    {
        error = PayloadChecks.SizeAndPresence(payload, limits);
        if (error is not null)
        {
            return null;
        }
        var xml = Utf8Text.WithoutBom(payload);
        error = DeclaredEncodingError(xml) ?? Utf8Text.Check(xml);
        if (error is not null)
        {
            return null;
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = limits.MaxMessageBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var stream = new MemoryStream(xml.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            var document = XDocument.Load(reader, LoadOptions.SetLineInfo);
            error = DepthError(document, limits.MaxXmlDepth);
            return error is null ? document : null;
        }
        catch (XmlException e)
        {
            var dtd = e.Message.Contains("DTD", StringComparison.Ordinal);
            error = new ParseError(dtd ? ParseCodes.XmlDtdProhibited : ParseCodes.XmlSyntax,
                $"line {e.LineNumber.ToString(CultureInfo.InvariantCulture)}, column {e.LinePosition.ToString(CultureInfo.InvariantCulture)}",
                dtd ? "XML without a document type declaration (DTDs are refused: entity expansion and external entities)" : "well-formed XML",
                e.Message);
            return null;
        }
    }

    /// <summary>The XML declaration may name an encoding; TradeChain reads UTF-8 only (Cargo-XML's own default).</summary>
    private static ParseError? DeclaredEncodingError(ReadOnlySpan<byte> xml)
    {
        if (!xml.StartsWith("<?xml"u8))
        {
            return null;
        }
        var end = xml.IndexOf("?>"u8);
        var declaration = Encoding.ASCII.GetString(xml[..(end < 0 ? Math.Min(xml.Length, 100) : end)]);
        var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var value = declaration[(at + 8)..].TrimStart(' ', '=').Trim('"', '\'', ' ');
        var quote = value.IndexOfAny(['"', '\'']);
        var name = quote < 0 ? value : value[..quote];
        return name.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || name.Equals("UTF8", StringComparison.OrdinalIgnoreCase)
            ? null
            : new ParseError(ParseCodes.MessageEncoding, "line 1 (XML declaration)", "encoding=\"UTF-8\"", ParseError.Quote(name));
    }

    private static ParseError? DepthError(XDocument document, int maxDepth)
    {
        var stack = new Stack<(XElement Element, int Depth)>();
        stack.Push((document.Root!, 1));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            if (depth > maxDepth)
            {
                return new ParseError(ParseCodes.XmlSyntax, XmlNav.Position(element), $"at most {maxDepth} levels of nesting", $"level {depth}");
            }
            foreach (var child in element.Elements())
            {
                stack.Push((child, depth + 1));
            }
        }
        return null;
    }
}

/// <summary>
/// Namespace-agnostic navigation by local name: Cargo-XML partners use the rsm/ram prefixes with
/// varying namespace URIs across schema versions, while the element names are stable.
/// </summary>
internal static class XmlNav
{
    public static XElement? Child(XElement? element, string localName) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(XElement? element, string localName) =>
        element?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    public static XElement? Path(XElement? element, params string[] localNames)
    {
        foreach (var name in localNames)
        {
            element = Child(element, name);
        }
        return element;
    }

    /// <summary>The trimmed text of the element at the path, or null when absent or empty.</summary>
    public static string? Value(XElement? element, params string[] localNames) =>
        Path(element, localNames)?.Value.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>"line 12, column 8 (/StatusMessage/MasterConsignment/ReportedStatus[2])".</summary>
    public static string Position(XObject node)
    {
        var line = node is System.Xml.IXmlLineInfo info && info.HasLineInfo()
            ? $"line {info.LineNumber.ToString(CultureInfo.InvariantCulture)}, column {info.LinePosition.ToString(CultureInfo.InvariantCulture)} "
            : string.Empty;
        var element = node as XElement ?? node.Parent;
        var parts = new List<string>();
        for (var e = element; e is not null; e = e.Parent)
        {
            var siblings = e.Parent?.Elements().Where(s => s.Name == e.Name).ToList();
            parts.Add(siblings is { Count: > 1 } ? $"{e.Name.LocalName}[{(siblings.IndexOf(e) + 1).ToString(CultureInfo.InvariantCulture)}]" : e.Name.LocalName);
        }
        parts.Reverse();
        return $"{line}(/{string.Join('/', parts)})";
    }

    /// <summary>Where a missing child would be: its parent's position and the child's name.</summary>
    public static string PositionOfMissing(XElement parent, params string[] path) => $"{Position(parent)}/{string.Join('/', path)}";
}
