using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Ledger;

/// <summary>
/// A member organisation as the configuration data of CBD-Forum-001-2017 names a peer: id, name,
/// address and public key, plus its roles. One ledger key per member: it signs the member's
/// event batches, its governance approvals and (when the member is a validator) its votes, and
/// it vouches for the member node's TLS transport key.
/// </summary>
/// <param name="Address">The member node's peer endpoint, e.g. "https://10.1.2.3:7100".</param>
/// <param name="Roles">What the member is, e.g. "customs", "port", "regulator" (sorted, unique).</param>
public sealed record MemberInfo(string MemberId, string Name, IReadOnlyList<string> Roles, PublicKey PublicKey, string Address)
{
    /// <summary>Roles a member may hold; the API scopes access by them.</summary>
    public static readonly IReadOnlyList<string> KnownRoles = ["airport", "carrier", "commerce-bureau", "customs", "enterprise", "port", "regulator", "tax"];

    public string? Check(SignatureAlgorithm signatureAlgorithm)
    {
        if (!LedgerText.IsId(MemberId))
        {
            return $"member id '{MemberId}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
        }
        if (Name.Length is 0 or > LedgerLimits.MaxMemoChars)
        {
            return $"member '{MemberId}' name must be 1..{LedgerLimits.MaxMemoChars} characters";
        }
        if (Roles.Count == 0 || Roles.Count > KnownRoles.Count)
        {
            return $"member '{MemberId}' needs 1..{KnownRoles.Count} roles";
        }
        for (var i = 0; i < Roles.Count; i++)
        {
            if (!KnownRoles.Contains(Roles[i]))
            {
                return $"member '{MemberId}' role '{Roles[i]}' is not one of {string.Join(", ", KnownRoles)}";
            }
            if (i > 0 && string.CompareOrdinal(Roles[i - 1], Roles[i]) >= 0)
            {
                return $"member '{MemberId}' roles must be sorted and unique";
            }
        }
        if (Address.Length is 0 or > LedgerLimits.MaxAddressChars)
        {
            return $"member '{MemberId}' address must be 1..{LedgerLimits.MaxAddressChars} characters";
        }
        if (PublicKey.Algorithm != signatureAlgorithm)
        {
            return $"member '{MemberId}' key is {AlgorithmNames.Of(PublicKey.Algorithm)}, the suite signs with {AlgorithmNames.Of(signatureAlgorithm)}";
        }
        return null;
    }

    internal void Write(CanonicalWriter writer)
    {
        writer.WriteString(MemberId);
        writer.WriteString(Name);
        writer.WriteStringList(Roles);
        writer.WritePublicKey(PublicKey);
        writer.WriteString(Address);
    }

    internal static MemberInfo Read(ref CanonicalReader reader) =>
        new(reader.ReadString(), reader.ReadString(), reader.ReadStringList(), reader.ReadPublicKey(), reader.ReadString());
}

/// <summary>A validator's seat: which member votes, with how much power. It votes with its member key.</summary>
public sealed record ValidatorSeat(string MemberId, long Power);

/// <summary>
/// Consensus settings every node takes from the chain (the genesis, then governance), so a
/// parameter change reaches every node at the same height.
/// </summary>
/// <param name="ProposeTimeoutMs">Round-0 wait for the proposer's block (see <see cref="ConsensusConfig.ProposeTimeoutMs"/>).</param>
/// <param name="VoteTimeoutMs">Round-0 wait for the rest of the prevotes or precommits after a quorum of any.</param>
/// <param name="TimeoutIncrementMs">Added to every timeout per round: what makes rounds eventually long enough.</param>
/// <param name="ValidatorChangeDelayHeights">A validator change decided at h governs from h + this (at least 1).</param>
/// <param name="MaxBlockTransactions">Most transactions a proposer puts in one block.</param>
public sealed record ConsensusParameters(
    long ProposeTimeoutMs,
    long VoteTimeoutMs,
    long TimeoutIncrementMs,
    int ValidatorChangeDelayHeights,
    int MaxBlockTransactions)
{
    /// <summary>Tuned for a consortium on one continent: a block of 16 × 1,000-event batches crosses in well under a second.</summary>
    public static ConsensusParameters Default { get; } = new(3000, 1000, 500, 2, 64);

    /// <summary>The names <see cref="Governance.ChangeParameter"/> may set, each with its field.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["consensus.propose_timeout_ms", "consensus.vote_timeout_ms", "consensus.timeout_increment_ms", "block.max_transactions"];

    public string? Check()
    {
        if (ProposeTimeoutMs is < 10 or > 600_000 || VoteTimeoutMs is < 10 or > 600_000)
        {
            return "propose and vote timeouts must be 10..600000 ms";
        }
        if (TimeoutIncrementMs is < 1 or > 600_000)
        {
            return "the timeout increment must be 1..600000 ms: timeouts that never grow cannot outlast an unknown network delay";
        }
        if (ValidatorChangeDelayHeights is < 1 or > 1000)
        {
            return "validator change delay must be 1..1000 heights: the block that decides a change cannot also change who decides it";
        }
        if (MaxBlockTransactions < 1 || MaxBlockTransactions > LedgerLimits.MaxTransactionsPerBlock)
        {
            return $"block.max_transactions must be 1..{LedgerLimits.MaxTransactionsPerBlock}";
        }
        return null;
    }

    /// <summary>These parameters with one named parameter set from its text form; throws <see cref="FormatException"/> for an unknown name or a bad value.</summary>
    public ConsensusParameters With(string name, string value)
    {
        if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"parameter '{name}' takes a non-negative integer, got '{value}'");
        }
        var changed = name switch
        {
            "consensus.propose_timeout_ms" => this with { ProposeTimeoutMs = number },
            "consensus.vote_timeout_ms" => this with { VoteTimeoutMs = number },
            "consensus.timeout_increment_ms" => this with { TimeoutIncrementMs = number },
            "block.max_transactions" => this with { MaxBlockTransactions = (int)Math.Min(number, int.MaxValue) },
            _ => throw new FormatException($"unknown parameter '{name}': one of {string.Join(", ", Names)}"),
        };
        return changed.Check() is { } problem ? throw new FormatException(problem) : changed;
    }

    internal void Write(CanonicalWriter writer)
    {
        writer.WriteInt64(ProposeTimeoutMs);
        writer.WriteInt64(VoteTimeoutMs);
        writer.WriteInt64(TimeoutIncrementMs);
        writer.WriteUInt32((uint)ValidatorChangeDelayHeights);
        writer.WriteUInt32((uint)MaxBlockTransactions);
    }

    internal static ConsensusParameters Read(ref CanonicalReader reader) =>
        new(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), (int)Math.Min(reader.ReadUInt32(), int.MaxValue), (int)Math.Min(reader.ReadUInt32(), int.MaxValue));
}

/// <summary>
/// How many members must approve a governance transaction: more than
/// <see cref="Numerator"/>/<see cref="Denominator"/> of the members (1/2: a majority; 2/3: a
/// supermajority; 0/1: any one member, for single-organisation test networks).
/// </summary>
public sealed record GovernanceRule(int Numerator, int Denominator)
{
    public static GovernanceRule Majority { get; } = new(1, 2);

    /// <summary>Approvals needed among <paramref name="members"/> members: the smallest count above the fraction.</summary>
    public int RequiredApprovals(int members) => (int)((long)members * Numerator / Denominator) + 1;

    public string? Check() =>
        Denominator is < 1 or > 1000 || Numerator < 0 || Numerator >= Denominator
            ? $"governance rule {Numerator}/{Denominator} must be a fraction 0 <= n < d <= 1000 (approvals must exceed it)"
            : null;

    public override string ToString() => $"more than {Numerator}/{Denominator} of the members";
}

/// <summary>
/// The data of a <see cref="TransactionType.Configuration"/> transaction, which only the genesis
/// block holds: chain id, crypto suite, protocol and software versions, genesis time, members,
/// validators, consensus parameters and the governance rule. Its canonical encoding (tagged
/// <see cref="TypeTag.Genesis"/>) hashed under the suite is the genesis hash every node checks
/// at start-up. After genesis it changes only through governance (<see cref="Governance.ChainMembership"/>).
/// </summary>
public sealed record NetworkConfiguration(
    string ChainId,
    SuiteId Suite,
    ushort ProtocolVersion,
    string SoftwareVersion,
    long GenesisTimeMs,
    IReadOnlyList<MemberInfo> Members,
    IReadOnlyList<ValidatorSeat> Validators,
    ConsensusParameters Consensus,
    GovernanceRule Governance)
{
    public const byte FormatVersion = 2;

    /// <summary>The member that signs genesis-block fields that name one (transaction sender, block proposer).</summary>
    public const string GenesisSender = "genesis";

    public MemberInfo? Member(string memberId)
    {
        foreach (var member in Members)
        {
            if (member.MemberId == memberId)
            {
                return member;
            }
        }
        return null;
    }

    /// <summary>The consensus validator set these seats make, each voting with its member's key.</summary>
    public ValidatorSet ValidatorSet => new(Validators.Select(v => new Validator(v.MemberId, Member(v.MemberId)!.PublicKey, v.Power)));

    /// <summary>Null when the configuration is usable, else the first problem in plain language.</summary>
    public string? Check()
    {
        if (!LedgerText.IsId(ChainId) || System.Text.Encoding.UTF8.GetByteCount(ChainId) > ConsensusConfig.MaxChainIdBytes)
        {
            return $"chain id '{ChainId}' is not an id of 1..{LedgerLimits.MaxIdChars} characters";
        }
        if (!Enum.IsDefined(Suite))
        {
            return $"unknown crypto suite {(byte)Suite}";
        }
        if (SoftwareVersion.Length is 0 or > LedgerLimits.MaxIdChars)
        {
            return $"software version must be 1..{LedgerLimits.MaxIdChars} characters";
        }
        if (GenesisTimeMs < 0)
        {
            return $"genesis time {GenesisTimeMs} ms is before 1970";
        }
        if (Members.Count == 0 || Members.Count > LedgerLimits.MaxMembers)
        {
            return $"a network has 1..{LedgerLimits.MaxMembers} members, got {Members.Count}";
        }
        var signatureAlgorithm = CryptoSuites.Get(Suite).SignatureAlgorithm;
        for (var i = 0; i < Members.Count; i++)
        {
            if (Members[i].Check(signatureAlgorithm) is { } problem)
            {
                return problem;
            }
            if (i > 0 && string.CompareOrdinal(Members[i - 1].MemberId, Members[i].MemberId) >= 0)
            {
                return "members must be in ordinal member-id order, each once";
            }
        }
        if (Members.Select(m => m.PublicKey).Distinct().Count() != Members.Count)
        {
            return "two members share a public key: each organisation signs with its own";
        }
        if (Validators.Count == 0 || Validators.Count > LedgerLimits.MaxValidators)
        {
            return $"a network has 1..{LedgerLimits.MaxValidators} validators, got {Validators.Count}";
        }
        for (var i = 0; i < Validators.Count; i++)
        {
            var seat = Validators[i];
            if (Member(seat.MemberId) is null)
            {
                return $"validator '{seat.MemberId}' is not a member";
            }
            if (seat.Power is < 1 or > ValidatorSet.MaxTotalPower / LedgerLimits.MaxValidators)
            {
                return $"validator '{seat.MemberId}' power must be 1..{ValidatorSet.MaxTotalPower / LedgerLimits.MaxValidators}";
            }
            if (i > 0 && string.CompareOrdinal(Validators[i - 1].MemberId, seat.MemberId) >= 0)
            {
                return "validators must be in ordinal member-id order, each once";
            }
        }
        return Consensus.Check() ?? Governance.Check();
    }

    /// <summary>
    /// Version 2: header(Genesis, 2); chain id; suite u8; protocol version u16; software version;
    /// genesis time i64; members (id, name, roles, key, address); validators (id, power i64);
    /// consensus parameters; governance rule (numerator u32, denominator u32).
    /// </summary>
    public byte[] Encode()
    {
        if (Check() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        var writer = new CanonicalWriter(512 + Members.Count * 256);
        writer.WriteHeader(TypeTag.Genesis, FormatVersion);
        writer.WriteString(ChainId);
        writer.WriteByte((byte)Suite);
        writer.WriteUInt16(ProtocolVersion);
        writer.WriteString(SoftwareVersion);
        writer.WriteInt64(GenesisTimeMs);
        writer.WriteList(Members, static (w, m) => m.Write(w));
        writer.WriteList(Validators, static (w, v) =>
        {
            w.WriteString(v.MemberId);
            w.WriteInt64(v.Power);
        });
        Consensus.Write(writer);
        writer.WriteUInt32((uint)Governance.Numerator);
        writer.WriteUInt32((uint)Governance.Denominator);
        return writer.ToArray();
    }

    /// <summary>The genesis hash: the suite's hash of the canonical encoding. Nodes refuse to start on any other.</summary>
    public Digest Hash() => CryptoSuites.Get(Suite).Hash(Encode());

    public static NetworkConfiguration Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new CanonicalReader(encoded);
        reader.ReadHeader(TypeTag.Genesis, FormatVersion);
        var configuration = new NetworkConfiguration(
            ChainId: reader.ReadString(),
            Suite: reader.ReadEnum<SuiteId>("crypto suite"),
            ProtocolVersion: reader.ReadUInt16(),
            SoftwareVersion: reader.ReadString(),
            GenesisTimeMs: reader.ReadInt64(),
            Members: reader.ReadList(static (ref CanonicalReader r) => MemberInfo.Read(ref r), minItemBytes: 20),
            Validators: reader.ReadList(static (ref CanonicalReader r) => new ValidatorSeat(r.ReadString(), r.ReadInt64()), minItemBytes: 12),
            Consensus: ConsensusParameters.Read(ref reader),
            Governance: new GovernanceRule((int)Math.Min(reader.ReadUInt32(), int.MaxValue), (int)Math.Min(reader.ReadUInt32(), int.MaxValue)));
        reader.RequireEnd();
        if (configuration.Check() is { } problem)
        {
            throw new CanonicalFormatException(0, problem);
        }
        return configuration;
    }

    /// <summary>
    /// The genesis block this configuration founds: height 0, the genesis time, the empty state
    /// root, one configuration transaction. Deterministic, so every node builds the same block.
    /// </summary>
    public Block GenesisBlock(Digest emptyStateRoot)
    {
        ArgumentNullException.ThrowIfNull(emptyStateRoot);
        var suite = CryptoSuites.Get(Suite);
        var transaction = new Transaction(TransactionType.Configuration, [GenesisSender], GenesisTimeMs, GenesisSender, "ledger", Encode(), "genesis");
        var header = new BlockHeader(
            BlockHeader.CurrentProtocolVersion,
            Suite,
            ChainId,
            0,
            null,
            Block.ComputeTransactionsRoot(suite, [transaction]),
            emptyStateRoot,
            GenesisTimeMs,
            GenesisSender);
        return new Block(header, [transaction], null);
    }
}
