using System.Buffers.Binary;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Consensus;

/// <summary>
/// What a validator must remember across a crash so that it never signs two conflicting
/// messages and never abandons a lock: the height and its validator schedule, the lock and the
/// valid value (with the prevotes that justify it), and the last proposal, prevote and precommit
/// it signed. The core emits it in <see cref="Ready.State"/> whenever any of these change; the
/// host writes it durably before sending the messages of that Ready. Immutable.
/// </summary>
public sealed record PersistedConsensusState
{
    /// <summary>"TCCS": consensus state is node-local (never on the ledger), so it has its own magic instead of a ledger <see cref="TypeTag"/>.</summary>
    public const uint Magic = 0x54434353;

    public const byte FormatVersion = 1;

    /// <summary>The height being decided.</summary>
    public required long Height { get; init; }

    /// <summary>The validator set of <see cref="Height"/> and the scheduled changes after it.</summary>
    public required ValidatorSchedule Validators { get; init; }

    /// <summary>Timestamp of the block at Height − 1 (the genesis time at the first height); a new block's must exceed it.</summary>
    public required long PreviousBlockTimestampMs { get; init; }

    /// <summary>Round of the last precommit for a value at this height, or -1.</summary>
    public int LockedRound { get; init; } = -1;

    /// <summary>The value id locked on; null when <see cref="LockedRound"/> is -1.</summary>
    public Digest? LockedValueId { get; init; }

    /// <summary>Latest round in which this node saw a quorum of prevotes for a value it holds, or -1.</summary>
    public int ValidRound { get; init; } = -1;

    /// <summary>That value: what this node re-proposes when it is the proposer.</summary>
    public ProposedValue? ValidValue { get; init; }

    /// <summary>The quorum of prevotes for <see cref="ValidValue"/> at <see cref="ValidRound"/>, sent along a re-proposal so peers can check it.</summary>
    public IReadOnlyList<Vote> ValidValuePrevotes { get; init; } = [];

    /// <summary>The last proposal this node signed (any height).</summary>
    public Proposal? LastProposal { get; init; }

    /// <summary>The last prevote this node signed (any height).</summary>
    public Vote? LastPrevote { get; init; }

    /// <summary>The last precommit this node signed (any height).</summary>
    public Vote? LastPrecommit { get; init; }

    /// <summary>The decision of Height − 1, kept to answer peers that are one height behind.</summary>
    public Decision? LastDecision { get; init; }

    /// <summary>The state of a fresh chain (or a node joining at <paramref name="height"/>).</summary>
    public static PersistedConsensusState Initial(long height, ValidatorSchedule validators, long previousBlockTimestampMs) => new()
    {
        Height = height,
        Validators = validators,
        PreviousBlockTimestampMs = previousBlockTimestampMs,
    };

    public byte[] Encode(string chainId)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        CheckInvariants();
        var writer = new CanonicalWriter(512 + (ValidValue?.SizeBytes ?? 0) + (LastProposal?.Value.SizeBytes ?? 0) + (LastDecision?.Value.SizeBytes ?? 0));
        writer.WriteUInt32(Magic);
        writer.WriteByte(FormatVersion);
        writer.WriteInt64(Height);
        Validators.WriteTo(writer);
        writer.WriteInt64(PreviousBlockTimestampMs);
        writer.WriteBool(LockedRound >= 0);
        if (LockedRound >= 0)
        {
            writer.WriteUInt32((uint)LockedRound);
            writer.WriteDigest(LockedValueId!);
        }
        writer.WriteBool(ValidRound >= 0);
        if (ValidRound >= 0)
        {
            writer.WriteUInt32((uint)ValidRound);
            ValidValue!.WriteTo(writer);
            writer.WriteList(ValidValuePrevotes, (w, v) => w.WriteBytes(v.Encode(chainId)));
        }
        WriteOptional(writer, LastProposal?.Encode(chainId));
        WriteOptional(writer, LastPrevote?.Encode(chainId));
        WriteOptional(writer, LastPrecommit?.Encode(chainId));
        writer.WriteBool(LastDecision is not null);
        if (LastDecision is not null)
        {
            LastDecision.Value.WriteTo(writer);
            LastDecision.Certificate.WriteTo(writer, chainId);
        }
        return writer.ToArray();
    }

    public static PersistedConsensusState Decode(ReadOnlySpan<byte> data, string chainId)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        if (data.Length < 5 || BinaryPrimitives.ReadUInt32BigEndian(data) != Magic)
        {
            throw new FormatException("not a consensus state file (magic 'TCCS' missing)");
        }
        var reader = new CanonicalReader(data);
        reader.ReadUInt32();
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new FormatException($"consensus state format version {version} is not supported (this build reads version {FormatVersion})");
        }
        var height = reader.ReadInt64();
        var validators = ValidatorSchedule.ReadFrom(ref reader);
        var previousTimestampMs = reader.ReadInt64();
        int lockedRound = -1;
        Digest? lockedValueId = null;
        if (reader.ReadBool())
        {
            lockedRound = Vote.ReadRound(ref reader);
            lockedValueId = reader.ReadDigest();
        }
        int validRound = -1;
        ProposedValue? validValue = null;
        List<Vote> validPrevotes = [];
        if (reader.ReadBool())
        {
            validRound = Vote.ReadRound(ref reader);
            validValue = ProposedValue.ReadFrom(ref reader);
            validPrevotes = reader.ReadList((ref CanonicalReader r) => Vote.Decode(r.ReadBytes(), chainId), minItemBytes: 4);
        }
        var lastProposal = reader.ReadBool() ? Proposal.Decode(reader.ReadBytes(), chainId) : null;
        var lastPrevote = reader.ReadBool() ? Vote.Decode(reader.ReadBytes(), chainId) : null;
        var lastPrecommit = reader.ReadBool() ? Vote.Decode(reader.ReadBytes(), chainId) : null;
        Decision? lastDecision = null;
        if (reader.ReadBool())
        {
            var value = ProposedValue.ReadFrom(ref reader);
            var certificate = CommitCertificate.ReadFrom(ref reader, chainId);
            lastDecision = new Decision(certificate.Height, value, certificate);
        }
        reader.RequireEnd();
        var state = new PersistedConsensusState
        {
            Height = height,
            Validators = validators,
            PreviousBlockTimestampMs = previousTimestampMs,
            LockedRound = lockedRound,
            LockedValueId = lockedValueId,
            ValidRound = validRound,
            ValidValue = validValue,
            ValidValuePrevotes = validPrevotes,
            LastProposal = lastProposal,
            LastPrevote = lastPrevote,
            LastPrecommit = lastPrecommit,
            LastDecision = lastDecision,
        };
        state.CheckInvariants();
        return state;
    }

    /// <summary>Relations that must hold in any state written or read; a violation means a bug or a corrupted file.</summary>
    public void CheckInvariants()
    {
        if (Height < 1)
        {
            throw new InvalidDataException($"consensus state height {Height} is below 1");
        }
        if (Validators.Height != Height)
        {
            throw new InvalidDataException($"validator schedule is for height {Validators.Height}, state for {Height}");
        }
        if ((LockedRound >= 0) != (LockedValueId is not null))
        {
            throw new InvalidDataException("a lock needs both a round and a value id");
        }
        if ((ValidRound >= 0) != (ValidValue is not null))
        {
            throw new InvalidDataException("a valid value needs both a round and a value");
        }
        if (LockedRound > ValidRound)
        {
            // Locking (line 36) always sets the valid value at the same round.
            throw new InvalidDataException($"locked round {LockedRound} is above valid round {ValidRound}");
        }
        foreach (var vote in ValidValuePrevotes)
        {
            if (vote.Type != VoteType.Prevote || vote.Height != Height || vote.Round != ValidRound || !Equals(vote.ValueId, ValidValue?.Id))
            {
                throw new InvalidDataException($"{vote} does not justify the valid value");
            }
        }
        if (LastPrevote is { Type: not VoteType.Prevote } || LastPrecommit is { Type: not VoteType.Precommit })
        {
            throw new InvalidDataException("last prevote and last precommit are swapped");
        }
        if (LastPrevote?.Height > Height || LastPrecommit?.Height > Height || LastProposal?.Height > Height)
        {
            throw new InvalidDataException("a signed message is for a height above the state's height");
        }
        if (LastDecision is not null && LastDecision.Height != Height - 1)
        {
            throw new InvalidDataException($"last decision is for height {LastDecision.Height}, expected {Height - 1}");
        }
    }

    private static void WriteOptional(CanonicalWriter writer, byte[]? bytes)
    {
        writer.WriteBool(bytes is not null);
        if (bytes is not null)
        {
            writer.WriteBytes(bytes);
        }
    }
}
