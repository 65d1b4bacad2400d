using System.Globalization;
using System.Text;
using TradeChain.Ingest.Pipeline;

namespace TradeChain.Ingest.DeadLetters;

/// <summary>
/// A record for <c>&lt;topic&gt;.dlq</c>: the original key and payload (or, for an event the
/// ledger refused, the event as canonical JSON) with headers saying what was wrong, whose it was
/// and where it came from. Built purely; the worker produces it.
/// </summary>
public sealed record DeadLetterRecord(string Topic, byte[]? Key, byte[] Value, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>
    /// Header values are bounded so a record with many errors stays far below Kafka's message
    /// limit; the reason's first lines carry the essentials, and the payload is kept whole.
    /// </summary>
    public const int MaxHeaderValueBytes = 8 * 1024;

    public static DeadLetterRecord For(Rejection rejection, SourcePosition source, string? partner, string? format, byte[]? key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return new DeadLetterRecord(
            source.Topic + IngestHeaders.DeadLetterTopicSuffix,
            key,
            value,
            [
                new(IngestHeaders.ErrorCode, rejection.Code),
                new(IngestHeaders.ErrorReason, Bounded(rejection.Reason)),
                new(IngestHeaders.ErrorItem, Bounded(rejection.Item)),
                new(IngestHeaders.Partner, partner ?? string.Empty),
                new(IngestHeaders.Format, format ?? string.Empty),
                new(IngestHeaders.OriginalTopic, source.Topic),
                new(IngestHeaders.OriginalPartition, source.Partition.ToString(CultureInfo.InvariantCulture)),
                new(IngestHeaders.OriginalOffset, source.Offset.ToString(CultureInfo.InvariantCulture)),
            ]);
    }

    public string Header(string name) => Headers.First(h => h.Key == name).Value;

    private static string Bounded(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxHeaderValueBytes)
        {
            return text;
        }
        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxHeaderValueBytes - 3)
            {
                break;
            }
            builder.Append(rune.ToString());
        }
        return builder.Append('…').ToString();
    }
}
