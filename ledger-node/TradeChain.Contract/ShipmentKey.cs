using System.Text;
using TradeChain.Primitives.Encoding;

namespace TradeChain.Contract;

/// <summary>Which shipment reference a key is. One byte in keys and state: never renumber.</summary>
public enum ShipmentKeyKind : byte
{
    /// <summary>Master air waybill or master bill of lading.</summary>
    MasterBill = 1,

    /// <summary>House air waybill or house bill of lading.</summary>
    HouseBill = 2,

    /// <summary>ISO 6346 container number.</summary>
    Container = 3,

    /// <summary>Customs declaration number.</summary>
    Declaration = 4,
}

/// <summary>
/// A shipment as the contract keys it: by one of its references. An event updates the state of
/// every reference it carries, so a shipment can be looked up by any of them; joining references
/// into one shipment (a master with its houses and containers) is the analytics projection's job.
/// </summary>
public sealed record ShipmentKey(ShipmentKeyKind Kind, string Value) : IComparable<ShipmentKey>
{
    /// <summary>References are bounded by the event validator (128 characters); the key bound follows.</summary>
    public const int MaxValueChars = 128;

    /// <summary>kind u8 then the value's UTF-8 bytes: the key's byte order sorts by kind, then value.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(Value)];
        bytes[0] = (byte)Kind;
        Encoding.UTF8.GetBytes(Value, bytes.AsSpan(1));
        return bytes;
    }

    public static ShipmentKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2 || !Enum.IsDefined((ShipmentKeyKind)bytes[0]))
        {
            throw new CanonicalFormatException(0, "shipment key is a known kind byte and a non-empty value");
        }
        return new ShipmentKey((ShipmentKeyKind)bytes[0], Encoding.UTF8.GetString(bytes[1..]));
    }

    public int CompareTo(ShipmentKey? other) =>
        other is null ? 1 : ToBytes().AsSpan().SequenceCompareTo(other.ToBytes());

    public override string ToString() => $"{Kind}:{Value}";
}
