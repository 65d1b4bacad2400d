using TradeChain.Testing;
using FsCheck;
using FsCheck.Fluent;
using TradeChain.Trade.Events;
using TradeChain.Trade.Tests.Events;
using TradeChain.Trade.Validation;
using Xunit;

namespace TradeChain.Trade.Tests.Validation;

[Trait("Category", "Validation")]
public sealed class TradeEventValidatorTests
{
    private static readonly DateTimeOffset Now = SampleEvents.Now;
    private static readonly TradeEventValidator Validator = new();

    private static IReadOnlyList<ValidationError> Validate(TradeEvent tradeEvent) => Validator.Validate(tradeEvent, Now);

    private static ValidationError Single(TradeEvent tradeEvent) => Assert.Single(Validate(tradeEvent));

    private static TradeEvent Sea => SampleEvents.SeaImport();

    private static TradeEvent Air => SampleEvents.AirExport();

    [Fact]
    public void The_sample_events_are_valid()
    {
        Assert.Empty(Validate(Sea));
        Assert.Empty(Validate(Air));
    }

    [Fact]
    public void Generated_events_are_valid() =>
        PropertyCheck.ForAll(TradeEventGenerators.TradeEvents(), tradeEvent => Assert.Empty(Validator.Validate(tradeEvent, TradeEventGenerators.Now)), maxTest: 300);

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var broken = Sea with
        {
            Port = "CN TSN",
            References = Sea.References with { Containers = ["CSQU3054384"], DeclarationNumber = "0202202510000" },
            Parties = [new Party(PartyRole.Consignee, "91120116MA05JJ8B4X")],
        };

        var codes = Validate(broken).Select(e => e.Code).Order().ToArray();

        Assert.Equal([ValidationCodes.ContainerCheckDigit, ValidationCodes.DeclarationShape, ValidationCodes.LocodeShape, ValidationCodes.UsccCheckCharacter], codes);
    }

    [Fact]
    public void Errors_name_the_field_path()
    {
        var broken = Sea with { References = Sea.References with { Containers = ["CSQU3054383", "MSKU9070324"] } };

        var error = Single(broken);

        Assert.Equal(new ValidationError(ValidationCodes.ContainerCheckDigit, "references.containers[1]", "container MSKU9070324: check digit is 4, expected 3"), error);
    }

    [Fact]
    public void A_container_listed_twice_is_rejected()
    {
        var error = Single(Sea with { References = Sea.References with { Containers = ["CSQU3054383", "CSQU3054383"] } });

        Assert.Equal(ValidationCodes.ContainerDuplicate, error.Code);
        Assert.Equal("references.containers[1]", error.Field);
    }

    [Theory]
    [InlineData("99912345675", null)]
    [InlineData("99912345670", ValidationCodes.AwbCheckDigit)]
    [InlineData("999-12345675", ValidationCodes.AwbShape)]
    public void An_air_master_bill_is_an_air_waybill(string masterBill, string? expectedCode) =>
        Assert.Equal(expectedCode, Validate(Air with { References = Air.References with { MasterBill = masterBill } }).SingleOrDefault()?.Code);

    [Theory]
    [InlineData("EGLV142500012345", null)]
    [InlineData("99912345670", null)]
    [InlineData("EGLV 1425", ValidationCodes.BillShape)]
    public void A_sea_master_bill_is_a_bill_of_lading(string masterBill, string? expectedCode) =>
        Assert.Equal(expectedCode, Validate(Sea with { References = Sea.References with { MasterBill = masterBill } }).SingleOrDefault()?.Code);

    [Fact]
    public void House_bills_follow_the_mode_and_are_not_repeated()
    {
        var errors = Validate(Air with { References = Air.References with { HouseBills = ["PEK80012345", "PEK8001234567X", "PEK80012345"] } });

        Assert.Equal(
            [(ValidationCodes.BillShape, "references.houseBills[1]"), (ValidationCodes.HouseBillDuplicate, "references.houseBills[2]")],
            errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public void A_declaration_number_must_match_the_direction()
    {
        var error = Single(Sea with { Direction = TradeDirection.Export });

        Assert.Equal(ValidationCodes.DeclarationDirection, error.Code);
        Assert.Equal("references.declarationNumber", error.Field);
    }

    [Fact]
    public void Party_codes_are_checked_and_a_party_may_not_repeat_a_role()
    {
        var errors = Validate(Sea with
        {
            Parties =
            [
                new Party(PartyRole.Consignee, "91120116MA05JJ8B4G", "12079"),
                new Party(PartyRole.Consignee, "91120116MA05JJ8B4G"),
                new Party(PartyRole.Declarant, "91120116MA05JJ8B4G"),
                new Party((PartyRole)99, "91350100M000100Y43"),
            ],
        });

        Assert.Equal(
            [(ValidationCodes.CustomsCodeShape, "parties[0].customsCode"), (ValidationCodes.PartyDuplicate, "parties[1]"), (ValidationCodes.EnumUnknown, "parties[3].role")],
            errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public void An_event_within_the_clock_skew_is_accepted_and_beyond_it_rejected()
    {
        var skew = TimeSpan.FromMilliseconds(TradeEventLimits.Default.MaxFutureSkewMs);
        var atLimit = Sea with { OccurredAt = Now + skew, RecordedAt = Now + skew };
        var beyond = Sea with { OccurredAt = Now + skew + TimeSpan.FromMilliseconds(1), RecordedAt = Now + skew };

        Assert.Empty(Validate(atLimit));
        var error = Single(beyond);
        Assert.Equal(ValidationCodes.OccurredAtFuture, error.Code);
        Assert.Contains("at most 5 min 0 s of clock skew", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_time_sent_as_utc_is_caught_as_future()
    {
        var local = Sea.OccurredAt;
        var mislabelled = new DateTimeOffset(local.DateTime, TimeSpan.Zero);
        var validator = new TradeEventValidator();

        var errors = validator.Validate(Sea with { OccurredAt = mislabelled, RecordedAt = mislabelled }, local.AddMinutes(1));

        Assert.Contains(errors, e => e.Code == ValidationCodes.OccurredAtFuture && e.Message.Contains("7 h 59 min after now", StringComparison.Ordinal));
    }

    [Fact]
    public void The_future_skew_is_configurable()
    {
        var strict = new TradeEventValidator(TradeEventLimits.Default with { MaxFutureSkewMs = 0 });
        var oneMsAhead = Sea with { OccurredAt = Now.AddMilliseconds(1), RecordedAt = Now.AddMilliseconds(1) };

        Assert.Equal([ValidationCodes.OccurredAtFuture, ValidationCodes.RecordedAtFuture], strict.Validate(oneMsAhead, Now).Select(e => e.Code));
        Assert.Empty(strict.Validate(oneMsAhead, Now.AddMilliseconds(1)));
    }

    [Fact]
    public void Timestamps_keep_whole_milliseconds()
    {
        var errors = Validate(Sea with { OccurredAt = Sea.OccurredAt.AddTicks(1) });

        var error = Assert.Single(errors);
        Assert.Equal((ValidationCodes.TimestampPrecision, "occurredAt"), (error.Code, error.Field));
    }

    [Fact]
    public void A_missing_timestamp_is_required_not_ancient()
    {
        var errors = Validate(Sea with { OccurredAt = default });

        Assert.Equal([(ValidationCodes.FieldRequired, "occurredAt")], errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public void A_timestamp_before_2000_is_too_old()
    {
        var epoch = DateTimeOffset.UnixEpoch;

        var error = Single(Sea with { OccurredAt = epoch, RecordedAt = epoch });

        Assert.Equal(ValidationCodes.OccurredAtTooOld, error.Code);
    }

    [Fact]
    public void Extreme_timestamps_yield_errors_not_exceptions()
    {
        var earliest = DateTimeOffset.MinValue.AddMilliseconds(1);
        var latest = new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);

        Assert.Equal([ValidationCodes.OccurredAtTooOld], Validate(Sea with { OccurredAt = earliest, RecordedAt = earliest }).Select(e => e.Code));
        Assert.Equal([ValidationCodes.OccurredAtFuture, ValidationCodes.RecordedAtFuture], Validate(Sea with { OccurredAt = latest, RecordedAt = latest }).Select(e => e.Code));
        Assert.Equal([ValidationCodes.RecordedAtBeforeOccurred], Validator.Validate(Sea with { OccurredAt = latest, RecordedAt = earliest }, DateTimeOffset.MaxValue).Select(e => e.Code));
    }

    [Fact]
    public void Recording_before_occurring_beyond_the_skew_is_rejected()
    {
        var error = Single(Sea with { RecordedAt = Sea.OccurredAt.AddHours(-1) });

        Assert.Equal(ValidationCodes.RecordedAtBeforeOccurred, error.Code);
        Assert.Empty(Validate(Sea with { RecordedAt = Sea.OccurredAt.AddMinutes(-4) }));
    }

    [Fact]
    public void Identifiers_are_required_exact_and_bounded()
    {
        Assert.Equal((ValidationCodes.FieldRequired, "memberId"), Code(Single(Sea with { MemberId = null! })));
        Assert.Equal((ValidationCodes.FieldRequired, "sourceReference"), Code(Single(Sea with { SourceReference = string.Empty })));
        Assert.Equal((ValidationCodes.FieldWhitespace, "sourceSystem"), Code(Single(Sea with { SourceSystem = "wms " })));
        Assert.Equal((ValidationCodes.FieldTooLong, "sourceReference"), Code(Single(Sea with { SourceReference = new string('r', 129) })));
        Assert.Equal((ValidationCodes.FieldInvalidCharacters, "memberId"), Code(Single(Sea with { MemberId = "tianjin\u0007" })));
        Assert.Equal((ValidationCodes.FieldInvalidCharacters, "memberId"), Code(Single(Sea with { MemberId = "tianjin\ud800" })));
    }

    [Fact]
    public void Optional_fields_may_be_absent_but_not_empty()
    {
        Assert.Empty(Validate(Sea with { Location = null }));
        Assert.Equal((ValidationCodes.FieldEmpty, "location"), Code(Single(Sea with { Location = string.Empty })));
        Assert.Equal((ValidationCodes.FieldEmpty, "references.voyageNumber"), Code(Single(Sea with { References = Sea.References with { VoyageNumber = string.Empty } })));
    }

    [Fact]
    public void Free_text_may_hold_line_breaks_and_any_script_but_no_other_control_characters()
    {
        var details = Sea.Sensitive!.Plaintext!;
        var multiline = details with { ConsigneeAddress = "天津市滨海新区\r\n示例路 88 号 📦" };
        var withEscape = details with { ConsigneeAddress = "天津\u001b[31m" };

        Assert.Empty(Validate(Sea with { Sensitive = SensitivePart.FromPlaintext(multiline) }));
        Assert.Equal((ValidationCodes.FieldInvalidCharacters, "sensitive.consigneeAddress"), Code(Single(Sea with { Sensitive = SensitivePart.FromPlaintext(withEscape) })));
    }

    [Fact]
    public void Undefined_enum_values_are_rejected()
    {
        var errors = Validate(Sea with { Feed = 0, Mode = (TransportMode)3, Direction = (TradeDirection)9, EventType = (TradeEventType)19 });

        Assert.Equal(
            [(ValidationCodes.EnumUnknown, "feed"), (ValidationCodes.EnumUnknown, "mode"), (ValidationCodes.EnumUnknown, "direction"), (ValidationCodes.EnumUnknown, "eventType")],
            errors.Select(Code));
        Assert.Contains("expected one of Manifest, CustomsStatus", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_port_is_a_un_locode()
    {
        Assert.Equal((ValidationCodes.LocodeShape, "port"), Code(Single(Sea with { Port = "Tianjin" })));
        Assert.Equal((ValidationCodes.FieldRequired, "port"), Code(Single(Sea with { Port = null! })));
    }

    [Fact]
    public void Air_events_name_flights_and_sea_events_name_vessels()
    {
        Assert.Equal((ValidationCodes.TransportModeMismatch, "references"), Code(Single(Air with { References = Air.References with { VoyageNumber = "1125W" } })));
        Assert.Equal((ValidationCodes.TransportModeMismatch, "references"), Code(Single(Sea with { References = Sea.References with { FlightNumber = "CA1041" } })));
        Assert.Equal((ValidationCodes.FlightShape, "references.flightNumber"), Code(Single(Air with { References = Air.References with { FlightNumber = "CA 1041" } })));
        Assert.Equal((ValidationCodes.ImoCheckDigit, "references.vesselImo"), Code(Single(Sea with { References = Sea.References with { VesselImo = "9811001" } })));
    }

    [Theory]
    [InlineData(TradeEventType.GateIn)]
    [InlineData(TradeEventType.GateOut)]
    public void Gate_events_need_a_container_or_a_vehicle(TradeEventType type)
    {
        var bare = Sea with { EventType = type, Feed = Feed.PortGate, References = References.None };

        var error = Single(bare);

        Assert.Equal(new ValidationError(ValidationCodes.FieldRequired, "references.containers|references.vehicleRegistration", $"{type} events need a container number or a vehicle registration"), error);
        Assert.Empty(Validate(bare with { References = new References { VehicleRegistration = "津A12345" } }));
        Assert.Empty(Validate(bare with { References = new References { Containers = ["CSQU3054383"] } }));
    }

    [Theory]
    [InlineData(TradeEventType.Released)]
    [InlineData(TradeEventType.Held)]
    [InlineData(TradeEventType.InspectionOrdered)]
    [InlineData(TradeEventType.DeclarationAccepted)]
    [InlineData(TradeEventType.ReportedToCustoms)]
    public void Customs_events_need_a_declaration_or_a_bill(TradeEventType type)
    {
        var bare = Sea with { EventType = type, References = new References { Containers = ["CSQU3054383"] } };

        Assert.Equal((ValidationCodes.FieldRequired, "references.declarationNumber|references.masterBill|references.houseBills"), Code(Single(bare)));
        Assert.Empty(Validate(bare with { References = new References { DeclarationNumber = "020220251000012345" } }));
        Assert.Empty(Validate(bare with { References = new References { HouseBills = ["TJHB250001"] } }));
    }

    [Theory]
    [InlineData(TradeEventType.TaxAssessed)]
    [InlineData(TradeEventType.TaxPaid)]
    [InlineData(TradeEventType.ExportRefundFiled)]
    [InlineData(TradeEventType.ExportRefundPaid)]
    public void Tax_events_need_the_declaration_number(TradeEventType type)
    {
        var tax = Sea with { EventType = type, Feed = Feed.Tax, References = new References { MasterBill = "EGLV142500012345" } };

        Assert.Equal((ValidationCodes.FieldRequired, "references.declarationNumber"), Code(Single(tax)));
        Assert.Empty(Validate(tax with { References = new References { DeclarationNumber = "020220251000012345" } }));
    }

    [Fact]
    public void A_manifest_needs_the_master_bill_and_the_conveyance()
    {
        var seaManifest = Sea with { EventType = TradeEventType.ManifestFiled, Feed = Feed.Manifest, References = new References { MasterBill = "EGLV142500012345", VesselName = "EVER GIVEN" } };
        var airManifest = Air with { EventType = TradeEventType.ManifestFiled, Feed = Feed.Manifest, References = new References { FlightNumber = "CA1041", FlightDate = new DateOnly(2025, 3, 15) } };

        Assert.Equal((ValidationCodes.FieldRequired, "references.vesselImo|references.vesselName|references.voyageNumber"), Code(Single(seaManifest)));
        Assert.Empty(Validate(seaManifest with { References = seaManifest.References with { VoyageNumber = "1125W" } }));
        Assert.Equal((ValidationCodes.FieldRequired, "references.masterBill"), Code(Single(airManifest)));
        Assert.Empty(Validate(airManifest with { References = airManifest.References with { MasterBill = "99912345675" } }));
        Assert.Equal((ValidationCodes.FieldRequired, "references.flightNumber|references.flightDate"), Code(Single(airManifest with { References = new References { MasterBill = "99912345675", FlightNumber = "CA1041" } })));
    }

    [Fact]
    public void Movements_need_a_shipment_and_arrivals_may_name_only_the_conveyance()
    {
        var vesselArrival = Sea with { EventType = TradeEventType.Arrived, References = new References { VesselImo = "9811000", VoyageNumber = "1125W" } };
        var discharge = vesselArrival with { EventType = TradeEventType.Discharged };

        Assert.Empty(Validate(vesselArrival));
        Assert.Equal((ValidationCodes.FieldRequired, "references.masterBill|references.houseBills|references.containers"), Code(Single(discharge)));
    }

    [Fact]
    public void Events_out_of_their_usual_sequence_or_feed_are_still_valid()
    {
        // Accept facts, flag anomalies: a gate-out reported on the customs feed, before any release, is a fact.
        Assert.Empty(Validate(Sea with { EventType = TradeEventType.GateOut }));
    }

    [Fact]
    public void Attribute_keys_have_a_shape_and_a_length_limit()
    {
        var errors = Validate(Sea with
        {
            Attributes = new EventAttributes(new Dictionary<string, EventAttribute>
            {
                ["Gross Weight"] = EventAttribute.Of(1L),
                ["9lives"] = EventAttribute.Of(1L),
                [new string('k', 65)] = EventAttribute.Of(1L),
                ["ok_key.v2-x"] = EventAttribute.Of(1L),
            }),
        });

        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Equal(ValidationCodes.AttributeKeyShape, e.Code));
    }

    [Fact]
    public void Attribute_values_are_checked_like_fields()
    {
        var errors = Validate(Sea with
        {
            Attributes = Sea.Attributes
                .With("note", EventAttribute.Of(new string('n', 513)))
                .With("seen_at", EventAttribute.Of(Now.AddTicks(-1))),
        });

        Assert.Equal([(ValidationCodes.FieldTooLong, "attributes['note']"), (ValidationCodes.TimestampPrecision, "attributes['seen_at']")], errors.Select(Code));
    }

    [Fact]
    public void Sensitive_details_need_a_valid_currency_and_a_non_negative_value()
    {
        var details = Sea.Sensitive!.Plaintext!;

        Assert.Equal((ValidationCodes.DeclaredValueNegative, "sensitive.declaredValue"), Code(Single(Sea with { Sensitive = SensitivePart.FromPlaintext(details with { DeclaredValue = -1m }) })));
        Assert.Equal((ValidationCodes.FieldRequired, "sensitive.currency"), Code(Single(Sea with { Sensitive = SensitivePart.FromPlaintext(details with { Currency = null }) })));
        Assert.Equal((ValidationCodes.CurrencyShape, "sensitive.currency"), Code(Single(Sea with { Sensitive = SensitivePart.FromPlaintext(details with { Currency = "RMB1" }) })));
        Assert.Empty(Validate(Sea with { Sensitive = SensitivePart.FromPlaintext(details with { DeclaredValue = null, Currency = null }) }));
    }

    [Fact]
    public void Count_limits_apply_with_their_own_codes()
    {
        var tight = new TradeEventValidator(TradeEventLimits.Default with { MaxContainers = 1, MaxHouseBills = 0, MaxParties = 1, MaxAttributes = 3 });

        var codes = tight.Validate(Sea, Now).Select(e => e.Code);

        Assert.Equal([ValidationCodes.HouseBillsTooMany, ValidationCodes.ContainersTooMany, ValidationCodes.PartiesTooMany, ValidationCodes.AttributesTooMany], codes);
    }

    [Fact]
    public void An_event_too_large_to_encode_within_the_limit_is_rejected()
    {
        var size = TradeEventCodec.Encode(Sea).Length;
        var tight = new TradeEventValidator(TradeEventLimits.Default with { MaxEncodedBytes = size - 1 });

        var error = Assert.Single(tight.Validate(Sea, Now));

        Assert.Equal(new ValidationError(ValidationCodes.EventTooLarge, "event", $"the event encodes to {size} bytes, at most {size - 1}"), error);
        Assert.Empty(new TradeEventValidator(TradeEventLimits.Default with { MaxEncodedBytes = size }).Validate(Sea, Now));
    }

    [Fact]
    public void A_hollow_event_yields_errors_not_exceptions()
    {
        var hollow = new TradeEvent
        {
            MemberId = null!,
            SourceSystem = null!,
            SourceReference = null!,
            Feed = 0,
            Mode = 0,
            Direction = 0,
            Port = null!,
            EventType = 0,
            OccurredAt = default,
            RecordedAt = default,
            References = null!,
            Parties = null!,
            Attributes = null!,
        };

        var errors = Validator.Validate(hollow, Now);

        Assert.Equal(
            ["memberId", "sourceSystem", "sourceReference", "feed", "mode", "direction", "eventType", "port", "occurredAt", "recordedAt", "references", "parties", "attributes"],
            errors.Select(e => e.Field));
        Assert.Equal([(ValidationCodes.FieldRequired, "event")], Validator.Validate(null, Now).Select(Code));
    }

    [Fact]
    public void Arbitrary_strings_in_every_field_yield_errors_not_exceptions() =>
        PropertyCheck.ForAll(
            Arb.From(Gen.ArrayOf(ArbMap.Default.GeneratorFor<string>(), 12)),
            values =>
            {
                var tradeEvent = Sea with
                {
                    MemberId = values[0],
                    SourceSystem = values[1],
                    Port = values[2],
                    Location = values[3],
                    References = new References
                    {
                        MasterBill = values[4],
                        HouseBills = [values[5]],
                        Containers = [values[6]],
                        DeclarationNumber = values[7],
                        FlightNumber = values[8],
                        VesselImo = values[9],
                    },
                    Parties = [new Party(PartyRole.Shipper, values[10], values[11])],
                    Attributes = values[0] is { } key ? Sea.Attributes.With(key, EventAttribute.Of(values[1] ?? string.Empty)) : Sea.Attributes,
                };
                Validator.Validate(tradeEvent, Now);
            },
            maxTest: 300);

    private static (string Code, string Field) Code(ValidationError error) => (error.Code, error.Field);
}
