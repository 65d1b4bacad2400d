namespace TradeChain.Trade.Validation;

/// <summary>
/// One problem with an event. <see cref="Code"/> is stable (dead-letter consumers and partner
/// dashboards key on it, see <see cref="ValidationCodes"/>); <see cref="Field"/> is a path such as
/// "references.containers[1]"; <see cref="Message"/> says the value and the expected form.
/// </summary>
public sealed record ValidationError(string Code, string Field, string Message)
{
    public override string ToString() => $"{Code} at {Field}: {Message}";
}

/// <summary>The stable validation codes. Never change a code's meaning; add new ones.</summary>
public static class ValidationCodes
{
    public const string FieldRequired = "field.required";
    public const string FieldEmpty = "field.empty";
    public const string FieldTooLong = "field.too_long";
    public const string FieldWhitespace = "field.whitespace";
    public const string FieldInvalidCharacters = "field.invalid_characters";
    public const string EnumUnknown = "enum.unknown";

    public const string ContainerShape = "container.shape";
    public const string ContainerCheckDigit = "container.check_digit";
    public const string ContainerDuplicate = "container.duplicate";
    public const string AwbShape = "awb.shape";
    public const string AwbCheckDigit = "awb.check_digit";
    public const string BillShape = "bill.shape";
    public const string HouseBillDuplicate = "house_bill.duplicate";
    public const string DeclarationShape = "declaration.shape";
    public const string DeclarationDirection = "declaration.direction";
    public const string LocodeShape = "locode.shape";
    public const string FlightShape = "flight.shape";
    public const string ImoShape = "imo.shape";
    public const string ImoCheckDigit = "imo.check_digit";
    public const string TransportModeMismatch = "transport.mode_mismatch";

    public const string UsccShape = "uscc.shape";
    public const string UsccCheckCharacter = "uscc.check_character";
    public const string CustomsCodeShape = "customs_code.shape";
    public const string PartyDuplicate = "party.duplicate";

    public const string CurrencyShape = "currency.shape";
    public const string DeclaredValueNegative = "declared_value.negative";

    public const string OccurredAtFuture = "occurred_at.future";
    public const string OccurredAtTooOld = "occurred_at.too_old";
    public const string RecordedAtFuture = "recorded_at.future";
    public const string RecordedAtBeforeOccurred = "recorded_at.before_occurred";
    public const string TimestampPrecision = "timestamp.precision";

    public const string AttributeKeyShape = "attributes.key_shape";
    public const string HouseBillsTooMany = "house_bills.too_many";
    public const string ContainersTooMany = "containers.too_many";
    public const string PartiesTooMany = "parties.too_many";
    public const string AttributesTooMany = "attributes.too_many";
    public const string EventTooLarge = "event.too_large";
}
