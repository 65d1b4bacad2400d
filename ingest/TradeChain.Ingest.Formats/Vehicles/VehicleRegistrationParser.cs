using System.Globalization;
using System.Text.Json;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;

namespace TradeChain.Ingest.Formats.Vehicles;

/// <summary>The registrations a message held, and each entry that could not be read.</summary>
public sealed record RegistrationParseResult(IReadOnlyList<VehicleRegistration> Registrations, IReadOnlyList<RejectedItem> Rejected);

/// <summary>
/// Reads <c>tradechain.vehicle-registration/1</c>:
/// <c>{"schema": "tradechain.vehicle-registration/1", "registrations": [...]}</c>, the JSON that
/// ports and customs push their vehicle registrations (车辆备案) in. Checks each entry fully here
/// (plate, carrier USCC with its check character, validity period): registrations never reach the
/// ledger's validator, and a bad one must not become the truck's current record.
/// </summary>
public sealed class VehicleRegistrationParser
{
    public const string SchemaV1 = "tradechain.vehicle-registration/1";

    /// <summary>A plate has at most 8 characters (province character, letter, 5 or 6 more); 16 tolerates separators.</summary>
    public const int MaxPlateChars = 16;

    public RegistrationParseResult Parse(ReadOnlySpan<byte> payload, PartnerProfile partner, FormatLimits limits)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(limits);
        using var document = JsonPayload.Parse(payload, limits, out var error);
        if (document is null)
        {
            return Rejected(error!);
        }
        var envelopeErrors = new ItemErrors(limits.MaxErrorsPerItem);
        var envelope = JsonObjectReader.Open(document.RootElement, "$", envelopeErrors);
        var schema = envelope?.String("schema", required: true);
        if (schema is not null && schema != SchemaV1)
        {
            envelopeErrors.Add(ParseCodes.JsonSchema, "$.schema", $"'{SchemaV1}'", ParseError.Quote(schema));
        }
        var entries = envelope?.Array("registrations", required: true);
        envelope?.RejectUnknown();
        if (envelopeErrors.Any || entries is null)
        {
            return new RegistrationParseResult([], [new RejectedItem(ParseResult.WholeMessage, envelopeErrors.Errors)]);
        }
        if (entries.Value.GetArrayLength() > limits.MaxEventsPerMessage)
        {
            return Rejected(new ParseError(ParseCodes.MessageTooManyEvents, "$.registrations", $"at most {limits.MaxEventsPerMessage} registrations per message", $"{entries.Value.GetArrayLength()}"));
        }
        var registrations = new List<VehicleRegistration>();
        var rejected = new List<RejectedItem>();
        var index = 0;
        foreach (var element in entries.Value.EnumerateArray())
        {
            var path = $"$.registrations[{index.ToString(CultureInfo.InvariantCulture)}]";
            var errors = new ItemErrors(limits.MaxErrorsPerItem);
            var registration = Read(element, path, partner, errors);
            if (registration is not null && !errors.Any)
            {
                registrations.Add(registration);
            }
            else
            {
                rejected.Add(new RejectedItem(registration is null ? path : $"{path} ({registration.Plate})", errors.Errors));
            }
            index++;
        }
        return new RegistrationParseResult(registrations, rejected);
    }

    private static RegistrationParseResult Rejected(ParseError error) => new([], [new RejectedItem(ParseResult.WholeMessage, [error])]);

    private static VehicleRegistration? Read(JsonElement element, string path, PartnerProfile partner, ItemErrors errors)
    {
        var reader = JsonObjectReader.Open(element, path, errors);
        if (reader is null)
        {
            return null;
        }
        var id = reader.String("registrationId", required: true);
        var plate = reader.String("plate", required: true);
        var carrier = reader.String("carrierUscc", required: true);
        var validFrom = reader.Timestamp("validFrom", required: true);
        var validUntil = reader.Timestamp("validUntil");
        var effectiveAt = reader.Timestamp("effectiveAt", required: true);
        var status = reader.Enum<RegistrationStatus>("status") ?? RegistrationStatus.Active;
        var plateColor = reader.String("plateColor");
        var vehicleType = reader.String("vehicleType");
        var carrierName = reader.String("carrierName");
        var permits = ReadPermits(reader, errors);
        reader.RejectUnknown();
        if (plate is not null)
        {
            plate = VehiclePlates.Normalize(plate);
            if (plate.Length is 0 or > MaxPlateChars || plate.Any(char.IsControl))
            {
                errors.Add(ParseCodes.FieldInvalid, reader.PathOf("plate"), $"a licence plate of 1 to {MaxPlateChars} characters, e.g. 津A12345", ParseError.Quote(plate));
            }
        }
        if (carrier is not null && TradeIdentifierRules.Uscc(carrier, reader.PathOf("carrierUscc")) is { } usccError)
        {
            errors.Add(ParseCodes.FieldInvalid, usccError.Field, "a unified social credit code with a correct check character", usccError.Message);
        }
        if (validFrom is not null && validUntil is not null && validUntil <= validFrom)
        {
            errors.Add(ParseCodes.FieldInvalid, reader.PathOf("validUntil"), $"a time after validFrom ({CanonicalJsonWriter.Timestamp(validFrom.Value)})", CanonicalJsonWriter.Timestamp(validUntil.Value));
        }
        if (id is null || plate is null || carrier is null || validFrom is null || effectiveAt is null)
        {
            return null;
        }
        return new VehicleRegistration
        {
            RegistrationId = id,
            Plate = plate,
            PlateColor = plateColor,
            VehicleType = vehicleType,
            CarrierUscc = carrier,
            CarrierName = carrierName,
            Permits = permits,
            ValidFrom = validFrom.Value,
            ValidUntil = validUntil,
            EffectiveAt = effectiveAt.Value,
            Status = status,
            IssuedBy = partner.PartnerId,
        };
    }

    private static EquatableList<VehiclePermit> ReadPermits(JsonObjectReader reader, ItemErrors errors)
    {
        if (reader.Array("permits") is not { } array)
        {
            return EquatableList<VehiclePermit>.Empty;
        }
        var permits = new List<VehiclePermit>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var permit = JsonObjectReader.Open(element, $"{reader.PathOf("permits")}[{index.ToString(CultureInfo.InvariantCulture)}]", errors);
            if (permit is not null)
            {
                var kind = permit.String("kind", required: true);
                var number = permit.String("number", required: true);
                var validUntil = permit.Date("validUntil");
                permit.RejectUnknown();
                if (kind is not null && number is not null)
                {
                    permits.Add(new VehiclePermit(kind, number, validUntil));
                }
            }
            index++;
        }
        return new EquatableList<VehiclePermit>(permits);
    }
}
