using System.Globalization;
using System.Text.RegularExpressions;
using TradeChain.Trade.Events;

namespace TradeChain.Trade.Validation;

/// <summary>
/// Decides whether an event is well-formed enough for the ledger and, if not, says everything
/// that is wrong with it at once, so a partner fixes a message in one round trip. It checks
/// form, never sequence: per "accept facts, flag anomalies", a gate-out before its release is
/// valid here and flagged later by the trade contract. Deterministic and clock-free: the
/// caller passes "now". Never throws for bad input.
/// </summary>
public sealed partial class TradeEventValidator
{
    private readonly TradeEventLimits _limits;

    public TradeEventValidator(TradeEventLimits? limits = null)
    {
        _limits = limits ?? TradeEventLimits.Default;
    }

    /// <summary>All problems with <paramref name="tradeEvent"/>; empty when it is valid.</summary>
    public IReadOnlyList<ValidationError> Validate(TradeEvent? tradeEvent, DateTimeOffset now)
    {
        var errors = new List<ValidationError>();
        if (tradeEvent is null)
        {
            errors.Add(new(ValidationCodes.FieldRequired, "event", "the event is missing"));
            return errors;
        }
        CheckIdentifier(errors, "memberId", tradeEvent.MemberId, required: true);
        CheckIdentifier(errors, "sourceSystem", tradeEvent.SourceSystem, required: true);
        CheckIdentifier(errors, "sourceReference", tradeEvent.SourceReference, required: true);
        var enumsDefined =
            CheckEnum(errors, "feed", tradeEvent.Feed)
            & CheckEnum(errors, "mode", tradeEvent.Mode)
            & CheckEnum(errors, "direction", tradeEvent.Direction)
            & CheckEnum(errors, "eventType", tradeEvent.EventType);
        if (CheckPresent(errors, "port", tradeEvent.Port, required: true))
        {
            Add(errors, TradeIdentifierRules.Locode(tradeEvent.Port, "port"));
        }
        CheckText(errors, "location", tradeEvent.Location, _limits.MaxIdentifierChars);
        CheckTimestamps(errors, tradeEvent, now);
        if (tradeEvent.References is null)
        {
            errors.Add(new(ValidationCodes.FieldRequired, "references", "references are missing; use References.None for none"));
        }
        else
        {
            CheckReferences(errors, tradeEvent.References, tradeEvent.Mode, tradeEvent.Direction);
            if (enumsDefined)
            {
                CheckRequiredReferences(errors, tradeEvent.EventType, tradeEvent.Mode, tradeEvent.References);
            }
        }
        CheckParties(errors, tradeEvent.Parties);
        CheckAttributes(errors, tradeEvent.Attributes);
        if (tradeEvent.Sensitive?.Plaintext is { } details)
        {
            CheckSensitiveDetails(errors, details);
        }
        CheckEncodedSize(errors, tradeEvent);
        return errors;
    }

    private void CheckTimestamps(List<ValidationError> errors, TradeEvent tradeEvent, DateTimeOffset now)
    {
        var skew = TimeSpan.FromMilliseconds(_limits.MaxFutureSkewMs);
        var occurredAt = tradeEvent.OccurredAt;
        var recordedAt = tradeEvent.RecordedAt;
        var occurredUsable = CheckTimestamp(errors, "occurredAt", occurredAt);
        var recordedUsable = CheckTimestamp(errors, "recordedAt", recordedAt);
        if (occurredUsable)
        {
            // Differences, not now + skew: shifting an extreme date would overflow and throw.
            if (occurredAt - now > skew)
            {
                errors.Add(new(ValidationCodes.OccurredAtFuture, "occurredAt", $"occurredAt {Format(occurredAt)} is {Describe(occurredAt - now)} after now ({Format(now)}); at most {Describe(skew)} of clock skew is allowed"));
            }
            if (occurredAt < _limits.MinOccurredAt)
            {
                errors.Add(new(ValidationCodes.OccurredAtTooOld, "occurredAt", $"occurredAt {Format(occurredAt)} is before {Format(_limits.MinOccurredAt)}; is it a default date from a parse failure?"));
            }
        }
        if (recordedUsable && recordedAt - now > skew)
        {
            errors.Add(new(ValidationCodes.RecordedAtFuture, "recordedAt", $"recordedAt {Format(recordedAt)} is {Describe(recordedAt - now)} after now ({Format(now)}); at most {Describe(skew)} of clock skew is allowed"));
        }
        if (occurredUsable && recordedUsable && occurredAt - recordedAt > skew)
        {
            errors.Add(new(ValidationCodes.RecordedAtBeforeOccurred, "recordedAt", $"recordedAt {Format(recordedAt)} is {Describe(occurredAt - recordedAt)} before occurredAt {Format(occurredAt)}; an event is recorded when or after it happens (at most {Describe(skew)} of clock skew is allowed)"));
        }
    }

    private static bool CheckTimestamp(List<ValidationError> errors, string field, DateTimeOffset value)
    {
        if (value == default)
        {
            errors.Add(new(ValidationCodes.FieldRequired, field, $"{field} is missing (it holds the default value 0001-01-01)"));
            return false;
        }
        if (value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            errors.Add(new(ValidationCodes.TimestampPrecision, field, $"{field} {value.ToString("O", CultureInfo.InvariantCulture)} has sub-millisecond precision; the ledger keeps whole milliseconds"));
        }
        return true;
    }

    private void CheckReferences(List<ValidationError> errors, References references, TransportMode mode, TradeDirection direction)
    {
        if (CheckPresent(errors, "references.masterBill", references.MasterBill, required: false))
        {
            Add(errors, mode switch
            {
                TransportMode.Air => TradeIdentifierRules.AirWaybill(references.MasterBill!, "references.masterBill"),
                TransportMode.Sea => TradeIdentifierRules.BillOfLading(references.MasterBill!, "references.masterBill"),
                _ => null,
            });
        }
        if (CheckList(errors, "references.houseBills", references.HouseBills, _limits.MaxHouseBills, ValidationCodes.HouseBillsTooMany))
        {
            CheckItems(errors, "references.houseBills", references.HouseBills, ValidationCodes.HouseBillDuplicate, "house bill", (value, field) => mode switch
            {
                TransportMode.Air => TradeIdentifierRules.HouseAirWaybill(value, field),
                TransportMode.Sea => TradeIdentifierRules.BillOfLading(value, field),
                _ => null,
            });
        }
        if (CheckList(errors, "references.containers", references.Containers, _limits.MaxContainers, ValidationCodes.ContainersTooMany))
        {
            CheckItems(errors, "references.containers", references.Containers, ValidationCodes.ContainerDuplicate, "container", TradeIdentifierRules.Container);
        }
        if (CheckPresent(errors, "references.declarationNumber", references.DeclarationNumber, required: false))
        {
            Add(errors, TradeIdentifierRules.DeclarationNumber(references.DeclarationNumber!, "references.declarationNumber", direction));
        }
        CheckIdentifier(errors, "references.bookingNumber", references.BookingNumber, required: false);
        CheckIdentifier(errors, "references.vehicleRegistration", references.VehicleRegistration, required: false);
        if (CheckPresent(errors, "references.flightNumber", references.FlightNumber, required: false))
        {
            Add(errors, TradeIdentifierRules.FlightNumber(references.FlightNumber!, "references.flightNumber"));
        }
        if (CheckPresent(errors, "references.vesselImo", references.VesselImo, required: false))
        {
            Add(errors, TradeIdentifierRules.VesselImo(references.VesselImo!, "references.vesselImo"));
        }
        CheckText(errors, "references.vesselName", references.VesselName, _limits.MaxStringChars);
        CheckIdentifier(errors, "references.voyageNumber", references.VoyageNumber, required: false);

        if (mode == TransportMode.Air && (references.VesselImo ?? references.VesselName ?? references.VoyageNumber) is not null)
        {
            errors.Add(new(ValidationCodes.TransportModeMismatch, "references", "an air event names a vessel or voyage; expected a flight number and date"));
        }
        if (mode == TransportMode.Sea && (references.FlightNumber is not null || references.FlightDate is not null))
        {
            errors.Add(new(ValidationCodes.TransportModeMismatch, "references", "a sea event names a flight; expected a vessel and voyage"));
        }
    }

    /// <summary>The references without which an event of this type cannot be tied to a shipment, declaration or conveyance.</summary>
    private static void CheckRequiredReferences(List<ValidationError> errors, TradeEventType type, TransportMode mode, References references)
    {
        var hasMaster = !string.IsNullOrEmpty(references.MasterBill);
        var hasBill = hasMaster || references.HouseBills is { Count: > 0 };
        var hasContainer = references.Containers is { Count: > 0 };
        var hasDeclaration = !string.IsNullOrEmpty(references.DeclarationNumber);
        var hasFlight = !string.IsNullOrEmpty(references.FlightNumber);
        var hasVessel = !string.IsNullOrEmpty(references.VesselImo) || !string.IsNullOrEmpty(references.VesselName);
        var hasConveyance = mode == TransportMode.Air ? hasFlight : hasVessel;

        void Require(bool present, string fields, string what)
        {
            if (!present)
            {
                errors.Add(new(ValidationCodes.FieldRequired, fields, $"{type} events need {what}"));
            }
        }

        switch (type)
        {
            case TradeEventType.ManifestFiled or TradeEventType.ManifestAmended:
                Require(hasMaster, "references.masterBill", mode == TransportMode.Air ? "the master air waybill" : "the master bill of lading");
                if (mode == TransportMode.Air)
                {
                    Require(hasFlight && references.FlightDate is not null, "references.flightNumber|references.flightDate", "the flight number and flight date");
                }
                else
                {
                    Require(hasVessel && !string.IsNullOrEmpty(references.VoyageNumber), "references.vesselImo|references.vesselName|references.voyageNumber", "the vessel (IMO number or name) and voyage number");
                }
                break;
            case TradeEventType.BookingConfirmed:
                Require(!string.IsNullOrEmpty(references.BookingNumber) || hasMaster, "references.bookingNumber|references.masterBill", "a booking number or master bill");
                break;
            case TradeEventType.TransportDocumentIssued or TradeEventType.TransportDocumentSurrendered:
                Require(hasBill, "references.masterBill|references.houseBills", "a master or house bill");
                break;
            case TradeEventType.Departed or TradeEventType.Arrived:
                Require(hasConveyance || hasBill, "references.flightNumber|references.vesselImo|references.vesselName|references.masterBill|references.houseBills", mode == TransportMode.Air ? "a flight number or a waybill" : "a vessel or a bill of lading");
                break;
            case TradeEventType.GateIn or TradeEventType.GateOut:
                Require(hasContainer || !string.IsNullOrEmpty(references.VehicleRegistration), "references.containers|references.vehicleRegistration", "a container number or a vehicle registration");
                break;
            default:
                switch (EventTypeCodes.FeedOf(type))
                {
                    case Feed.CustomsStatus:
                        Require(hasDeclaration || hasBill, "references.declarationNumber|references.masterBill|references.houseBills", "a declaration number or a waybill or bill of lading");
                        break;
                    case Feed.Tax:
                        Require(hasDeclaration, "references.declarationNumber", "the customs declaration number");
                        break;
                    default:
                        Require(hasBill || hasContainer, "references.masterBill|references.houseBills|references.containers", "a waybill, bill of lading or container number");
                        break;
                }
                break;
        }
    }

    private void CheckParties(List<ValidationError> errors, EquatableList<Party>? parties)
    {
        if (!CheckList(errors, "parties", parties, _limits.MaxParties, ValidationCodes.PartiesTooMany))
        {
            return;
        }
        var seen = new HashSet<(PartyRole, string)>();
        for (var i = 0; i < parties!.Count; i++)
        {
            var field = $"parties[{i}]";
            var party = parties[i];
            if (party is null)
            {
                errors.Add(new(ValidationCodes.FieldRequired, field, $"{field} is null"));
                continue;
            }
            CheckEnum(errors, $"{field}.role", party.Role);
            if (CheckPresent(errors, $"{field}.uscc", party.Uscc, required: true))
            {
                Add(errors, TradeIdentifierRules.Uscc(party.Uscc, $"{field}.uscc"));
                if (!seen.Add((party.Role, party.Uscc)))
                {
                    errors.Add(new(ValidationCodes.PartyDuplicate, field, $"{party.Uscc} appears twice as {party.Role}"));
                }
            }
            if (CheckPresent(errors, $"{field}.customsCode", party.CustomsCode, required: false))
            {
                Add(errors, TradeIdentifierRules.CustomsCode(party.CustomsCode!, $"{field}.customsCode"));
            }
        }
    }

    private void CheckAttributes(List<ValidationError> errors, EventAttributes? attributes)
    {
        if (attributes is null)
        {
            errors.Add(new(ValidationCodes.FieldRequired, "attributes", "attributes are missing; use EventAttributes.Empty for none"));
            return;
        }
        if (attributes.Count > _limits.MaxAttributes)
        {
            errors.Add(new(ValidationCodes.AttributesTooMany, "attributes", $"{attributes.Count} attributes, at most {_limits.MaxAttributes}"));
            return;
        }
        foreach (var (key, value) in attributes)
        {
            var field = $"attributes[{TradeIdentifierRules.Quote(key)}]";
            if (key.Length > _limits.MaxAttributeKeyChars || !AttributeKeyShape().IsMatch(key))
            {
                errors.Add(new(ValidationCodes.AttributeKeyShape, field, $"attribute key {TradeIdentifierRules.Quote(key)}: expected 1 to {_limits.MaxAttributeKeyChars} characters of a-z, 0-9, '_', '.', '-', starting with a letter, e.g. gross_weight_kg"));
            }
            switch (value.Kind)
            {
                case EventAttributeKind.String:
                    CheckText(errors, field, value.AsString(), _limits.MaxStringChars);
                    break;
                case EventAttributeKind.Timestamp:
                    CheckTimestamp(errors, field, value.AsTimestamp());
                    break;
            }
        }
    }

    private void CheckSensitiveDetails(List<ValidationError> errors, SensitiveDetails details)
    {
        if (details.DeclaredValue < 0)
        {
            errors.Add(new(ValidationCodes.DeclaredValueNegative, "sensitive.declaredValue", $"declared value {details.DeclaredValue.Value.ToString(CultureInfo.InvariantCulture)} is negative"));
        }
        if (CheckPresent(errors, "sensitive.currency", details.Currency, required: details.DeclaredValue is not null))
        {
            Add(errors, TradeIdentifierRules.Currency(details.Currency!, "sensitive.currency"));
        }
        CheckText(errors, "sensitive.consigneeName", details.ConsigneeName, _limits.MaxStringChars);
        CheckText(errors, "sensitive.consigneeAddress", details.ConsigneeAddress, _limits.MaxStringChars);
        CheckText(errors, "sensitive.consigneeContact", details.ConsigneeContact, _limits.MaxStringChars);
    }

    private void CheckEncodedSize(List<ValidationError> errors, TradeEvent tradeEvent)
    {
        int size;
        try
        {
            size = TradeEventCodec.Encode(tradeEvent).Length;
        }
        catch (ArgumentException)
        {
            // Unencodable (null field, lone surrogate, sub-millisecond time, undefined enum):
            // each cause has already been reported with its field.
            return;
        }
        if (size > _limits.MaxEncodedBytes)
        {
            errors.Add(new(ValidationCodes.EventTooLarge, "event", $"the event encodes to {size} bytes, at most {_limits.MaxEncodedBytes}"));
        }
    }

    /// <summary>An id or code: exact, so no surrounding whitespace (it would change the event id) and no control characters.</summary>
    private void CheckIdentifier(List<ValidationError> errors, string field, string? value, bool required)
    {
        if (!CheckPresent(errors, field, value, required) || !CheckLengthAndCharacters(errors, field, value!, _limits.MaxIdentifierChars, allowLineBreaks: false))
        {
            return;
        }
        if (char.IsWhiteSpace(value![0]) || char.IsWhiteSpace(value[^1]))
        {
            errors.Add(new(ValidationCodes.FieldWhitespace, field, $"{field} {TradeIdentifierRules.Quote(value)} has leading or trailing whitespace; ids must be exact"));
        }
    }

    private void CheckText(List<ValidationError> errors, string field, string? value, int maxChars)
    {
        if (CheckPresent(errors, field, value, required: false))
        {
            CheckLengthAndCharacters(errors, field, value!, maxChars, allowLineBreaks: true);
        }
    }

    /// <summary>True when there is a value to check further; reports a missing required or an empty value.</summary>
    private static bool CheckPresent(List<ValidationError> errors, string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(new(ValidationCodes.FieldRequired, field, $"{field} is required"));
            }
            return false;
        }
        if (value.Length == 0)
        {
            errors.Add(required
                ? new(ValidationCodes.FieldRequired, field, $"{field} is required and is empty")
                : new(ValidationCodes.FieldEmpty, field, $"{field} is empty; leave it out instead"));
            return false;
        }
        return true;
    }

    private static bool CheckLengthAndCharacters(List<ValidationError> errors, string field, string value, int maxChars, bool allowLineBreaks)
    {
        var ok = true;
        if (value.Length > maxChars)
        {
            errors.Add(new(ValidationCodes.FieldTooLong, field, $"{field} is {value.Length} characters, at most {maxChars}"));
            ok = false;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            string? problem = null;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                problem = "an unpaired surrogate";
            }
            else if (char.IsControl(c) && !(allowLineBreaks && c is '\t' or '\n' or '\r'))
            {
                problem = "a control character";
            }
            if (problem is not null)
            {
                errors.Add(new(ValidationCodes.FieldInvalidCharacters, field, $"{field} has {problem} U+{(int)c:X4} at index {i}"));
                return false;
            }
        }
        return ok;
    }

    private static bool CheckList<T>(List<ValidationError> errors, string field, IReadOnlyList<T>? items, int maxCount, string tooManyCode)
    {
        if (items is null)
        {
            errors.Add(new(ValidationCodes.FieldRequired, field, $"{field} is missing; use an empty list for none"));
            return false;
        }
        if (items.Count > maxCount)
        {
            errors.Add(new(tooManyCode, field, $"{items.Count} entries, at most {maxCount}"));
            return false;
        }
        return true;
    }

    private static void CheckItems(List<ValidationError> errors, string field, IReadOnlyList<string> items, string duplicateCode, string what, Func<string, string, ValidationError?> rule)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            if (!CheckPresent(errors, itemField, items[i], required: true))
            {
                continue;
            }
            Add(errors, rule(items[i], itemField));
            if (!seen.Add(items[i]))
            {
                errors.Add(new(duplicateCode, itemField, $"{what} {TradeIdentifierRules.Quote(items[i])} is listed twice"));
            }
        }
    }

    private static bool CheckEnum<TEnum>(List<ValidationError> errors, string field, TEnum value)
        where TEnum : struct, Enum
    {
        if (Enum.IsDefined(value))
        {
            return true;
        }
        var known = string.Join(", ", Enum.GetNames<TEnum>());
        errors.Add(new(ValidationCodes.EnumUnknown, field, $"{field} {value} is not a known {typeof(TEnum).Name}; expected one of {known}"));
        return false;
    }

    private static void Add(List<ValidationError> errors, ValidationError? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }

    private static string Format(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{span.TotalMilliseconds:0} ms";

    [GeneratedRegex(@"^[a-z][a-z0-9_.\-]*\z")]
    private static partial Regex AttributeKeyShape();
}
