using System.Text.Json;
using TradeChain.Ingest.Formats.Json;
using TradeChain.Testing;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Tests.Formats;

/// <summary>The published JSON Schema (docs/schemas) says what the parser reads: same enumerations, every written property declared.</summary>
[Trait("Category", "Ingest")]
public sealed class CanonicalJsonSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Samples.RepositoryRoot(), "docs", "schemas", "tradechain.event-1.schema.json"))).RootElement;

    private static JsonElement Definition(string name) => Schema.GetProperty("$defs").GetProperty(name);

    private static IEnumerable<string> Enum(JsonElement property) => property.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

    [Fact]
    public void The_schema_enumerations_are_the_models()
    {
        var eventProperties = Definition("event").GetProperty("properties");

        Assert.Equal(System.Enum.GetNames<TradeEventType>(), Enum(eventProperties.GetProperty("eventType")));
        Assert.Equal(System.Enum.GetNames<TransportMode>(), Enum(eventProperties.GetProperty("mode")));
        Assert.Equal(System.Enum.GetNames<TradeDirection>(), Enum(eventProperties.GetProperty("direction")));
        Assert.Equal(System.Enum.GetNames<Feed>(), Enum(eventProperties.GetProperty("feed")));
        Assert.Equal(System.Enum.GetNames<PartyRole>(), Enum(Definition("party").GetProperty("properties").GetProperty("role")));
        Assert.Equal(CanonicalJson.SchemaV1, Schema.GetProperty("properties").GetProperty("schema").GetProperty("const").GetString());
    }

    [Fact]
    public void Every_property_the_writer_writes_is_declared()
    {
        TradeEvent[] events = [SampleEvents.SeaImport(), SampleEvents.AirExport()];
        using var written = JsonDocument.Parse(CanonicalJsonWriter.WriteMessage(events));

        foreach (var tradeEvent in written.RootElement.GetProperty("events").EnumerateArray())
        {
            AssertDeclared(tradeEvent, Definition("event"), "event");
            AssertDeclared(tradeEvent.GetProperty("references"), Definition("references"), "references");
            foreach (var party in tradeEvent.GetProperty("parties").EnumerateArray())
            {
                AssertDeclared(party, Definition("party"), "party");
            }
            if (tradeEvent.TryGetProperty("sensitive", out var sensitive))
            {
                AssertDeclared(sensitive, Definition("sensitive"), "sensitive");
            }
        }
    }

    private static void AssertDeclared(JsonElement value, JsonElement definition, string name)
    {
        var declared = definition.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(value.EnumerateObject(), p => Assert.True(declared.Contains(p.Name), $"{name}.{p.Name} is written but not in the schema"));
    }
}
