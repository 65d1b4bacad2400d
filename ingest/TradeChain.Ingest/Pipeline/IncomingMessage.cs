namespace TradeChain.Ingest.Pipeline;

/// <summary>Where a message sits in Kafka: enough to commit past it and to name it in a dead letter.</summary>
public readonly record struct SourcePosition(string Topic, int Partition, long Offset)
{
    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}

/// <summary>
/// A partner message as the pipeline sees it, free of the Kafka client: its position, key,
/// payload, the partner and format headers, and the Kafka timestamp (stored with the record,
/// so a replay sees the same one).
/// </summary>
public sealed record IncomingMessage(
    SourcePosition Position,
    byte[]? Key,
    byte[]? Payload,
    string? Partner,
    string? Format,
    DateTimeOffset Timestamp);
