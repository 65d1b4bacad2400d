using System.Buffers.Binary;
using System.Security.Cryptography;
using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Simulation;

/// <summary>
/// The simulator's blocks: who proposed, for which height and round, a nonce, a validity flag
/// (Byzantine proposers clear it to make invalid blocks) and governance updates. The id is
/// SHA-256 over timestamp ‖ bytes, so it binds both, as a real block id binds its header.
/// </summary>
public sealed record SimBlock(bool Valid, string Proposer, long Height, int Round, ulong Nonce, IReadOnlyList<SimUpdate> Updates)
{
    public const byte FormatVersion = 1;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64);
        writer.WriteByte(FormatVersion);
        writer.WriteBool(Valid);
        writer.WriteString(Proposer);
        writer.WriteInt64(Height);
        writer.WriteUInt32((uint)Round);
        writer.WriteUInt64(Nonce);
        writer.WriteList(Updates, static (w, u) =>
        {
            w.WriteString(u.Member);
            w.WriteUInt32((uint)u.Generation);
            w.WriteInt64(u.Power);
        });
        return writer.ToArray();
    }

    public static SimBlock? TryDecode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new CanonicalReader(bytes);
            if (reader.ReadByte() != FormatVersion)
            {
                return null;
            }
            var valid = reader.ReadBool();
            var proposer = reader.ReadString();
            var height = reader.ReadInt64();
            var round = (int)reader.ReadUInt32();
            var nonce = reader.ReadUInt64();
            var updates = reader.ReadList(static (ref CanonicalReader r) =>
                new SimUpdate(r.ReadString(), (int)r.ReadUInt32(), r.ReadInt64()), minItemBytes: 16);
            reader.RequireEnd();
            return new SimBlock(valid, proposer, height, round, nonce, updates);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public ProposedValue ToValue(long timestampMs)
    {
        var bytes = Encode();
        return new ProposedValue(IdOf(timestampMs, bytes), timestampMs, bytes);
    }

    public static Digest IdOf(long timestampMs, ReadOnlySpan<byte> bytes)
    {
        Span<byte> stamp = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(stamp, timestampMs);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(stamp);
        hash.AppendData(bytes);
        return new Digest(TradeChain.Crypto.HashAlgorithm.Sha256, hash.GetHashAndReset());
    }
}

/// <summary>
/// A governance update in a simulated block. Power 0 removes the member; otherwise the member
/// gets its key of <paramref name="Generation"/> (a rotation when it is already a validator).
/// </summary>
public sealed record SimUpdate(string Member, int Generation, long Power);
