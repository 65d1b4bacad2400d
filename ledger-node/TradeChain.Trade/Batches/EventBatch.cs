using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using TradeChain.Primitives.Merkle;
using TradeChain.Trade.Events;

namespace TradeChain.Trade.Batches;

/// <summary>
/// A member's signed batch of events from one feed: the unit that ingest submits and the ledger
/// orders. The leaves of its Merkle tree are the events' canonical encodings, in batch order.
/// </summary>
public sealed class EventBatch
{
    public const byte FormatVersion = 1;

    /// <summary>Bounds one batch's verification work and block size; ingest cuts batches well below it.</summary>
    public const int MaxEvents = 10_000;

    /// <summary>A batch must fit one consensus proposal with room for others (4 MiB, see consensus limits).</summary>
    public const int MaxEncodedBytes = 4 * 1024 * 1024;

    private readonly byte[][] _encodedEvents;
    private MerkleTree? _tree;

    private EventBatch(BatchHeader header, PublicKey signerKey, Signature signature, IReadOnlyList<TradeEvent> events, byte[][] encodedEvents)
    {
        Header = header;
        SignerKey = signerKey;
        Signature = signature;
        Events = events;
        _encodedEvents = encodedEvents;
    }

    public BatchHeader Header { get; }

    public PublicKey SignerKey { get; }

    public Signature Signature { get; }

    public IReadOnlyList<TradeEvent> Events { get; }

    /// <summary>The canonical bytes of event <paramref name="index"/>: its Merkle leaf data.</summary>
    public ReadOnlySpan<byte> EncodedEvent(int index) => _encodedEvents[index];

    /// <summary>
    /// Builds and signs a batch. Every event must belong to <paramref name="memberId"/> and
    /// <paramref name="feed"/>, and no event id may appear twice.
    /// </summary>
    public static EventBatch Sign(
        ICryptoSuite suite,
        ISigningKey key,
        string memberId,
        Feed feed,
        ulong sequence,
        long createdAtMs,
        IReadOnlyList<TradeEvent> events)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(events);
        if (key.Algorithm != suite.SignatureAlgorithm)
        {
            throw new ArgumentException($"key is {AlgorithmNames.Of(key.Algorithm)}, suite {AlgorithmNames.Of(suite.Id)} signs with {AlgorithmNames.Of(suite.SignatureAlgorithm)}", nameof(key));
        }
        var seen = new HashSet<Digest>();
        foreach (var tradeEvent in events)
        {
            if (tradeEvent.MemberId != memberId || tradeEvent.Feed != feed)
            {
                throw new ArgumentException($"event {tradeEvent.SourceReference} is from member '{tradeEvent.MemberId}' feed {tradeEvent.Feed}; the batch is member '{memberId}' feed {feed}", nameof(events));
            }
            if (!seen.Add(TradeEvent.ComputeEventId(suite, tradeEvent.MemberId, tradeEvent.SourceSystem, tradeEvent.SourceReference)))
            {
                throw new ArgumentException($"event {tradeEvent.SourceSystem}/{tradeEvent.SourceReference} appears twice in the batch", nameof(events));
            }
        }
        var encoded = events.Select(TradeEventCodec.Encode).ToArray();
        var tree = MerkleTree.FromLeafData(suite, encoded.Select(e => (ReadOnlyMemory<byte>)e));
        var header = new BatchHeader(memberId, feed, sequence, createdAtMs, suite.Id, events.Count, tree.Root);
        header.Validate();
        var signature = key.Sign(header.Encode());
        return new EventBatch(header, key.PublicKey, signature, events.ToArray(), encoded) { _tree = tree };
    }

    /// <summary>
    /// Checks everything the batch claims about itself: algorithms match the suite, the signature
    /// is the signer key's over the header, the root and count match the events, and every event
    /// belongs to the header's member and feed. Whether the signer key is the member's key is
    /// the ledger's membership question, not the batch's.
    /// </summary>
    public IReadOnlyList<string> Verify()
    {
        var problems = new List<string>();
        var suite = CryptoSuites.Get(Header.Suite);
        if (SignerKey.Algorithm != suite.SignatureAlgorithm || Signature.Algorithm != suite.SignatureAlgorithm)
        {
            problems.Add($"suite {AlgorithmNames.Of(suite.Id)} signs with {AlgorithmNames.Of(suite.SignatureAlgorithm)}, batch has key {AlgorithmNames.Of(SignerKey.Algorithm)} and signature {AlgorithmNames.Of(Signature.Algorithm)}");
        }
        else if (!suite.Verify(SignerKey, Header.Encode(), Signature))
        {
            problems.Add("batch signature does not verify under the signer key");
        }
        if (Events.Count != Header.EventCount)
        {
            problems.Add($"header says {Header.EventCount} events, batch holds {Events.Count}");
        }
        if (!Tree(suite).Root.Equals(Header.EventsRoot))
        {
            problems.Add($"events Merkle root is {Tree(suite).Root}, header says {Header.EventsRoot}");
        }
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i].MemberId != Header.MemberId || Events[i].Feed != Header.Feed)
            {
                problems.Add($"event {i} is from member '{Events[i].MemberId}' feed {Events[i].Feed}, header is member '{Header.MemberId}' feed {Header.Feed}");
            }
        }
        return problems;
    }

    /// <summary>The proof that event <paramref name="index"/> is in this signed batch.</summary>
    public EventProof ProveEvent(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Events.Count);
        var suite = CryptoSuites.Get(Header.Suite);
        return new EventProof(
            EncodedEvent: _encodedEvents[index],
            LeafHash: MerkleTree.LeafHash(suite, _encodedEvents[index]),
            Path: Tree(suite).Prove(index),
            Header: Header,
            Signature: Signature,
            SignerKey: SignerKey);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64 + _encodedEvents.Sum(e => e.Length + 4));
        writer.WriteHeader(TypeTag.EventBatch, FormatVersion);
        writer.WriteFixed(Header.Encode());
        writer.WritePublicKey(SignerKey);
        writer.WriteSignature(Signature);
        writer.WriteList(_encodedEvents, static (w, e) => w.WriteBytes(e));
        if (writer.WrittenBytes > MaxEncodedBytes)
        {
            throw new InvalidOperationException($"batch encodes to {writer.WrittenBytes} bytes, over the {MaxEncodedBytes}-byte limit");
        }
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes a batch strictly. Decoding checks form, not truth: call <see cref="Verify"/> for
    /// the signature and root.
    /// </summary>
    public static EventBatch Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length > MaxEncodedBytes)
        {
            throw new CanonicalFormatException(0, $"batch is {encoded.Length} bytes, over the {MaxEncodedBytes}-byte limit");
        }
        var reader = new CanonicalReader(encoded);
        reader.ReadHeader(TypeTag.EventBatch, FormatVersion);
        var header = BatchHeader.Read(ref reader);
        var signerKey = reader.ReadPublicKey();
        var signature = reader.ReadSignature();
        var encodedEvents = reader.ReadList(static (ref CanonicalReader r) => r.ReadBytes().ToArray(), minItemBytes: 4).ToArray();
        reader.RequireEnd();
        if (encodedEvents.Length != header.EventCount)
        {
            throw new CanonicalFormatException(reader.Offset, $"header says {header.EventCount} events, batch holds {encodedEvents.Length}");
        }
        var events = new TradeEvent[encodedEvents.Length];
        for (var i = 0; i < events.Length; i++)
        {
            try
            {
                events[i] = TradeEventCodec.Decode(encodedEvents[i]);
            }
            catch (CanonicalFormatException e)
            {
                throw new CanonicalFormatException(e.Offset, $"event {i}: {e.Reason}");
            }
        }
        return new EventBatch(header, signerKey, signature, events, encodedEvents);
    }

    private MerkleTree Tree(ICryptoSuite suite) =>
        _tree ??= MerkleTree.FromLeafData(suite, _encodedEvents.Select(e => (ReadOnlyMemory<byte>)e));
}
