using TradeChain.Testing;
using System.Security.Cryptography;
using FsCheck.Fluent;
using TradeChain.Crypto;
using TradeChain.Trade.Events;
using Xunit;

namespace TradeChain.Trade.Tests.Events;

[Trait("Category", "Encoding")]
public sealed class EventIdTests
{
    [Fact]
    public void The_id_hashes_the_length_prefixed_triple_under_the_event_id_tag()
    {
        byte[] input =
        [
            0x01, 0x02, 0x01,
            0, 0, 0, 2, (byte)'m', (byte)'1',
            0, 0, 0, 3, (byte)'w', (byte)'m', (byte)'s',
            0, 0, 0, 4, (byte)'R', (byte)'-', (byte)'0', (byte)'1',
        ];

        var id = TradeEvent.ComputeEventId(CryptoSuites.Intl, "m1", "wms", "R-01");

        Assert.Equal(TradeChain.Crypto.HashAlgorithm.Sha256, id.Algorithm);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), id.ToHex());
        Assert.Equal(CryptoSuites.Sm.Hash(input), TradeEvent.ComputeEventId(CryptoSuites.Sm, "m1", "wms", "R-01"));
    }

    [Fact]
    public void Moving_characters_between_parts_changes_the_id()
    {
        var suite = CryptoSuites.Intl;

        Assert.NotEqual(TradeEvent.ComputeEventId(suite, "ab", "c", "d"), TradeEvent.ComputeEventId(suite, "a", "bc", "d"));
        Assert.NotEqual(TradeEvent.ComputeEventId(suite, "a", "bc", "d"), TradeEvent.ComputeEventId(suite, "a", "b", "cd"));
    }

    [Fact]
    public void The_instance_id_is_the_id_of_its_triple()
    {
        var sample = SampleEvents.SeaImport();

        Assert.Equal(
            TradeEvent.ComputeEventId(CryptoSuites.Sm, sample.MemberId, sample.SourceSystem, sample.SourceReference),
            sample.ComputeEventId(CryptoSuites.Sm));
    }

    [Fact]
    public void The_id_depends_only_on_member_source_system_and_source_reference() =>
        PropertyCheck.ForAll(Arb.Zip(TradeEventGenerators.TradeEvents(), TradeEventGenerators.TradeEvents()), pair =>
        {
            var (a, b) = pair;
            var bWithTripleOfA = b with { MemberId = a.MemberId, SourceSystem = a.SourceSystem, SourceReference = a.SourceReference };
            var sameTriple = (a.MemberId, a.SourceSystem, a.SourceReference) == (b.MemberId, b.SourceSystem, b.SourceReference);

            return a.ComputeEventId(CryptoSuites.Intl).Equals(bWithTripleOfA.ComputeEventId(CryptoSuites.Intl))
                && a.ComputeEventId(CryptoSuites.Intl).Equals(b.ComputeEventId(CryptoSuites.Intl)) == sameTriple;
        });
}
