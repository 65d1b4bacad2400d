using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Pipeline;

/// <summary>
/// Something that could not be accepted, and why: the unit of dead-lettering. <see cref="Code"/>
/// is stable (a parse, validation, ingest or ledger code), <see cref="Reason"/> is for people,
/// <see cref="Item"/> names the part of the message ("message" for all of it).
/// </summary>
public sealed record Rejection(string Code, string Reason, string Item)
{
    public static Rejection FromParse(RejectedItem item) => new(item.Code, item.Reason, item.Item);

    public static Rejection FromValidation(string item, IReadOnlyList<ValidationError> errors) =>
        new(errors[0].Code, string.Join("\n", errors.Select(e => e.ToString())), item);
}

/// <summary>Codes for what the pipeline itself refuses, before or around parsing. Never change a meaning.</summary>
public static class IngestCodes
{
    public const string PartnerMissing = "ingest.partner_missing";
    public const string PartnerUnknown = "ingest.partner_unknown";
    public const string FormatMissing = "ingest.format_missing";
    public const string FormatUnknown = "ingest.format_unknown";

    /// <summary>A parser threw: a bug in TradeChain, not in the message. Dead-lettered so one message cannot stall its partition.</summary>
    public const string ParserFailure = "ingest.parser_failure";

    public const string RegistryFull = "vehicle.registry_full";

    /// <summary>The ledger refused the whole batch (bad signature, unknown member): every event in it is dead-lettered.</summary>
    public const string LedgerBatchRejected = "ledger.batch_rejected";

    /// <summary>The ledger refused one event of an accepted batch, e.g. a contract rule.</summary>
    public const string LedgerEventRejected = "ledger.event_rejected";
}
