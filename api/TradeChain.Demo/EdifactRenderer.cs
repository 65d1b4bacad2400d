using System.Globalization;
using System.Text;
using TradeChain.Trade.Events;

namespace TradeChain.Demo;

/// <summary>
/// Writes partners' events as they send them in UN/EDIFACT: a terminal's gate event as CODECO
/// (UNOW, D:95B, ITG14 guide), BGM 34 gate-in / 36 gate-out report, one EQD per container with
/// its gate time (DTM+7, local time), bill, place, truck plate and the trading parties; a customs
/// response as CUSRES; a carrier's cargo report, as customs forwards it, as CUSCAR.
/// </summary>
public static class EdifactRenderer
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public static bool CanRenderCodeco(TradeEvent e) =>
        e.Feed == Feed.PortGate && e.EventType is TradeEventType.GateIn or TradeEventType.GateOut && e.References.Containers.Count > 0 && e.Port is not null;

    public static byte[] Codeco(TradeEvent e, int serial)
    {
        var reference = "TC" + serial.ToString("D10", CultureInfo.InvariantCulture);
        var recorded = e.RecordedAt.ToOffset(China);
        var segments = new List<string>
        {
            $"UNH+1+CODECO:D:95B:UN:ITG14",
            $"BGM+{(e.EventType == TradeEventType.GateIn ? "34" : "36")}+{(e.EventType == TradeEventType.GateIn ? "GI" : "GO")}{recorded:yyyyMMdd}{serial:D6}+9",
            $"DTM+137:{recorded:yyyyMMddHHmm}:203",
            $"LOC+9+{e.Port}:139:6",
        };
        foreach (var party in e.Parties)
        {
            if (Qualifier(party.Role) is { } qualifier)
            {
                segments.Add($"NAD+{qualifier}+{party.Uscc}::ZZZ");
            }
        }
        var status = e.Direction == TradeDirection.Export ? "2" : "3";
        foreach (var container in e.References.Containers)
        {
            segments.Add($"EQD+CN+{container}+45G1:102:5++{status}+5");
            if (e.References.MasterBill is { } bill)
            {
                segments.Add($"RFF+BM:{Escape(bill)}");
            }
            segments.Add($"DTM+7:{e.OccurredAt.ToOffset(China):yyyyMMddHHmm}:203");
            segments.Add($"LOC+165+{e.Port}:139:6");
            if (e.References.VehicleRegistration is { } plate)
            {
                segments.Add($"TDT+1++3+31++++{Escape(plate)}");
            }
        }
        segments.Add($"CNT+16:{e.References.Containers.Count}");
        segments.Add($"UNT+{segments.Count + 1}+1");
        var text = new StringBuilder();
        text.Append("UNA:+.? '\n");
        text.Append(CultureInfo.InvariantCulture, $"UNB+UNOW:4+TJPCT:ZZZ+TRADECHAIN:ZZZ+{recorded:yyMMdd}:{recorded:HHmm}+{reference}'\n");
        foreach (var segment in segments)
        {
            text.Append(segment).Append("'\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"UNZ+1+{reference}'\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The customs processing indicators a CUSRES carries (GIS/7365, the consortium's default guide).</summary>
    private static string? GisCode(TradeEventType type) => type switch
    {
        TradeEventType.DeclarationAccepted => "ACC",
        TradeEventType.DeclarationRejected => "REJ",
        TradeEventType.InspectionOrdered => "INS",
        TradeEventType.Held => "HLD",
        TradeEventType.Released => "REL",
        _ => null,
    };

    public static bool CanRenderCusres(TradeEvent e) =>
        e.Feed == Feed.CustomsStatus && GisCode(e.EventType) is not null && e.References.DeclarationNumber is { Length: 18 } && e.Port is not null;

    /// <summary>A customs response (CUSRES, D:96B): one processing indicator for one declaration.</summary>
    public static byte[] Cusres(TradeEvent e, int serial)
    {
        var reference = "CR" + serial.ToString("D10", CultureInfo.InvariantCulture);
        var recorded = e.RecordedAt.ToOffset(China);
        var code = GisCode(e.EventType)!;
        var segments = new List<string>
        {
            "UNH+1+CUSRES:D:96B:UN",
            $"BGM+962+{code}-{e.References.DeclarationNumber}-{serial:D6}+9",
            $"DTM+137:{recorded:yyyyMMddHHmm}:203",
            $"DTM+7:{e.OccurredAt.ToOffset(China):yyyyMMddHHmmss}:204",
            $"TDT+20++{(e.Mode == TransportMode.Air ? "4" : "1")}",
            $"LOC+22+{e.Port}:139:6",
            $"GIS+{code}",
        };
        foreach (var container in e.References.Containers)
        {
            segments.Add($"EQD+CN+{container}");
        }
        foreach (var party in e.Parties)
        {
            if (Qualifier(party.Role) is { } qualifier)
            {
                segments.Add($"NAD+{qualifier}+{party.Uscc}::ZZZ");
            }
        }
        segments.Add($"RFF+ABT:{e.References.DeclarationNumber}");
        if (e.References.MasterBill is { } bill)
        {
            segments.Add($"RFF+{(e.Mode == TransportMode.Air ? "AWB" : "BM")}:{Escape(bill)}");
        }
        foreach (var house in e.References.HouseBills)
        {
            segments.Add($"RFF+BH:{Escape(house)}");
        }
        segments.Add($"UNT+{segments.Count + 1}+1");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"UNB+UNOC:3+CNCUSTOMS:ZZZ+TRADECHAIN:ZZZ+{recorded:yyMMdd}:{recorded:HHmm}+{reference}'\n");
        foreach (var segment in segments)
        {
            text.Append(segment).Append("'\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"UNZ+1+{reference}'\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    public static bool CanRenderCuscar(TradeEvent e) =>
        e.Feed == Feed.Manifest && e.EventType == TradeEventType.ManifestFiled && e.Mode == TransportMode.Sea && e.Direction == TradeDirection.Import
        && e.References.MasterBill is not null && e.References.VesselImo is not null && e.Port is not null;

    /// <summary>
    /// A sea cargo report (CUSCAR, D:95B) for one consignment: BGM 785 filed (function 9) at the
    /// event's time, the vessel and voyage (TDT+20, IMO number), loading abroad and discharge at
    /// the port (LOC+9/11), then the bill (CNI), its house bills, parties, packages, gross weight
    /// and containers.
    /// </summary>
    public static byte[] Cuscar(TradeEvent e, int serial)
    {
        var reference = "CC" + serial.ToString("D10", CultureInfo.InvariantCulture);
        var filed = e.OccurredAt.ToOffset(China);
        var refs = e.References;
        var segments = new List<string>
        {
            "UNH+1+CUSCAR:D:95B:UN",
            $"BGM+785+CUSCAR-{filed:yyyyMMdd}-{serial:D6}+9",
            $"DTM+137:{filed:yyyyMMddHHmm}:203",
            $"TDT+20+{Escape(refs.VoyageNumber ?? "")}+1++COSU:172:20+++{refs.VesselImo}:146:11:{Escape(refs.VesselName ?? "")}",
            "LOC+9+KRPUS:139:6",
            $"LOC+11+{e.Port}:139:6",
            $"CNI+1+{Escape(refs.MasterBill!)}",
        };
        foreach (var house in refs.HouseBills)
        {
            segments.Add($"RFF+BH:{Escape(house)}");
        }
        foreach (var party in e.Parties)
        {
            if (Qualifier(party.Role) is { } qualifier)
            {
                segments.Add($"NAD+{qualifier}+{party.Uscc}::ZZZ");
            }
        }
        if (e.Attributes.TryGetValue("packages", out var packages))
        {
            segments.Add(string.Create(CultureInfo.InvariantCulture, $"GID+1+{packages.AsInt64()}:PK"));
        }
        if (e.Attributes.TryGetValue("gross_weight_kg", out var weight))
        {
            segments.Add(string.Create(CultureInfo.InvariantCulture, $"MEA+AAE+G+KGM:{weight.AsDecimal()}"));
        }
        foreach (var container in refs.Containers)
        {
            segments.Add($"EQD+CN+{container}");
        }
        segments.Add("CNT+7:1");
        segments.Add($"UNT+{segments.Count + 1}+1");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"UNB+UNOC:3+CNTJCUSTOMS:ZZZ+TRADECHAIN:ZZZ+{filed:yyMMdd}:{filed:HHmm}+{reference}'\n");
        foreach (var segment in segments)
        {
            text.Append(segment).Append("'\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"UNZ+1+{reference}'\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static string? Qualifier(PartyRole role) => role switch
    {
        PartyRole.Shipper => "CZ",
        PartyRole.Consignee => "CN",
        PartyRole.NotifyParty => "NI",
        PartyRole.Declarant => "DT",
        PartyRole.Carrier => "CA",
        PartyRole.Forwarder => "FW",
        _ => null,
    };

    private static string Escape(string value) => value.Replace("?", "??", StringComparison.Ordinal).Replace("'", "?'", StringComparison.Ordinal)
        .Replace("+", "?+", StringComparison.Ordinal).Replace(":", "?:", StringComparison.Ordinal);
}
