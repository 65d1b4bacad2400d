using System.Globalization;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Analytics.Generation;

/// <summary>
/// Synthetic trade identifiers with correct check digits, and cargo figures, drawn from one seeded
/// <see cref="Random"/>. <see cref="ShipmentGenerator"/> and the demo's planner share it; each draw
/// takes the same values from the random in the same order as it always has, because a seed's data
/// (the analytics oracle, the demo's plans) must not change.
/// </summary>
public sealed class SyntheticTrade(Random random)
{
    private static readonly string[] ContainerOwners = ["CSQU", "COSU", "OOLU", "TGHU", "MSKU"];
    private static readonly string[] AirlinePrefixes = ["999", "781", "784", "880"];

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    /// <summary>An ISO 6346 container number.</summary>
    public string Container()
    {
        var ownerAndSerial = Pick(ContainerOwners) + Digits(6);
        return ownerAndSerial + CheckDigits.ContainerCheckDigit(ownerAndSerial)!.Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An IATA master air waybill: airline prefix, serial, mod-7 check digit.</summary>
    public string AirWaybill()
    {
        var serial = Digits(7);
        return Pick(AirlinePrefixes) + serial + CheckDigits.AirWaybillCheckDigit(serial)!.Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A vessel IMO number (no leading zero).</summary>
    public string Imo()
    {
        var six = (1 + random.Next(9)).ToString(CultureInfo.InvariantCulture) + Digits(5);
        return six + CheckDigits.ImoCheckDigit(six)!.Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A unified social credit code starting with <paramref name="prefix"/> (four characters: registry, kind, area start).</summary>
    public string Uscc(string prefix)
    {
        var body = prefix + string.Concat(Enumerable.Range(0, 13).Select(_ => CheckDigits.UsccAlphabet[random.Next(CheckDigits.UsccAlphabet.Length)]));
        return body + CheckDigits.UsccCheckCharacter(body)!.Value;
    }

    /// <summary>A Tianjin truck plate.</summary>
    public string Plate() => $"津A{Digits(5)}";

    /// <summary>Packages and gross weight, as manifests and terminal receipts carry them.</summary>
    public EventAttributes Cargo() => new(new Dictionary<string, EventAttribute>
    {
        ["packages"] = EventAttribute.Of((long)random.Next(1, 2_000)),
        ["gross_weight_kg"] = EventAttribute.Of(Math.Round((decimal)(random.NextDouble() * 25_000), 1)),
    });
}
