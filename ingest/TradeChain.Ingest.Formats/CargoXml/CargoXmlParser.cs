using TradeChain.Ingest.Formats.Parsing;

namespace TradeChain.Ingest.Formats.CargoXml;

/// <summary>IATA Cargo-XML: dispatches on the root element to the XFSU (StatusMessage) or XFWB (Waybill) mapping.</summary>
public sealed class CargoXmlParser : IFeedParser
{
    public FeedFormat Format => FeedFormat.CargoXml;

    public ParseResult Parse(ReadOnlySpan<byte> payload, ParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = XmlPayload.Load(payload, context.Limits, out var error);
        if (document?.Root is not { } root)
        {
            return ParseResult.MessageRejected(error!);
        }
        var result = new ResultBuilder(context.Limits);
        switch (root.Name.LocalName)
        {
            case XfsuMapper.RootElement:
                XfsuMapper.Map(root, context, result);
                break;
            case XfwbMapper.RootElement:
                XfwbMapper.Map(root, context, result);
                break;
            default:
                return ParseResult.MessageRejected(new ParseError(ParseCodes.XmlRoot, XmlNav.Position(root), $"a Cargo-XML {XfsuMapper.RootElement} (XFSU) or {XfwbMapper.RootElement} (XFWB)", ParseError.Quote(root.Name.LocalName)));
        }
        return result.Build("events");
    }
}
