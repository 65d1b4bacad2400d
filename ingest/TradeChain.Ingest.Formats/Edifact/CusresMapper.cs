using System.Collections.Frozen;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Text;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Formats.Edifact;

/// <summary>
/// CUSRES, the customs response: one customs-status event per processing indicator (GIS/7365).
/// Customs administrations each publish their own indicator codes, so the standard table here is
/// the consortium's default implementation guide (ACC accepted, REJ returned for correction,
/// INS inspection ordered, HLD held, REL released, REF refused) and a partner maps its own codes
/// in its profile. A response with application errors (ERC) and no indicator is a rejection.
/// The declaration number (RFF+ABT) also gives the direction: its 9th digit is 1 for import, 0 for export.
/// </summary>
public sealed class CusresMapper : IEdifactMessageMapper
{
    /// <summary>The status key of a response that carries only application errors.</summary>
    public const string ErrorsOnlyCode = "ERC";

    public static FrozenDictionary<string, TradeEventType> StandardCodes { get; } = new Dictionary<string, TradeEventType>
    {
        ["CUSRES:ACC"] = TradeEventType.DeclarationAccepted,
        ["CUSRES:REJ"] = TradeEventType.DeclarationRejected,
        ["CUSRES:INS"] = TradeEventType.InspectionOrdered,
        ["CUSRES:HLD"] = TradeEventType.Held,
        ["CUSRES:REL"] = TradeEventType.Released,
        ["CUSRES:REF"] = TradeEventType.Refused,
        [$"CUSRES:{ErrorsOnlyCode}"] = TradeEventType.DeclarationRejected,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Bound on the free text kept from FTX: remarks, not documents.</summary>
    private const int MaxRemarksChars = 500;

    public string MessageType => "CUSRES";

    public void Map(EdifactMessage message, EdifactInterchange interchange, ParseContext context, ResultBuilder result)
    {
        var partner = context.Partner;
        var messageErrors = new ItemErrors(context.Limits.MaxErrorsPerItem);
        var bgm = EdifactMapping.ReadBgm(message, messageErrors);
        var suffix = bgm is null ? null : EdifactMapping.FunctionSuffix(bgm, interchange, message, messageErrors);
        var body = message.Segments.Skip(1).ToArray();
        var statuses = body.Where(s => s.Tag == "GIS" && s.Value(1, 1).Length > 0).ToList();
        var errorCodes = body.Where(s => s.Tag == "ERC").Select(s => s.Value(1, 1)).Where(c => c.Length > 0).ToList();
        if (statuses.Count == 0 && errorCodes.Count == 0)
        {
            messageErrors.Add(ParseCodes.FieldMissing, message.Header.Where, "a processing indicator (GIS) or application errors (ERC)", "neither");
        }
        if (messageErrors.Any || bgm is null || suffix is null)
        {
            result.Reject(message.Name, messageErrors.Errors);
            return;
        }

        var codes = statuses.Count > 0
            ? statuses.Select(s => (Code: s.Value(1, 1), Segment: s)).ToList()
            : [(ErrorsOnlyCode, body.First(s => s.Tag == "ERC"))];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (code, segment) in codes)
        {
            if (!result.CountItem())
            {
                return;
            }
            var item = $"{message.Name}, GIS {code}";
            var errors = new ItemErrors(context.Limits.MaxErrorsPerItem);
            if (!seen.Add(code))
            {
                result.Reject(item, new ParseError(ParseCodes.ItemDuplicate, segment.Where, "each processing indicator once per response", $"{ParseError.Quote(code)} again"));
                continue;
            }
            var draft = new EventDraft
            {
                EventType = Profiles.StatusCodeLookup.Resolve(partner, $"CUSRES:{code}", StandardCodes, segment.Position(1, 1), errors),
                SourceReference = $"CUSRES:{bgm.DocumentNumber}:{code}{suffix}",
            };
            ReadBody(body, draft, interchange, context, errors);
            draft.Attribute("customs.error_codes", errorCodes.Count == 0 ? null : string.Join(",", errorCodes));
            var tradeEvent = draft.Build(context, errors, segment.Where);
            result.AddOrReject(item, tradeEvent, errors.Errors);
        }
    }

    private static void ReadBody(IReadOnlyList<EdifactSegment> body, EventDraft draft, EdifactInterchange interchange, ParseContext context, ItemErrors errors)
    {
        var partner = context.Partner;
        var remarks = new List<string>();
        foreach (var segment in body)
        {
            switch (segment.Tag)
            {
                case "TDT":
                    draft.Mode ??= EdifactMapping.Mode(segment.Value(3, 1));
                    break;
                case "LOC" when draft.Port is null:
                    draft.Port = EdifactMapping.ReadLocode(segment, partner, errors);
                    draft.Location ??= EdifactMapping.ReadFacility(segment);
                    break;
                case "EQD" when segment.Value(1) == "CN":
                    draft.AddContainer(Identifiers.Container(segment.Value(2, 1)));
                    break;
                case "NAD":
                    EdifactMapping.ReadParty(segment, draft);
                    break;
                case "RFF":
                    EdifactMapping.ReadReference(segment, draft, draft.Mode ?? partner.DefaultMode);
                    break;
                case "FTX":
                    remarks.AddRange(segment.Elements.Count >= 4 ? segment.Elements[3].Where(t => t.Length > 0) : []);
                    break;
            }
        }
        draft.RecordedAt = EdifactMapping.FindDtm(body, partner, errors, "137") ?? interchange.PreparedAt;
        draft.OccurredAt = EdifactMapping.FindDtm(body, partner, errors, "7", "137");
        if (draft.DeclarationNumber is { Length: 18 } declaration)
        {
            draft.Direction = declaration[8] switch
            {
                '1' => TradeDirection.Import,
                '0' => TradeDirection.Export,
                _ => null,
            };
        }
        var text = string.Join(" ", remarks);
        draft.Attribute("customs.remarks", text.Length > MaxRemarksChars ? text[..MaxRemarksChars] : text);
    }
}
