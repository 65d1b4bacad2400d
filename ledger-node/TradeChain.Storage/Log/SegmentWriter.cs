using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace TradeChain.Storage.Log;

/// <summary>A record the writer made durable, with the caller's state, handed to the durable callback in log order.</summary>
public sealed record DurableRecord(RecordLocation Location, byte[] Payload, object? State);

/// <summary>
/// Appends records to the active segment with group commit: concurrent appends queue up, one
/// writer loop writes every queued record and then issues a single fsync for the group, and only
/// then completes their tasks. A completed <see cref="AppendAsync"/> therefore means the record
/// is on disk. Rolls to a new segment when the next record would pass the segment size. After any
/// I/O error the writer is faulted for good: every pending and later append fails, and the node
/// restarts through recovery rather than guess what reached the disk.
/// </summary>
public sealed class SegmentWriter : IAsyncDisposable
{
    private readonly SegmentFiles _files;
    private readonly long _segmentSizeBytes;
    private readonly int _maxGroupRecords;
    private readonly Action<IReadOnlyList<DurableRecord>> _onDurable;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue;
    private readonly Task _loop;
    private FileStream _active;
    private uint _segment;
    private long _offset;
    private long _flushedOffsetInActive;
    private Exception? _fault;
    private long _syncCount;

    /// <param name="onDurable">
    /// Runs on the writer loop after each group is synced and before its appends complete, in log
    /// order: where indexes are brought up to date, so an acknowledged block is also findable.
    /// </param>
    public SegmentWriter(SegmentFiles files, LogPosition end, long segmentSizeBytes, int maxGroupRecords, int maxPendingAppends, Action<IReadOnlyList<DurableRecord>> onDurable, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSizeBytes, SegmentHeader.Size + RecordHeader.Size + 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroupRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingAppends, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(end.Offset, SegmentHeader.Size);
        _files = files;
        _segmentSizeBytes = segmentSizeBytes;
        _maxGroupRecords = maxGroupRecords;
        _onDurable = onDurable;
        _logger = logger;
        _segment = end.Segment;
        _offset = end.Offset;
        _flushedOffsetInActive = end.Offset;
        _active = files.OpenForWrite(end.Segment);
        if (_active.Length != end.Offset)
        {
            throw new InvalidOperationException($"segment {end.Segment} is {_active.Length} bytes, the writer was told it ends at {end.Offset}: recovery must truncate first");
        }
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(maxPendingAppends)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Where the next record goes (everything queued before it counted once written).</summary>
    public LogPosition Position => new(_segment, Volatile.Read(ref _offset));

    /// <summary>How far the active segment is known durable.</summary>
    public LogPosition FlushedPosition => new(_segment, Volatile.Read(ref _flushedOffsetInActive));

    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Group fsyncs issued so far: with concurrent appends, far fewer than records.</summary>
    internal long SyncCount => Interlocked.Read(ref _syncCount);

    /// <summary>Queues a record; the task completes once it is synced to disk and the durable callback ran, with its location.</summary>
    public async Task<RecordLocation> AppendAsync(RecordKind kind, byte[] payload, object? state, CancellationToken cancellationToken = default)
    {
        var completion = await EnqueueAsync(kind, payload, state, cancellationToken).ConfigureAwait(false);
        return await completion.ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a record, waiting only for queue space (back-pressure); returns the task that
    /// completes once the record is durable. Records are written in the order their enqueues finish.
    /// </summary>
    public async Task<Task<RecordLocation>> EnqueueAsync(RecordKind kind, byte[] payload, object? state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (Fault is { } fault)
        {
            throw new IOException("the segment writer failed earlier; reopen the store to recover", fault);
        }
        var pending = new PendingAppend(kind, payload, state);
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        finally
        {
            await _active.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var group = new List<PendingAppend>(_maxGroupRecords);
        var durable = new List<DurableRecord>(_maxGroupRecords);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < _maxGroupRecords && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
            }
            if (Fault is not null)
            {
                FailAll(group, Fault);
                continue;
            }
            try
            {
                durable.Clear();
                foreach (var append in group)
                {
                    durable.Add(new DurableRecord(Write(append), append.Payload, append.State));
                }
                // One fsync for the whole group: the point of group commit.
                _active.Flush(flushToDisk: true);
                Interlocked.Increment(ref _syncCount);
                Volatile.Write(ref _flushedOffsetInActive, _offset);
                _onDurable(durable);
            }
            catch (Exception e)
            {
                Volatile.Write(ref _fault, e);
                _logger.LogCritical(e, "ledger segment writer failed at segment {Segment} offset {Offset}; the store must be reopened", _segment, _offset);
                FailAll(group, e);
                continue;
            }
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Completion.TrySetResult(durable[i].Location);
            }
        }
    }

    private RecordLocation Write(PendingAppend append)
    {
        var record = RecordHeader.BuildRecord(append.Kind, append.Payload, paddingBytes: 0);
        // A record larger than a whole segment still gets a segment of its own.
        if (_offset + record.Length > _segmentSizeBytes && _offset > SegmentHeader.Size)
        {
            Roll();
        }
        var location = new RecordLocation(_segment, _offset, record.Length);
        RandomAccess.Write(_active.SafeFileHandle, record, _offset);
        Volatile.Write(ref _offset, _offset + record.Length);
        return location;
    }

    private void Roll()
    {
        // The full segment is synced before the next one exists, so recovery only ever finds a torn tail in the last segment.
        _active.Flush(flushToDisk: true);
        var next = _active;
        _active = _files.Create(_segment + 1);
        next.Dispose();
        _segment++;
        Volatile.Write(ref _offset, SegmentHeader.Size);
        Volatile.Write(ref _flushedOffsetInActive, SegmentHeader.Size);
        _logger.LogDebug("ledger log rolled to segment {Segment}", _segment);
    }

    private static void FailAll(List<PendingAppend> group, Exception e)
    {
        foreach (var append in group)
        {
            append.Completion.TrySetException(new IOException("ledger append failed; nothing after the last acknowledged record is durable", e));
        }
    }

    private sealed class PendingAppend(RecordKind kind, byte[] payload, object? state)
    {
        public RecordKind Kind { get; } = kind;

        public byte[] Payload { get; } = payload;

        public object? State { get; } = state;

        public TaskCompletionSource<RecordLocation> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
