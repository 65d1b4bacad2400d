namespace TradeChain.Ingest.Formats.Parsing;

/// <summary>
/// Bounds on what one partner message may make a parser do. Every parser checks the message
/// size before it reads a byte and stops collecting at these counts, so a hostile or broken
/// message costs bounded memory and time.
/// </summary>
public sealed record FormatLimits
{
    public static FormatLimits Default { get; } = new();

    /// <summary>
    /// One Kafka message. A CUSCAR for a large container vessel (thousands of bills) is a few
    /// hundred KiB; 1 MiB is Kafka's default <c>message.max.bytes</c>, so nothing larger arrives
    /// through a default broker anyway.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>Events (or registrations) one message may carry: a ship's manifest split per bill stays well below.</summary>
    public int MaxEventsPerMessage { get; init; } = 5_000;

    /// <summary>Errors reported per rejected item; past this the rest of the item is not worth reading.</summary>
    public int MaxErrorsPerItem { get; init; } = 16;

    /// <summary>Rejected items reported per message; the rest are counted in one summary item.</summary>
    public int MaxRejectedItems { get; init; } = 1_000;

    /// <summary>EDIFACT segments per interchange: a 1 MiB interchange of short segments has about 50,000.</summary>
    public int MaxEdifactSegments { get; init; } = 60_000;

    /// <summary>Data elements per EDIFACT segment and components per element: the directories define fewer than 30.</summary>
    public int MaxEdifactElements { get; init; } = 64;

    /// <summary>JSON nesting. The canonical and DCSA formats nest 5 levels; 32 leaves room and stops stack-depth attacks.</summary>
    public int MaxJsonDepth { get; init; } = 32;

    /// <summary>XML nesting. Cargo-XML nests about 10 levels.</summary>
    public int MaxXmlDepth { get; init; } = 64;
}
