using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>
/// Encoding never consults the current culture. The repository builds with InvariantGlobalization,
/// so tr-TR, ar-SA, zh-CN… carry invariant data here; to make the test bite anyway, each culture
/// is also given hostile number and date formats (decimal comma, U+2212 minus, day-first dates),
/// which any culture-sensitive ToString/Parse in the encoder would turn into different bytes.
/// </summary>
[Trait("Category", "Encoding")]
public sealed class CultureIndependenceTests
{
    [Theory]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    [InlineData("zh-CN")]
    [InlineData("th-TH")]
    [InlineData("fa-IR")]
    [InlineData("de-DE")]
    public void Encoding_under_another_current_culture_gives_identical_bytes(string cultureName)
    {
        var values = Gen.Sample(SampleGen.Sample, numberOfSamples: 40, seed: new Rnd(20250101UL, 7UL), size: 40).Append(Fixtures.RichSample).ToList();
        var expected = EncodeAll(values);

        foreach (var target in new[] { CultureInfo.GetCultureInfo(cultureName, predefinedOnly: false), Hostile(cultureName) })
        {
            var actual = Under(target, () =>
            {
                Assert.Equal(cultureName, CultureInfo.CurrentCulture.Name);
                return EncodeAll(values);
            });
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"case {i} encodes differently under {cultureName}");
            }
        }
    }

    [Fact]
    public void The_hostile_culture_really_changes_culture_sensitive_formatting()
    {
        var text = Under(Hostile("tr-TR"), () => $"{-1234.5m} {new DateTime(2025, 3, 4):d}");
        Assert.Equal("\u22121234,5 04/03/2025", text);
    }

    private static CultureInfo Hostile(string name)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(name, predefinedOnly: false).Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.PositiveSign = "\u002B";
        culture.DateTimeFormat.ShortDatePattern = "dd/MM/yyyy";
        culture.DateTimeFormat.DateSeparator = "/";
        culture.DateTimeFormat.TimeSeparator = ".";
        return culture;
    }

    private static T Under<T>(CultureInfo culture, Func<T> action)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = current;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    private static List<byte[]> EncodeAll(List<Sample> values) =>
        [.. values.Select(Sample.Encode), .. Fixtures.GoldenCases.Select(c => CanonicalPropertyTests.Encode(c.Write))];
}
