using System.Collections.Frozen;
using System.Globalization;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Text;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>
/// CODECO, the container gate-in/gate-out report: one gate event per equipment group (EQD). The
/// report kind is BGM document name code 34 (gate-in report) or 36 (gate-out report), as the
/// UN/EDIFACT and SMDG CODECO guides define them. Per container: number and size type (EQD),
/// import/export (EQD 8249: 2 export, 3 import), full or empty (8169), the gate time (DTM+7), bill
/// and booking (RFF+BM/BN), the terminal (LOC), gross weight (MEA), seals (SEL) and the truck's
/// plate (TDT with road mode 3, C222/8213).
/// </summary>
public sealed class CodecoMapper : IEdifactMessageMapper
{
    public static FrozenDictionary<string, TradeEventType> StandardCodes { get; } = new Dictionary<string, TradeEventType>
    {
        ["CODECO:34"] = TradeEventType.GateIn,
        ["CODECO:36"] = TradeEventType.GateOut,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public string MessageType => "CODECO";

    public void Map(EdifactMessage message, EdifactInterchange interchange, ParseContext context, ResultBuilder result)
    {
        var partner = context.Partner;
        var messageErrors = new ItemErrors(context.Limits.MaxErrorsPerItem);
        var (bgm, suffix, eventType) = EdifactMapping.ReadDocument(message, interchange, partner, MessageType, StandardCodes, messageErrors);
        var (header, groups) = EdifactMapping.Groups(message.Segments.Skip(1).ToArray(), "EQD", "CNT");
        if (groups.Count == 0)
        {
            messageErrors.Add(ParseCodes.FieldMissing, message.Header.Where, "at least one equipment group (EQD) in the gate report", "none");
        }
        var recordedAt = EdifactMapping.FindDtm(header, partner, messageErrors, "137") ?? interchange.PreparedAt;
        if (messageErrors.Any || bgm is null || suffix is null || eventType is null)
        {
            result.Reject(message.Name, messageErrors.Errors);
            return;
        }

        for (var i = 0; i < groups.Count; i++)
        {
            if (!result.CountItem())
            {
                return;
            }
            var group = groups[i];
            var eqd = group[0];
            var errors = new ItemErrors(context.Limits.MaxErrorsPerItem);
            var draft = new EventDraft { EventType = eventType, RecordedAt = recordedAt };
            ReadHeader(header, draft, partner, errors);

            if (eqd.Value(1) != "CN")
            {
                errors.Add(ParseCodes.FieldInvalid, eqd.Position(1), "equipment qualifier CN (container)", ParseError.Quote(eqd.Value(1)));
            }
            var container = Identifiers.Container(eqd.Value(2, 1));
            if (container.Length == 0)
            {
                errors.Add(ParseCodes.FieldMissing, eqd.Position(2, 1), "the container number (8260)", "nothing");
            }
            draft.AddContainer(container);
            draft.Attribute("iso_size_type", eqd.Optional(3, 1));
            draft.Direction = eqd.Value(5) switch
            {
                "2" => TradeDirection.Export,
                "3" => TradeDirection.Import,
                _ => draft.Direction,
            };
            draft.Attribute("full_empty", eqd.Value(6) switch
            {
                "4" => "empty",
                "5" => "full",
                _ => null,
            });
            var seals = new List<string>();
            foreach (var segment in group.Skip(1))
            {
                switch (segment.Tag)
                {
                    case "RFF":
                        EdifactMapping.ReadReference(segment, draft, TransportMode.Sea);
                        break;
                    case "DTM" when segment.Value(1, 1) == "7":
                        draft.OccurredAt = EdifactMapping.ReadDtm(segment, partner, errors);
                        break;
                    case "LOC":
                        draft.Port = EdifactMapping.ReadLocode(segment, partner, errors) ?? draft.Port;
                        draft.Location = EdifactMapping.ReadFacility(segment) ?? draft.Location;
                        break;
                    case "MEA":
                        EdifactMapping.ReadMeasure(segment, draft, interchange.Syntax, errors);
                        break;
                    case "SEL" when segment.Value(1).Length > 0:
                        seals.Add(segment.Value(1));
                        break;
                    case "TDT" when segment.Value(3, 1) == "3":
                        var plate = segment.Value(8, 1);
                        draft.VehicleRegistration = plate.Length > 0 ? VehiclePlates.Normalize(plate) : draft.VehicleRegistration;
                        draft.Attribute("haulier", segment.Optional(5, 1));
                        break;
                    case "NAD":
                        EdifactMapping.ReadParty(segment, draft);
                        break;
                }
            }
            draft.Attribute("seals", seals.Count == 0 ? null : string.Join(",", seals));
            if (draft.OccurredAt is null && !errors.Any)
            {
                errors.Add(ParseCodes.FieldMissing, eqd.Where, "the gate time in the equipment group, DTM+7 (effective date/time)", "no DTM+7");
            }
            draft.SourceReference = $"CODECO:{bgm.DocumentNumber}:{container}{suffix}";
            var tradeEvent = draft.Build(context, errors, eqd.Where);
            var item = $"{message.Name}, EQD {(i + 1).ToString(CultureInfo.InvariantCulture)} {container}";
            result.AddOrReject(item, tradeEvent, errors.Errors);
        }
    }

    /// <summary>The message-level main carriage (TDT+20), place (LOC) and parties (NAD), common to every container.</summary>
    private static void ReadHeader(IReadOnlyList<EdifactSegment> header, EventDraft draft, Profiles.PartnerProfile partner, ItemErrors errors)
    {
        foreach (var segment in header)
        {
            switch (segment.Tag)
            {
                case "TDT" when segment.Value(1) == "20":
                    EdifactMapping.ReadMainCarriage(segment, draft);
                    break;
                case "LOC" when draft.Port is null:
                    draft.Port = EdifactMapping.ReadLocode(segment, partner, errors);
                    draft.Location ??= EdifactMapping.ReadFacility(segment);
                    break;
                case "NAD":
                    EdifactMapping.ReadParty(segment, draft);
                    break;
            }
        }
        draft.Mode ??= TransportMode.Sea;
    }
}
