using System.CommandLine;
using TradeChain.Crypto;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Metrics;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;

namespace TradeChain.Ingest.Commands;

/// <summary>
/// <c>tradechain ingest run --config FILE</c>: hosts the Kafka ingest worker of one member
/// organisation, submitting to its node through <see cref="LedgerClientBatchSubmitter"/>, until
/// Ctrl+C or SIGTERM; then it submits what is batched (within ShutdownFlushTimeoutMs), commits and
/// leaves the group. Exit 0 after a graceful stop, 1 when the worker failed (uncommitted messages
/// replay on the next start), 2 when the config cannot be used.
/// </summary>
internal static class IngestRunCommand
{
    public static Command Create(Func<IngestCliConfig, IBatchSubmitter>? submitterFactory)
    {
        var configOption = new Option<FileInfo>("--config") { Description = "The ingest config: Ingest (topics, partners, batching) and Ledger (NodeAddress, Suite, MemberKeyFile, PassphraseVariable).", Required = true };
        var command = new Command("run", "Run the Kafka ingest worker for one member: consume, parse, dead-letter, batch, sign, submit to the node.") { configOption };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (IngestCommand.LoadConfig("run", parseResult.GetRequiredValue(configOption), error) is not { } config)
            {
                return IngestExitCodes.UsageOrInput;
            }
            ISigningKey key;
            BatchSigner signer;
            try
            {
                signer = config.CreateSigner(out key);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidDataException or System.Security.Cryptography.CryptographicException)
            {
                error.WriteLine($"ingest run: the member key '{config.MemberKeyFile}' cannot be used: {e.Message}");
                return IngestExitCodes.UsageOrInput;
            }
            using (key)
            {
                var submitter = IngestCommand.Submitter(config, submitterFactory, out var owned);
                using (owned)
                {
                    var worker = new KafkaIngestWorker(config.Ingest, signer, submitter, new IngestMetrics(), new TextWriterLogger<KafkaIngestWorker>(error));
                    output.WriteLine($"ingest run: member {config.Ingest.MemberId}, group {config.Ingest.ConsumerGroup}, node {config.NodeAddress}; Ctrl+C stops gracefully");
                    try
                    {
                        await worker.RunAsync(cancellationToken).ConfigureAwait(false);
                        output.WriteLine("ingest run: stopped");
                        return IngestExitCodes.Ok;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        output.WriteLine("ingest run: stopped");
                        return IngestExitCodes.Ok;
                    }
                    catch (Exception e)
                    {
                        error.WriteLine($"ingest run: the worker failed: {e.Message}");
                        return IngestExitCodes.CheckFailed;
                    }
                }
            }
        });
        return command;
    }
}
