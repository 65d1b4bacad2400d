using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using TradeChain.Primitives.Merkle;
using TradeChain.Trade.Batches;
using TradeChain.Trade.Events;

namespace TradeChain.Ledger.Batches;

/// <summary>
/// An event batch as the ledger holds it: the signed header, the signer's key and signature, and
/// one leaf per event, each either whole or redacted. Reads both stored forms; writes the
/// redacted form. The transaction id commits to the batch through <see cref="Commitment"/>,
/// which covers the signed header (and so the events' Merkle root) but not the event bytes:
/// that is what lets a redaction delete an event's bytes without changing any id or root.
/// </summary>
public sealed class LedgerBatch
{
    /// <summary>Version of the redacted form (the whole form is the batch's own encoding).</summary>
    public const byte RedactedFormVersion = 1;

    /// <summary>Domain byte of the commitment input, so it can never equal another hashed structure.</summary>
    private const byte CommitmentDomain = 0xB1;

    private readonly byte[] _encodedHeader;
    private MerkleTree? _tree;

    private LedgerBatch(BatchHeader header, byte[] encodedHeader, PublicKey signerKey, Signature signature, IReadOnlyList<BatchLeaf> leaves)
    {
        Header = header;
        _encodedHeader = encodedHeader;
        SignerKey = signerKey;
        Signature = signature;
        Leaves = leaves;
    }

    public BatchHeader Header { get; }

    public PublicKey SignerKey { get; }

    public Signature Signature { get; }

    public IReadOnlyList<BatchLeaf> Leaves { get; }

    public bool HasRedactions => Leaves.Any(l => l.IsRedacted);

    public ICryptoSuite Suite => CryptoSuites.Get(Header.Suite);

    public static LedgerBatch FromBatch(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var leaves = new BatchLeaf[batch.Events.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = BatchLeaf.Whole(batch.EncodedEvent(i).ToArray(), batch.Events[i]);
        }
        return new LedgerBatch(batch.Header, batch.Header.Encode(), batch.SignerKey, batch.Signature, leaves);
    }

    /// <summary>Reads a transaction's batch data in either form; throws <see cref="CanonicalFormatException"/> for malformed data.</summary>
    public static LedgerBatch Read(DataForm form, ReadOnlySpan<byte> data) => form switch
    {
        DataForm.Whole => FromBatch(EventBatch.Decode(data)),
        DataForm.RedactedBatch => ReadRedacted(data),
        _ => throw new CanonicalFormatException(0, $"unknown data form {form}"),
    };

    /// <summary>
    /// H(domain ‖ header ‖ signer key ‖ signature): what the transaction id covers. The header
    /// carries the events' Merkle root, so the events are bound too, through their leaf hashes.
    /// </summary>
    public Digest Commitment(ICryptoSuite suite) => ComputeCommitment(suite, Header, SignerKey, Signature);

    /// <summary>The commitment from its parts, as an event proof carries them.</summary>
    public static Digest ComputeCommitment(ICryptoSuite suite, BatchHeader header, PublicKey signerKey, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(header);
        var encodedHeader = header.Encode();
        var writer = new CanonicalWriter(encodedHeader.Length + 200);
        writer.WriteByte(CommitmentDomain);
        writer.WriteBytes(encodedHeader);
        writer.WritePublicKey(signerKey);
        writer.WriteSignature(signature);
        return suite.Hash(writer.WrittenSpan);
    }

    /// <summary>The Merkle leaf hash of event <paramref name="index"/>, whole or redacted.</summary>
    public Digest LeafHash(int index)
    {
        var leaf = Leaves[index];
        return leaf.Redacted?.LeafHash ?? MerkleTree.LeafHash(Suite, leaf.EncodedEvent!.Value.Span);
    }

    /// <summary>The id of event <paramref name="index"/>, whole or redacted.</summary>
    public Digest EventId(int index)
    {
        var leaf = Leaves[index];
        return leaf.Redacted?.EventId ?? leaf.Event!.ComputeEventId(Suite);
    }

    /// <summary>
    /// Everything this batch claims about itself: the signature over the header, the event count,
    /// the Merkle root over the leaves (whole events re-hashed, redacted ones by their kept hash),
    /// and that every whole event belongs to the header's member and feed.
    /// </summary>
    public IReadOnlyList<string> Verify()
    {
        var problems = new List<string>();
        var suite = Suite;
        if (SignerKey.Algorithm != suite.SignatureAlgorithm || Signature.Algorithm != suite.SignatureAlgorithm)
        {
            problems.Add($"suite {AlgorithmNames.Of(suite.Id)} signs with {AlgorithmNames.Of(suite.SignatureAlgorithm)}, batch has key {AlgorithmNames.Of(SignerKey.Algorithm)} and signature {AlgorithmNames.Of(Signature.Algorithm)}");
        }
        else if (!suite.Verify(SignerKey, _encodedHeader, Signature))
        {
            problems.Add("batch signature does not verify under the signer key");
        }
        if (Leaves.Count != Header.EventCount)
        {
            problems.Add($"header says {Header.EventCount} events, batch holds {Leaves.Count}");
        }
        if (!Tree().Root.Equals(Header.EventsRoot))
        {
            problems.Add($"events Merkle root is {Tree().Root}, header says {Header.EventsRoot}");
        }
        for (var i = 0; i < Leaves.Count; i++)
        {
            if (Leaves[i].Event is { } e && (e.MemberId != Header.MemberId || e.Feed != Header.Feed))
            {
                problems.Add($"event {i} is from member '{e.MemberId}' feed {e.Feed}, header is member '{Header.MemberId}' feed {Header.Feed}");
            }
        }
        return problems;
    }

    /// <summary>The proof that event <paramref name="index"/> is in this signed batch; a redacted event's proof has no event bytes.</summary>
    public EventProof Prove(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Leaves.Count);
        return new EventProof(
            EncodedEvent: Leaves[index].EncodedEvent,
            LeafHash: LeafHash(index),
            Path: Tree().Prove(index),
            Header: Header,
            Signature: Signature,
            SignerKey: SignerKey);
    }

    /// <summary>This batch with event <paramref name="index"/> replaced by its id, leaf hash and <paramref name="retainedFact"/>.</summary>
    public LedgerBatch Redact(int index, ReadOnlyMemory<byte> retainedFact)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Leaves.Count);
        if (Leaves[index].IsRedacted)
        {
            throw new InvalidOperationException($"event {index} of the batch is already redacted");
        }
        if (retainedFact.Length > RedactedLeaf.MaxRetainedBytes)
        {
            throw new ArgumentException($"retained fact is {retainedFact.Length} bytes, over {RedactedLeaf.MaxRetainedBytes}", nameof(retainedFact));
        }
        var leaves = Leaves.ToArray();
        leaves[index] = BatchLeaf.Of(new RedactedLeaf(EventId(index), LeafHash(index), retainedFact.ToArray()));
        var redacted = new LedgerBatch(Header, _encodedHeader, SignerKey, Signature, leaves) { _tree = _tree };
        return redacted;
    }

    /// <summary>
    /// The redacted form, version 1: version u8; header bytes; signer key; signature; leaves as a
    /// list of byte strings, empty for a redacted event (a canonical event is never empty); then
    /// one (event id, leaf hash, retained fact bytes) per empty leaf, in leaf order.
    /// </summary>
    public byte[] EncodeRedactedForm()
    {
        var writer = new CanonicalWriter(_encodedHeader.Length + 256 + Leaves.Sum(l => (l.EncodedEvent?.Length ?? 0) + 4));
        writer.WriteByte(RedactedFormVersion);
        writer.WriteBytes(_encodedHeader);
        writer.WritePublicKey(SignerKey);
        writer.WriteSignature(Signature);
        writer.WriteList(Leaves.ToArray(), static (w, leaf) => w.WriteBytes(leaf.EncodedEvent is { } e ? e.Span : []));
        var redactions = Leaves.Where(l => l.IsRedacted).Select(l => l.Redacted!).ToArray();
        writer.WriteList(redactions, static (w, r) =>
        {
            w.WriteDigest(r.EventId);
            w.WriteDigest(r.LeafHash);
            w.WriteBytes(r.RetainedFact.Span);
        });
        return writer.ToArray();
    }

    private static LedgerBatch ReadRedacted(ReadOnlySpan<byte> data)
    {
        if (data.Length > LedgerLimits.MaxTransactionDataBytes)
        {
            throw new CanonicalFormatException(0, $"redacted batch is {data.Length} bytes, over {LedgerLimits.MaxTransactionDataBytes}");
        }
        var reader = new CanonicalReader(data);
        var version = reader.ReadByte();
        if (version != RedactedFormVersion)
        {
            throw new CanonicalFormatException(0, $"redacted batch form version {version} is not supported (this build reads {RedactedFormVersion})");
        }
        var encodedHeader = reader.ReadBytes().ToArray();
        var header = BatchHeader.Decode(encodedHeader);
        var signerKey = reader.ReadPublicKey();
        var signature = reader.ReadSignature();
        var encodedLeaves = reader.ReadList(static (ref CanonicalReader r) => r.ReadBytes().ToArray(), minItemBytes: 4);
        var redactionsStart = reader.Offset;
        var redactions = reader.ReadList(static (ref CanonicalReader r) => new RedactedLeaf(r.ReadDigest(), r.ReadDigest(), r.ReadBytes().ToArray()), minItemBytes: 70);
        reader.RequireEnd();
        if (encodedLeaves.Count != header.EventCount)
        {
            throw new CanonicalFormatException(reader.Offset, $"header says {header.EventCount} events, redacted batch holds {encodedLeaves.Count}");
        }
        var emptyCount = encodedLeaves.Count(l => l.Length == 0);
        if (emptyCount != redactions.Count || redactions.Count == 0)
        {
            throw new CanonicalFormatException(redactionsStart, $"{emptyCount} redacted leaves but {redactions.Count} redaction entries; a redacted batch has at least one and one per leaf");
        }
        var leaves = new BatchLeaf[encodedLeaves.Count];
        var next = 0;
        for (var i = 0; i < leaves.Length; i++)
        {
            if (encodedLeaves[i].Length == 0)
            {
                leaves[i] = BatchLeaf.Of(redactions[next++]);
                continue;
            }
            try
            {
                leaves[i] = BatchLeaf.Whole(encodedLeaves[i], TradeEventCodec.Decode(encodedLeaves[i]));
            }
            catch (CanonicalFormatException e)
            {
                throw new CanonicalFormatException(e.Offset, $"event {i}: {e.Reason}");
            }
        }
        return new LedgerBatch(header, encodedHeader, signerKey, signature, leaves);
    }

    private MerkleTree Tree() => _tree ??= new MerkleTree(Suite, Enumerable.Range(0, Leaves.Count).Select(LeafHash).ToArray());
}
