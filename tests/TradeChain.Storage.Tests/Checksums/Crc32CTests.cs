using FsCheck;
using FsCheck.Fluent;
using TradeChain.Storage.Checksums;
using Xunit;

namespace TradeChain.Storage.Tests.Checksums;

/// <summary>CRC-32C against the RFC 3720 (iSCSI) appendix B.4 test vectors, hardware and software paths alike.</summary>
[Trait("Category", "Storage")]
public sealed class Crc32CTests
{
    public static TheoryData<string, byte[], uint> Rfc3720Vectors => new()
    {
        { "32 bytes of zeros", new byte[32], 0x8A9136AAu },
        { "32 bytes of 0xFF", Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43u },
        { "32 incrementing bytes", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794Eu },
        { "32 decrementing bytes", Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5Cu },
        { "\"123456789\" (the CRC catalogue check value)", "123456789"u8.ToArray(), 0xE3069283u },
    };

    [Theory]
    [MemberData(nameof(Rfc3720Vectors))]
    public void matches_the_rfc_3720_vector(string name, byte[] data, uint expected)
    {
        Assert.True(Crc32C.Compute(data) == expected, $"{name}: hardware/default path");
        Assert.True(Crc32C.ComputeSoftware(data) == expected, $"{name}: software path");
    }

    [Fact]
    public void hardware_and_software_paths_agree_and_appending_equals_concatenating() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll<byte[], byte[]>((a, b) =>
            Crc32C.Compute(a) == Crc32C.ComputeSoftware(a)
            && Crc32C.Append(Crc32C.Compute(a), b) == Crc32C.Compute([.. a, .. b])));
}
