using System.Globalization;

namespace TradeChain.Ingest.Formats.Text;

/// <summary>
/// Strict readers for the date-time forms partners send. Each returns false instead of
/// throwing, and never guesses: a string that is not exactly the form is not a time.
/// </summary>
public static class Timestamps
{
    /// <summary>Offsets beyond ±14:00 do not exist on Earth (Line Islands, UTC+14).</summary>
    private const int MaxOffsetMinutes = 14 * 60;

    /// <summary>
    /// RFC 3339 / ISO 8601 extended: <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±HH:mm)</c>. Without an
    /// offset the string is accepted only when <paramref name="offsetIfMissing"/> is given.
    /// </summary>
    public static bool TryParseIso(string? text, TimeSpan? offsetIfMissing, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 19 || text.Length > 35)
        {
            return false;
        }
        var s = text.AsSpan();
        if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }
        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)
            || !Digits(s.Slice(11, 2), out var hour) || !Digits(s.Slice(14, 2), out var minute) || !Digits(s.Slice(17, 2), out var second))
        {
            return false;
        }
        var rest = s[19..];
        long fractionTicks = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 0;
            while (digits + 1 < rest.Length && char.IsAsciiDigit(rest[digits + 1]))
            {
                digits++;
            }
            if (digits is 0 or > 7)
            {
                return false;
            }
            Digits(rest.Slice(1, digits), out var fraction);
            fractionTicks = fraction * (long)Math.Pow(10, 7 - digits);
            rest = rest[(digits + 1)..];
        }
        TimeSpan offset;
        if (rest.IsEmpty)
        {
            if (offsetIfMissing is null)
            {
                return false;
            }
            offset = offsetIfMissing.Value;
        }
        else if (rest is "Z" or "z")
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':'
            && Digits(rest.Slice(1, 2), out var offsetHours) && Digits(rest.Slice(4, 2), out var offsetMinutes) && offsetMinutes < 60)
        {
            var minutes = (offsetHours * 60) + offsetMinutes;
            if (minutes > MaxOffsetMinutes)
            {
                return false;
            }
            offset = TimeSpan.FromMinutes(rest[0] == '-' ? -minutes : minutes);
        }
        else
        {
            return false;
        }
        return TryCreate(year, month, day, hour, minute, second, fractionTicks, offset, out value);
    }

    /// <summary>
    /// UN/EDIFACT date/time (DTM C507, qualifier 2379): 102 CCYYMMDD, 203 CCYYMMDDHHMM,
    /// 204 CCYYMMDDHHMMSS, 303 CCYYMMDDHHMMZZZ, 304 CCYYMMDDHHMMSSZZZ. ZZZ is "UTC", "GMT" or
    /// a signed hour offset such as "+08"; without one, <paramref name="localOffset"/> applies.
    /// </summary>
    public static bool TryParseEdifact(string? text, string? formatCode, TimeSpan localOffset, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }
        var s = text.AsSpan();
        var (timeDigits, hasZone) = formatCode switch
        {
            "102" => (0, false),
            "203" => (4, false),
            "204" => (6, false),
            "303" => (4, true),
            "304" => (6, true),
            _ => (-1, false),
        };
        if (timeDigits < 0 || s.Length != 8 + timeDigits + (hasZone ? 3 : 0))
        {
            return false;
        }
        if (!Digits(s[..4], out var year) || !Digits(s.Slice(4, 2), out var month) || !Digits(s.Slice(6, 2), out var day))
        {
            return false;
        }
        int hour = 0, minute = 0, second = 0;
        if (timeDigits >= 4 && (!Digits(s.Slice(8, 2), out hour) || !Digits(s.Slice(10, 2), out minute)))
        {
            return false;
        }
        if (timeDigits == 6 && !Digits(s.Slice(12, 2), out second))
        {
            return false;
        }
        var offset = localOffset;
        if (hasZone && !TryZone(s[(8 + timeDigits)..], out offset))
        {
            return false;
        }
        return TryCreate(year, month, day, hour, minute, second, 0, offset, out value);
    }

    /// <summary>UNB preparation date and time (S004): YYMMDD and HHMM, in the sender's local time. Years 00-99 are 2000-2099.</summary>
    public static bool TryParseUnbDateTime(string? date, string? time, TimeSpan localOffset, out DateTimeOffset value)
    {
        value = default;
        if (date is null || time is null || date.Length != 6 || time.Length != 4)
        {
            return false;
        }
        return Digits(date.AsSpan(0, 2), out var year) && Digits(date.AsSpan(2, 2), out var month) && Digits(date.AsSpan(4, 2), out var day)
            && Digits(time.AsSpan(0, 2), out var hour) && Digits(time.AsSpan(2, 2), out var minute)
            && TryCreate(2000 + year, month, day, hour, minute, 0, 0, localOffset, out value);
    }

    /// <summary>An ISO date (yyyy-MM-dd), e.g. a permit's expiry.</summary>
    public static bool TryParseDate(string? text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    private static bool TryZone(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (zone is "UTC" or "GMT")
        {
            return true;
        }
        if ((zone[0] == '+' || zone[0] == '-') && Digits(zone[1..], out var hours) && hours <= 14)
        {
            offset = TimeSpan.FromHours(zone[0] == '-' ? -hours : hours);
            return true;
        }
        return false;
    }

    private static bool TryCreate(int year, int month, int day, int hour, int minute, int second, long fractionTicks, TimeSpan offset, out DateTimeOffset value)
    {
        value = default;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        // The UTC instant must itself be representable (0001-01-01T00:00+08:00 is not).
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 9)
        {
            return false;
        }
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return true;
    }
}
