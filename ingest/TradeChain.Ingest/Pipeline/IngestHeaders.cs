namespace TradeChain.Ingest.Pipeline;

/// <summary>
/// Kafka header names. Partners tag each message with <see cref="Partner"/> and
/// <see cref="Format"/>; dead-letter records carry all of them, so a dead letter says what was
/// wrong, whose it was and where it came from without opening the payload.
/// </summary>
public static class IngestHeaders
{
    /// <summary>The partner id (its profile's PartnerId), on every input message and every dead letter.</summary>
    public const string Partner = "tc-partner";

    /// <summary>The payload's format name (see FeedFormats), on every input message and every dead letter.</summary>
    public const string Format = "tc-format";

    /// <summary>The stable code of the first problem (a parse, validation, ingest or ledger code).</summary>
    public const string ErrorCode = "tc-error-code";

    /// <summary>Every problem, one per line, in plain language with positions.</summary>
    public const string ErrorReason = "tc-error-reason";

    /// <summary>Which part of the message was refused ("message" for all of it).</summary>
    public const string ErrorItem = "tc-error-item";

    public const string OriginalTopic = "tc-original-topic";
    public const string OriginalPartition = "tc-original-partition";
    public const string OriginalOffset = "tc-original-offset";

    /// <summary>Dead letters are produced to the source topic's name plus this suffix.</summary>
    public const string DeadLetterTopicSuffix = ".dlq";
}
