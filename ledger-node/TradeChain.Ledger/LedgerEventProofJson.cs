using System.Text.Json;
using System.Text.Json.Nodes;
using TradeChain.Consensus;
using TradeChain.Crypto;
using TradeChain.Primitives.Merkle;
using TradeChain.Trade.Batches;

namespace TradeChain.Ledger;

/// <summary>
/// The ledger section of an event proof file: <c>tradechain.event-proof/1</c> as
/// <see cref="EventProofJson"/> writes it, plus a <c>"ledger"</c> object that carries the rest of
/// the chain of evidence — the transaction summary (whose id commits to the signed batch), the
/// Merkle path from the transaction to the block's transactions root, the canonical block header,
/// the commit certificate and the validator set that certified the block. Readers of the base
/// format ignore the section; <c>tradechain verify-event</c> checks it when present.
/// </summary>
public static class LedgerEventProofJson
{
    public const string SectionName = "ledger";

    /// <summary>The proof file for <paramref name="proof"/>, with the validator set in force at its block's height.</summary>
    public static string Write(LedgerEventProof proof, ValidatorSet validators)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(validators);
        var root = JsonNode.Parse(EventProofJson.Write(proof.Event))!.AsObject();
        var summary = proof.Transaction;
        var ledger = new JsonObject
        {
            ["chainId"] = proof.Block.ChainId,
            ["height"] = proof.Block.Height,
            ["blockId"] = proof.Block.Id.ToString(),
            ["blockHeader"] = Convert.ToBase64String(proof.Block.Encode()),
            ["transaction"] = new JsonObject
            {
                ["type"] = summary.Type.ToString(),
                ["signers"] = new JsonArray(summary.Signers.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                ["timestampMs"] = summary.TimestampMs,
                ["sender"] = summary.Sender,
                ["recipient"] = summary.Recipient,
                ["memo"] = summary.Memo,
                ["dataCommitment"] = summary.DataCommitment.ToString(),
            },
            ["transactionIndex"] = proof.TransactionIndex,
            ["transactionPath"] = new JsonObject
            {
                ["leafIndex"] = proof.TransactionPath.LeafIndex,
                ["leafCount"] = proof.TransactionPath.LeafCount,
                ["path"] = new JsonArray(proof.TransactionPath.Path.Select(d => (JsonNode)JsonValue.Create(d.ToString())!).ToArray()),
            },
            ["certificate"] = proof.Certificate is null ? null : Convert.ToBase64String(proof.Certificate.Encode(proof.Block.ChainId)),
            ["validators"] = new JsonArray(validators.Validators.Select(v => (JsonNode)new JsonObject
            {
                ["memberId"] = v.MemberId,
                ["power"] = v.Power,
                ["keyAlgorithm"] = AlgorithmNames.Of(v.PublicKey.Algorithm),
                ["publicKey"] = Convert.ToBase64String(v.PublicKey.Spki),
            }).ToArray()),
        };
        root[SectionName] = ledger;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>True when the file has a ledger section.</summary>
    public static bool HasLedgerSection(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject root && root[SectionName] is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the ledger section around an already-read <paramref name="eventProof"/>. The
    /// validator set comes from the file: pin it with the network's genesis (or chain) before
    /// trusting a verified certificate. Throws <see cref="FormatException"/> naming the field.
    /// </summary>
    public static (LedgerEventProof Proof, ValidatorSet Validators) Read(string text, EventProof eventProof)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(eventProof);
        JsonObject ledger;
        try
        {
            ledger = (JsonNode.Parse(text) as JsonObject)?[SectionName] as JsonObject ?? throw new FormatException($"no '{SectionName}' section");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}");
        }
        return Field("ledger", () =>
        {
            var header = BlockHeader.Decode(Convert.FromBase64String(Text(ledger, "blockHeader")));
            var transaction = ledger["transaction"] as JsonObject ?? throw new FormatException("missing field 'transaction'");
            var summary = new TransactionSummary(
                Field("transaction.type", () => Enum.Parse<TransactionType>(Text(transaction, "type"))),
                Field("transaction.signers", () => (transaction["signers"] as JsonArray ?? throw new FormatException("must be an array")).Select(n => (n ?? throw new FormatException("null entry")).GetValue<string>()).ToArray()),
                Field("transaction.timestampMs", () => Value<long>(transaction, "timestampMs")),
                Text(transaction, "sender"),
                Text(transaction, "recipient"),
                Field("transaction.dataCommitment", () => Digest.Parse(Text(transaction, "dataCommitment"))),
                Text(transaction, "memo"));
            var pathNode = ledger["transactionPath"] as JsonObject ?? throw new FormatException("missing field 'transactionPath'");
            var pathArray = pathNode["path"] as JsonArray ?? throw new FormatException("missing field 'transactionPath.path'");
            if (pathArray.Count > MerkleTree.MaxPathLength)
            {
                throw new FormatException($"transactionPath.path has more than {MerkleTree.MaxPathLength} digests");
            }
            var path = new MerkleProof(
                Field("transactionPath.leafIndex", () => Value<long>(pathNode, "leafIndex")),
                Field("transactionPath.leafCount", () => Value<long>(pathNode, "leafCount")),
                pathArray.Select((n, i) => Field($"transactionPath.path[{i}]", () => Digest.Parse((n ?? throw new FormatException("null entry")).GetValue<string>()))).ToArray());
            var certificate = ledger["certificate"] is JsonValue certificateText
                ? Field("certificate", () => CommitCertificate.Decode(Convert.FromBase64String(certificateText.GetValue<string>()), header.ChainId))
                : null;
            var validators = Field("validators", () => new ValidatorSet((ledger["validators"] as JsonArray ?? throw new FormatException("must be an array")).Select(n =>
            {
                var v = n as JsonObject ?? throw new FormatException("each validator is an object");
                var algorithm = AlgorithmNames.ParseSignature(Text(v, "keyAlgorithm"));
                return new Validator(Text(v, "memberId"), new PublicKey(algorithm, Convert.FromBase64String(Text(v, "publicKey"))), Value<long>(v, "power"));
            }).ToArray()));
            var index = Field("transactionIndex", () => Value<int>(ledger, "transactionIndex"));
            return (new LedgerEventProof(eventProof, summary, index, path, header, certificate), validators);
        });
    }

    private static string Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"missing or non-string field '{name}'");

    private static T Value<T>(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<T>(out var result) ? result : throw new FormatException($"missing or mistyped field '{name}'");

    private static T Field<T>(string name, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new FormatException(e.Message.Contains($"'{name}", StringComparison.Ordinal) ? e.Message : $"field '{name}': {e.Message}");
        }
    }
}
