using System.CommandLine;
using TradeChain.Crypto;
using TradeChain.Ingest.DeadLetters;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;

namespace TradeChain.Ingest.Commands;

/// <summary>
/// <c>tradechain ingest replay-dlq --config FILE [--topic T]</c>: after a mapping fix, re-reads
/// <c>&lt;topic&gt;.dlq</c> (every feed topic of the config, or just T), re-parses the original
/// payloads with the config's current partner mappings, submits what now passes to the node and
/// lists what still fails. The dead-letter topic is left as it is. Exit 0 when every dead letter
/// passed, 1 when some still fail, 2 when the config cannot be used.
/// </summary>
internal static class IngestReplayDlqCommand
{
    public static Command Create(Func<IngestCliConfig, IBatchSubmitter>? submitterFactory)
    {
        var configOption = new Option<FileInfo>("--config") { Description = "The ingest config (as for 'ingest run'), with the fixed partner mappings.", Required = true };
        var topicOption = new Option<string?>("--topic") { Description = "Replay only this feed topic's dead letters (T or T.dlq); default: every feed topic of the config." };
        var command = new Command("replay-dlq", "Re-submit dead letters after a mapping fix: re-parse <topic>.dlq, submit what now passes, leave the rest.") { configOption, topicOption };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (IngestCommand.LoadConfig("replay-dlq", parseResult.GetRequiredValue(configOption), error) is not { } config)
            {
                return IngestExitCodes.UsageOrInput;
            }
            IReadOnlyList<string> topics = parseResult.GetValue(topicOption) is { } topic ? [topic] : [.. config.Ingest.Topics.ByTopic().Keys.Order(StringComparer.Ordinal)];
            ISigningKey key;
            BatchSigner signer;
            try
            {
                signer = config.CreateSigner(out key);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidDataException or System.Security.Cryptography.CryptographicException)
            {
                error.WriteLine($"ingest replay-dlq: the member key '{config.MemberKeyFile}' cannot be used: {e.Message}");
                return IngestExitCodes.UsageOrInput;
            }
            using (key)
            {
                var submitter = IngestCommand.Submitter(config, submitterFactory, out var owned);
                using (owned)
                {
                    ReplayReport report;
                    try
                    {
                        report = await new DeadLetterReplayer(config.Ingest, signer, submitter).ReplayAsync(topics, error, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        error.WriteLine("ingest replay-dlq: interrupted; run it again (replaying twice is harmless)");
                        return IngestExitCodes.CheckFailed;
                    }
                    catch (Confluent.Kafka.KafkaException e)
                    {
                        error.WriteLine($"ingest replay-dlq: Kafka: {e.Error.Reason}");
                        return IngestExitCodes.CheckFailed;
                    }
                    output.WriteLine($"replayed {report.DeadLettersRead} dead letters ({report.MessagesReparsed} distinct messages): {report.EventsSubmitted} events submitted, {report.Accepted} accepted, {report.Duplicates} duplicates, {report.StillRefused.Count} still refused");
                    foreach (var refused in report.StillRefused)
                    {
                        output.WriteLine($"STILL REFUSED {refused.DeadLetterTopic}@{refused.DeadLetterOffset} (from {refused.Original}) {refused.Rejection.Item} [{refused.Rejection.Code}]");
                        foreach (var line in refused.Rejection.Reason.Split('\n'))
                        {
                            output.WriteLine($"  {line}");
                        }
                    }
                    return report.AllReplayed ? IngestExitCodes.Ok : IngestExitCodes.CheckFailed;
                }
            }
        });
        return command;
    }
}
