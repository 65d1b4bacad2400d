using System.Text;
using System.Text.Json;
using TradeChain.Crypto;
using TradeChain.Primitives.Merkle;
using TradeChain.Trade.Events;

namespace TradeChain.Trade.Batches;

/// <summary>
/// The JSON file form of an <see cref="EventProof"/> ("tradechain.event-proof/1"), as the API
/// hands it to exporters and <c>tradechain verify-event</c> reads it. Binary values are base64
/// (canonical bytes, keys) or algorithm-qualified hex (digests, signatures); the readable batch
/// fields are re-encoded canonically before the signature is checked, so editing any of them
/// breaks the proof.
/// </summary>
public static class EventProofJson
{
    public const string FormatName = "tradechain.event-proof/1";

    /// <summary>A proof holds one event and a log-sized path; anything bigger is not a proof.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public static string Write(EventProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteString("suite", AlgorithmNames.Of(proof.Header.Suite));
            if (proof.EncodedEvent is { } encoded)
            {
                json.WriteBase64String("event", encoded.Span);
            }
            else
            {
                json.WriteNull("event");
            }
            json.WriteString("leafHash", proof.LeafHash.ToString());
            json.WriteNumber("leafIndex", proof.Path.LeafIndex);
            json.WriteNumber("leafCount", proof.Path.LeafCount);
            json.WriteStartArray("path");
            foreach (var sibling in proof.Path.Path)
            {
                json.WriteStringValue(sibling.ToString());
            }
            json.WriteEndArray();
            json.WriteStartObject("batch");
            json.WriteString("memberId", proof.Header.MemberId);
            json.WriteString("feed", proof.Header.Feed.ToString());
            json.WriteNumber("sequence", proof.Header.Sequence);
            json.WriteNumber("createdAtMs", proof.Header.CreatedAtMs);
            json.WriteNumber("eventCount", proof.Header.EventCount);
            json.WriteString("eventsRoot", proof.Header.EventsRoot.ToString());
            json.WriteEndObject();
            json.WriteString("signature", proof.Signature.ToString());
            json.WriteString("signerKeyAlgorithm", AlgorithmNames.Of(proof.SignerKey.Algorithm));
            json.WriteBase64String("signerKey", proof.SignerKey.Spki);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a proof file; a <see cref="FormatException"/> names the field that is wrong and how.</summary>
    public static EventProof Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
        {
            throw new FormatException($"proof file is larger than {MaxFileBytes} bytes");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a proof file is a JSON object");
            }
            var format = String(root, "format");
            if (format != FormatName)
            {
                throw new FormatException($"format is '{format}', this program reads '{FormatName}'");
            }
            var suite = Field("suite", () => AlgorithmNames.ParseSuite(String(root, "suite")));
            // A redacted event is an explicit null; its leaf hash stands in for it.
            ReadOnlyMemory<byte>? encodedEvent = null;
            if (Property(root, "event").ValueKind != JsonValueKind.Null)
            {
                encodedEvent = Base64(root, "event");
            }
            var leafHash = Field("leafHash", () => Digest.Parse(String(root, "leafHash")));
            var leafIndex = Int64(root, "leafIndex");
            var leafCount = Int64(root, "leafCount");
            var pathElement = Property(root, "path");
            if (pathElement.ValueKind != JsonValueKind.Array || pathElement.GetArrayLength() > MerkleTree.MaxPathLength)
            {
                throw new FormatException($"path must be an array of at most {MerkleTree.MaxPathLength} digests");
            }
            var path = pathElement.EnumerateArray()
                .Select((e, i) => Field($"path[{i}]", () => Digest.Parse(e.GetString() ?? throw new FormatException("must be a string"))))
                .ToArray();
            var batch = Property(root, "batch");
            var header = new BatchHeader(
                MemberId: String(batch, "memberId"),
                Feed: Field("batch.feed", () => Enum.Parse<Feed>(String(batch, "feed"), ignoreCase: false)),
                Sequence: Field("batch.sequence", () => Property(batch, "sequence").GetUInt64()),
                CreatedAtMs: Int64(batch, "createdAtMs"),
                Suite: suite,
                EventCount: Field("batch.eventCount", () => Property(batch, "eventCount").GetInt32()),
                EventsRoot: Field("batch.eventsRoot", () => Digest.Parse(String(batch, "eventsRoot"))));
            Field("batch", () =>
            {
                header.Validate();
                return header;
            });
            var signature = Field("signature", () => ParseSignature(String(root, "signature")));
            var keyAlgorithm = Field("signerKeyAlgorithm", () => AlgorithmNames.ParseSignature(String(root, "signerKeyAlgorithm")));
            var signerKey = Field("signerKey", () => new PublicKey(keyAlgorithm, Base64(root, "signerKey").Span));
            return new EventProof(encodedEvent, leafHash, new MerkleProof(leafIndex, leafCount, path), header, signature, signerKey);
        }
    }

    private static Signature ParseSignature(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException("must be 'algorithm:hex'");
        }
        return new Signature(AlgorithmNames.ParseSignature(text[..colon]), Convert.FromHexString(text[(colon + 1)..]));
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"missing field '{name}'");

    private static string String(JsonElement element, string name)
    {
        var value = Property(element, name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"field '{name}' must be a string, found {value.ValueKind}");
    }

    private static long Int64(JsonElement element, string name) => Field(name, () => Property(element, name).GetInt64());

    private static ReadOnlyMemory<byte> Base64(JsonElement element, string name) =>
        Field(name, () => Convert.FromBase64String(String(element, name)));

    /// <summary>Runs a field parser and names the field in whatever it throws.</summary>
    private static T Field<T>(string name, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new FormatException(e.Message.Contains($"'{name}'", StringComparison.Ordinal) ? e.Message : $"field '{name}': {e.Message}");
        }
    }
}
