using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Pipeline;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Checking;

/// <summary>What a partner file would become on the feed: the canonical events, or every refusal with its position.</summary>
public sealed record CheckReport(IReadOnlyList<TradeEvent> Events, IReadOnlyList<Rejection> Rejections, int RegistrationsApplied)
{
    public bool Passed => Rejections.Count == 0;

    /// <summary>One line per event (canonical JSON), then one block per refusal: "REJECTED item [code]" and the reason lines.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (var tradeEvent in Events)
        {
            yield return CanonicalJsonWriter.WriteEventLine(tradeEvent);
        }
        foreach (var rejection in Rejections)
        {
            yield return $"REJECTED {rejection.Item} [{rejection.Code}]";
            foreach (var line in rejection.Reason.Split('\n'))
            {
                yield return $"  {line}";
            }
        }
    }
}

/// <summary>
/// <c>tradechain ingest check --format F [--partner P] FILE</c>: runs a file through exactly the
/// pipeline the worker uses (parse, link, validate), so a partner can check a message before
/// sending it. Exit code 0 when <see cref="CheckReport.Passed"/>, else 1.
/// </summary>
public static class FeedFileChecker
{
    public static CheckReport Check(FeedPipeline pipeline, string partnerId, FeedFormat format, Feed feed, byte[] file, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var message = new IncomingMessage(new SourcePosition("file", 0, 0), null, file, partnerId, FeedFormats.Name(format), now);
        var outcome = pipeline.Process(message, feed, now);
        return new CheckReport(outcome.Events, outcome.Rejections, outcome.RegistrationsApplied);
    }
}
