using System.CommandLine;
using TradeChain.Ingest.Submission;

namespace TradeChain.Ingest.Commands;

/// <summary>Exit codes of the ingest commands: the same three the <c>tradechain</c> program uses everywhere.</summary>
public static class IngestExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and found a fault: a file that does not pass, dead letters that still fail, a worker that failed.</summary>
    public const int CheckFailed = 1;

    /// <summary>The input could not be used at all: missing file, bad config, bad option.</summary>
    public const int UsageOrInput = 2;
}

/// <summary>
/// <c>tradechain ingest</c>: check a partner file, run the Kafka worker, replay dead letters.
/// The commands live here, beside the pipeline they drive; the <c>tradechain</c> executable (the
/// product's composition root) adds this command to its tree, so ingest still depends on
/// ledger-node and never the other way round.
/// </summary>
public static class IngestCommand
{
    /// <param name="submitterFactory">
    /// How <c>run</c> and <c>replay-dlq</c> reach the node; by default a
    /// <see cref="LedgerClientBatchSubmitter"/> on the config's <c>Ledger:NodeAddress</c>. Tests pass an in-process ledger.
    /// </param>
    public static Command Create(Func<IngestCliConfig, IBatchSubmitter>? submitterFactory = null) =>
        new("ingest", "Partner feeds into the ledger: check a file, run the Kafka worker, replay dead letters.")
        {
            IngestCheckCommand.Create(),
            IngestRunCommand.Create(submitterFactory),
            IngestReplayDlqCommand.Create(submitterFactory),
        };

    /// <summary>Loads the config or reports why not (exit <see cref="IngestExitCodes.UsageOrInput"/>).</summary>
    internal static IngestCliConfig? LoadConfig(string command, FileInfo file, TextWriter error)
    {
        try
        {
            return IngestCliConfig.Load(file.FullName);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"ingest {command}: {e.Message}");
            return null;
        }
    }

    /// <summary>The node-backed submitter, or the test's; the returned disposable owns the gRPC channel.</summary>
    internal static IBatchSubmitter Submitter(IngestCliConfig config, Func<IngestCliConfig, IBatchSubmitter>? factory, out IDisposable? owned)
    {
        if (factory is not null)
        {
            owned = null;
            return factory(config);
        }
        var client = new Node.Client.LedgerClient(config.NodeAddress);
        owned = client;
        return new LedgerClientBatchSubmitter(client);
    }
}
