using TradeChain.Trade.Validation;
using Xunit;

namespace TradeChain.Trade.Tests.Validation;

[Trait("Category", "Validation")]
public sealed class CheckDigitsTests
{
    [Theory]
    [InlineData("CSQU305438", 3)] // the worked example of ISO 6346
    [InlineData("MSKU907032", 3)]
    [InlineData("APZU481209", 0)] // DCSA T&T example equipment reference
    [InlineData("MSCU123456", 6)]
    [InlineData("CSQU000007", 0)] // sum mod 11 is 10, which ISO 6346 writes as 0
    public void Container_check_digits_follow_iso_6346(string ownerAndSerial, int expected) =>
        Assert.Equal(expected, CheckDigits.ContainerCheckDigit(ownerAndSerial));

    [Theory]
    [InlineData("AAAU000000", 7)] // 10·1 + 10·2 + 10·4 + 32·8 = 326 ≡ 7 (mod 11)
    [InlineData("ZZZU000000", 5)] // Z = 38: 38·7 + 256 = 522 ≡ 5
    [InlineData("KLVU000001", 3)] // K = 21, L = 23 (22 skipped), V = 34 (33 skipped): 971 ≡ 3
    public void Container_letter_values_skip_multiples_of_eleven(string ownerAndSerial, int expected) =>
        Assert.Equal(expected, CheckDigits.ContainerCheckDigit(ownerAndSerial));

    [Theory]
    [InlineData("CSQU30543")]
    [InlineData("CSQU3054383")]
    [InlineData("csqu305438")]
    [InlineData("CSQUA05438")]
    [InlineData("C5QU305438")]
    public void Container_inputs_of_the_wrong_shape_have_no_check_digit(string value) =>
        Assert.Null(CheckDigits.ContainerCheckDigit(value));

    [Theory]
    [InlineData("1234567", 5)] // 020-1234567-5: 1234567 mod 7 = 5
    [InlineData("9876543", 5)] // so 176-98765432, seen in tutorials, is not a valid waybill
    [InlineData("0000007", 0)]
    [InlineData("0000006", 6)]
    public void Air_waybill_check_digits_are_the_serial_mod_7(string serialFirstSeven, int expected) =>
        Assert.Equal(expected, CheckDigits.AirWaybillCheckDigit(serialFirstSeven));

    [Theory]
    [InlineData("123456")]
    [InlineData("12345678")]
    [InlineData("12345a7")]
    [InlineData("١٢٣٤٥٦٧")]
    public void Air_waybill_inputs_of_the_wrong_shape_have_no_check_digit(string value) =>
        Assert.Null(CheckDigits.AirWaybillCheckDigit(value));

    [Theory]
    [InlineData("91350100M000100Y4", '3')] // the example code published with GB 32100-2015
    [InlineData("91110000600001760", 'P')]
    [InlineData("91120116MA05JJ8B4", 'G')]
    [InlineData("91110000MA0000024", '0')] // 31 - 0 = 31, which is written as 0
    public void Uscc_check_characters_follow_gb_32100(string firstSeventeen, char expected) =>
        Assert.Equal(expected, CheckDigits.UsccCheckCharacter(firstSeventeen));

    [Theory]
    [InlineData("91350100M000100Y")]
    [InlineData("91350100M000100YI")] // I is not in the alphabet
    [InlineData("91350100m000100Y4")]
    public void Uscc_inputs_of_the_wrong_shape_have_no_check_character(string value) =>
        Assert.Null(CheckDigits.UsccCheckCharacter(value));

    [Theory]
    [InlineData("932148", 3)] // DCSA T&T example vessel
    [InlineData("907472", 9)]
    [InlineData("981100", 0)]
    public void Imo_check_digits_are_the_weighted_sum_mod_10(string firstSix, int expected) =>
        Assert.Equal(expected, CheckDigits.ImoCheckDigit(firstSix));

    [Theory]
    [InlineData("93214")]
    [InlineData("93214X")]
    public void Imo_inputs_of_the_wrong_shape_have_no_check_digit(string value) =>
        Assert.Null(CheckDigits.ImoCheckDigit(value));
}
