using System.Text;
using TradeChain.Ingest.Submission;
using TradeChain.Trade.Batches;

namespace TradeChain.Demo;

/// <summary>One line of an acknowledgement journal.</summary>
public sealed record AcknowledgedEvent(string EventId, string Status, string? MasterBill, string? DeclarationNumber);

/// <summary>
/// Submits through the member's node and appends what the node acknowledged (accepted or
/// duplicate: durably on the ledger) to <c>DIR/ingest/&lt;member&gt;.acknowledged</c>, one line per
/// event: <c>event id, status, master bill, declaration number</c>, tab-separated. It is what the
/// ingest worker committed Kafka offsets for, so a check can ask the nodes and the analytics store
/// for exactly those events. Lines are appended and flushed before the receipt goes back to the
/// worker; a later run over the same data appends to it. It grows with the events acknowledged,
/// which the simulator's plan bounds per run.
/// </summary>
public sealed class AcknowledgementJournal(IBatchSubmitter inner, string path) : IBatchSubmitter, IDisposable
{
    public const string FileSuffix = ".acknowledged";

    private readonly StreamWriter _writer = Open(path);
    private readonly Lock _gate = new();
    private long _count;

    /// <summary>Events acknowledged through this journal since it was opened.</summary>
    public long Count => Interlocked.Read(ref _count);

    public static string PathOf(string dataDirectory, string memberId) => Path.Combine(dataDirectory, "ingest", memberId + FileSuffix);

    public async Task<SubmitReceipt> SubmitAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var receipt = await inner.SubmitAsync(batch, cancellationToken).ConfigureAwait(false);
        if (receipt.Status != BatchStatus.Accepted)
        {
            return receipt;
        }
        var lines = new StringBuilder();
        for (var i = 0; i < receipt.Events.Count; i++)
        {
            var outcome = receipt.Events[i];
            if (outcome.Status is EventStatus.Accepted or EventStatus.Duplicate)
            {
                var references = batch.Events[i].References;
                lines.Append(outcome.EventId).Append('\t').Append(outcome.Status).Append('\t')
                    .Append(references.MasterBill).Append('\t').Append(references.DeclarationNumber).Append('\n');
            }
        }
        lock (_gate)
        {
            _writer.Write(lines);
            _writer.Flush();
        }
        Interlocked.Add(ref _count, receipt.Events.Count(e => e.Status is EventStatus.Accepted or EventStatus.Duplicate));
        return receipt;
    }

    /// <summary>Every event the members' journals under <paramref name="dataDirectory"/> hold, over all runs.</summary>
    public static IReadOnlyList<AcknowledgedEvent> ReadAll(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "ingest");
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var events = new List<AcknowledgedEvent>();
        foreach (var file in Directory.EnumerateFiles(directory, "*" + FileSuffix).Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                var fields = line.Split('\t');
                // A line cut off by a crash mid-write has fewer fields: that batch was never acknowledged to the worker.
                if (fields.Length == 4)
                {
                    events.Add(new AcknowledgedEvent(fields[0], fields[1], NullIfEmpty(fields[2]), NullIfEmpty(fields[3])));
                }
            }
        }
        return events;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private static StreamWriter Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }
}
