using TradeChain.Ingest.Formats.Parsing;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>Turns one checked EDIFACT message of a type (UNH 0065) into events and rejected items.</summary>
public interface IEdifactMessageMapper
{
    /// <summary>The UNH message type this mapper reads, e.g. "CODECO".</summary>
    string MessageType { get; }

    void Map(EdifactMessage message, EdifactInterchange interchange, ParseContext context, ResultBuilder result);
}
