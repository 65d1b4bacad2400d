using TradeChain.Trade.Events;
using TradeChain.Trade.Validation;
using Xunit;

namespace TradeChain.Trade.Tests.Validation;

[Trait("Category", "Validation")]
public sealed class TradeIdentifierRulesTests
{
    private const string Field = "f";

    [Theory]
    [InlineData("CSQU3054383")]
    [InlineData("MSKU9070323")]
    [InlineData("APZU4812090")]
    [InlineData("MSCU1234566")]
    [InlineData("CSQU0000070")] // sum mod 11 is 10, written as 0
    public void Valid_container_numbers_are_accepted(string value) =>
        Assert.Null(TradeIdentifierRules.Container(value, Field));

    [Fact]
    public void A_wrong_container_check_digit_names_the_digit_and_the_expected_one()
    {
        var error = TradeIdentifierRules.Container("MSCU1234565", "references.containers[0]");

        Assert.Equal(new ValidationError(ValidationCodes.ContainerCheckDigit, "references.containers[0]", "container MSCU1234565: check digit is 5, expected 6"), error);
    }

    [Theory]
    [InlineData("CSQU 305438 3")]
    [InlineData("csqu3054383")]
    [InlineData("CSQX3054383")] // category must be U, J or Z
    [InlineData("CSQU305438")]
    [InlineData("CSQU3054383\n")]
    [InlineData("")]
    public void Container_numbers_of_the_wrong_shape_are_rejected(string value)
    {
        var error = TradeIdentifierRules.Container(value, Field);

        Assert.Equal(ValidationCodes.ContainerShape, error?.Code);
        Assert.Contains("e.g. CSQU3054383", error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("02012345675")]
    [InlineData("99912345675")]
    [InlineData("17698765435")]
    public void Valid_air_waybills_are_accepted(string value) =>
        Assert.Null(TradeIdentifierRules.AirWaybill(value, Field));

    [Fact]
    public void A_wrong_air_waybill_check_digit_names_the_digit_and_the_expected_one()
    {
        var error = TradeIdentifierRules.AirWaybill("02012345670", Field);

        Assert.Equal(ValidationCodes.AwbCheckDigit, error?.Code);
        Assert.Equal("air waybill 02012345670: check digit is 0, expected 5 (1234567 mod 7)", error!.Message);
    }

    [Theory]
    [InlineData("020-12345675")]
    [InlineData("0201234567")]
    [InlineData("020123456750")]
    [InlineData("O2012345675")]
    public void Air_waybills_of_the_wrong_shape_are_rejected(string value) =>
        Assert.Equal(ValidationCodes.AwbShape, TradeIdentifierRules.AirWaybill(value, Field)?.Code);

    [Theory]
    [InlineData("EGLV142500012345", true)]
    [InlineData("COSU6123456780", true)]
    [InlineData("A", true)]
    [InlineData("EGLV14250001234567890", false)]
    [InlineData("eglv142500012345", false)]
    [InlineData("EGLV-1425", false)]
    public void Bills_of_lading_are_up_to_20_capitals_and_digits(string value, bool valid) =>
        Assert.Equal(valid ? null : ValidationCodes.BillShape, TradeIdentifierRules.BillOfLading(value, Field)?.Code);

    [Theory]
    [InlineData("PEK80012345", true)]
    [InlineData("SHA800123456", true)]
    [InlineData("SHA8001234567", false)]
    [InlineData("PEK 8001", false)]
    public void House_air_waybills_are_up_to_12_capitals_and_digits(string value, bool valid) =>
        Assert.Equal(valid ? null : ValidationCodes.BillShape, TradeIdentifierRules.HouseAirWaybill(value, Field)?.Code);

    [Theory]
    [InlineData("020220251000012345", TradeDirection.Import)]
    [InlineData("010120250000067890", TradeDirection.Export)]
    public void Declaration_numbers_whose_flag_matches_the_direction_are_accepted(string value, TradeDirection direction) =>
        Assert.Null(TradeIdentifierRules.DeclarationNumber(value, Field, direction));

    [Fact]
    public void A_declaration_flag_that_contradicts_the_direction_is_rejected()
    {
        var error = TradeIdentifierRules.DeclarationNumber("010120250000067890", Field, TradeDirection.Import);

        Assert.Equal(ValidationCodes.DeclarationDirection, error?.Code);
        Assert.Equal("declaration number 010120250000067890: 9th digit 0 marks an export declaration, the event is an import; expected 1", error!.Message);
    }

    [Theory]
    [InlineData("02022025100001234")]
    [InlineData("0202202510000123456")]
    [InlineData("0202-2025-1-000012345")]
    [InlineData("02022025I000012345")]
    public void Declaration_numbers_that_are_not_18_digits_are_rejected(string value) =>
        Assert.Equal(ValidationCodes.DeclarationShape, TradeIdentifierRules.DeclarationNumber(value, Field, TradeDirection.Import)?.Code);

    [Theory]
    [InlineData("CNTSN", true)]
    [InlineData("CNPEK", true)]
    [InlineData("CNSHA", true)]
    [InlineData("NLRTM", true)]
    [InlineData("DEF29", true)]
    [InlineData("CN TSN", false)]
    [InlineData("cntsn", false)]
    [InlineData("CNTS1", false)] // 0 and 1 are not used, to avoid confusion with O and I
    [InlineData("CNTS", false)]
    [InlineData("C1TSN", false)]
    public void Locodes_are_a_country_and_three_letters_or_digits_2_to_9(string value, bool valid) =>
        Assert.Equal(valid ? null : ValidationCodes.LocodeShape, TradeIdentifierRules.Locode(value, Field)?.Code);

    [Theory]
    [InlineData("CA1041", true)]
    [InlineData("3U8881", true)]
    [InlineData("CCA1041", true)]
    [InlineData("MU5101D", true)]
    [InlineData("CA 1041", false)]
    [InlineData("CA10411", false)]
    [InlineData("1041", false)]
    public void Flight_numbers_are_an_airline_code_and_up_to_4_digits(string value, bool valid) =>
        Assert.Equal(valid ? null : ValidationCodes.FlightShape, TradeIdentifierRules.FlightNumber(value, Field)?.Code);

    [Theory]
    [InlineData("9321483", null)]
    [InlineData("9811000", null)]
    [InlineData("9321484", ValidationCodes.ImoCheckDigit)]
    [InlineData("IMO9321483", ValidationCodes.ImoShape)]
    [InlineData("932148", ValidationCodes.ImoShape)]
    public void Imo_numbers_carry_a_check_digit(string value, string? expectedCode) =>
        Assert.Equal(expectedCode, TradeIdentifierRules.VesselImo(value, Field)?.Code);

    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000600001760P")]
    [InlineData("91110000MA00000240")]
    public void Valid_unified_social_credit_codes_are_accepted(string value) =>
        Assert.Null(TradeIdentifierRules.Uscc(value, Field));

    [Fact]
    public void A_wrong_uscc_check_character_names_it_and_the_expected_one()
    {
        var error = TradeIdentifierRules.Uscc("91350100M000100Y44", "parties[0].uscc");

        Assert.Equal(new ValidationError(ValidationCodes.UsccCheckCharacter, "parties[0].uscc", "unified social credit code 91350100M000100Y44: check character is 4, expected 3"), error);
    }

    [Theory]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100YI3")] // I is not in the GB 32100 alphabet
    [InlineData("91350100m000100Y43")]
    [InlineData("913501 00M000100Y43")]
    public void Unified_social_credit_codes_of_the_wrong_shape_are_rejected(string value) =>
        Assert.Equal(ValidationCodes.UsccShape, TradeIdentifierRules.Uscc(value, Field)?.Code);

    [Theory]
    [InlineData("1207960123", true)]
    [InlineData("1105W10159", true)]
    [InlineData("120796012", false)]
    [InlineData("A207960123", false)]
    [InlineData("1207960l23", false)]
    public void Customs_codes_are_10_characters_starting_with_4_digits(string value, bool valid) =>
        Assert.Equal(valid ? null : ValidationCodes.CustomsCodeShape, TradeIdentifierRules.CustomsCode(value, Field)?.Code);

    [Theory]
    [InlineData("CNY", true)]
    [InlineData("USD", true)]
    [InlineData("usd", false)]
    [InlineData("US$", false)]
    [InlineData("RMB1", false)]
    public void Currencies_are_three_capital_letters(string value, bool valid) =>
        Assert.Equal(valid ? null : ValidationCodes.CurrencyShape, TradeIdentifierRules.Currency(value, Field)?.Code);

    [Fact]
    public void A_huge_value_is_quoted_short_in_the_message()
    {
        var error = TradeIdentifierRules.Container(new string('X', 10_000), Field);

        Assert.True(error!.Message.Length < 300, error.Message);
        Assert.Contains("(10000 characters)", error.Message, StringComparison.Ordinal);
    }
}
