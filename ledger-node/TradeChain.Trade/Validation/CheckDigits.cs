namespace TradeChain.Trade.Validation;

/// <summary>
/// The check-digit algorithms of the identifiers trade events carry. Pure functions: each takes
/// the identifier without its check digit and returns the digit it should have, or null when
/// the input is not of the right shape to have one.
/// </summary>
public static class CheckDigits
{
    /// <summary>GB 32100-2015's 31 code characters: digits and capitals without I, O, S, V, Z.</summary>
    public const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>GB 32100-2015 weights for positions 1..17: 3^i mod 31.</summary>
    private static readonly int[] UsccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>
    /// ISO 6346 letter values: A = 10 upward, skipping 11, 22 and 33 (multiples of 11 would
    /// weaken the mod-11 check).
    /// </summary>
    private static readonly int[] ContainerLetterValues = BuildContainerLetterValues();

    /// <summary>
    /// ISO 6346: the 4 letters (owner code and category) and 6 serial digits of a container
    /// number. Each character's value is multiplied by 2^position; the sum mod 11, then mod 10
    /// (a remainder of 10 gives 0), is the check digit.
    /// </summary>
    public static int? ContainerCheckDigit(ReadOnlySpan<char> ownerAndSerial)
    {
        if (ownerAndSerial.Length != 10)
        {
            return null;
        }
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var c = ownerAndSerial[i];
            int value;
            if (i < 4 && c is >= 'A' and <= 'Z')
            {
                value = ContainerLetterValues[c - 'A'];
            }
            else if (i >= 4 && char.IsAsciiDigit(c))
            {
                value = c - '0';
            }
            else
            {
                return null;
            }
            sum += value << i;
        }
        return sum % 11 % 10;
    }

    /// <summary>
    /// IATA air waybill: the last digit of the 8-digit serial is the first 7 digits, read as a
    /// number, mod 7 (so 7, 8 and 9 never appear as check digits).
    /// </summary>
    public static int? AirWaybillCheckDigit(ReadOnlySpan<char> serialFirstSeven)
    {
        if (serialFirstSeven.Length != 7 || !AllAsciiDigits(serialFirstSeven))
        {
            return null;
        }
        return int.Parse(serialFirstSeven, provider: System.Globalization.CultureInfo.InvariantCulture) % 7;
    }

    /// <summary>
    /// GB 32100-2015 unified social credit code: the 18th character from the first 17, each
    /// valued by its index in <see cref="UsccAlphabet"/>: 31 - (Σ value × weight mod 31), where
    /// 31 becomes 0.
    /// </summary>
    public static char? UsccCheckCharacter(ReadOnlySpan<char> firstSeventeen)
    {
        if (firstSeventeen.Length != 17)
        {
            return null;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = UsccAlphabet.IndexOf(firstSeventeen[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }
            sum += value * UsccWeights[i];
        }
        var check = 31 - (sum % 31);
        return UsccAlphabet[check == 31 ? 0 : check];
    }

    /// <summary>IMO ship number: the first six digits weighted 7, 6, 5, 4, 3, 2; the sum mod 10 is the seventh.</summary>
    public static int? ImoCheckDigit(ReadOnlySpan<char> firstSix)
    {
        if (firstSix.Length != 6 || !AllAsciiDigits(firstSix))
        {
            return null;
        }
        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            sum += (firstSix[i] - '0') * (7 - i);
        }
        return sum % 10;
    }

    private static bool AllAsciiDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static int[] BuildContainerLetterValues()
    {
        var values = new int[26];
        var value = 10;
        for (var i = 0; i < 26; i++)
        {
            if (value % 11 == 0)
            {
                value++;
            }
            values[i] = value++;
        }
        return values;
    }
}
