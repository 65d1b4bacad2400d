using System.Text.Json;
using System.Text.Json.Nodes;
using TradeChain.Crypto;
using TradeChain.Ledger.Governance;

namespace TradeChain.Node.Governance;

/// <summary>
/// The file a governance proposal travels in between members (<c>tradechain gov propose</c> →
/// <c>gov sign</c> by each member → <c>gov submit</c>): "tradechain.governance/1" with the
/// canonical proposal bytes (what each member signs), a readable summary, and the approvals so far.
/// </summary>
public static class ProposalFile
{
    public const string FormatName = "tradechain.governance/1";

    public const int MaxFileBytes = 1024 * 1024;

    public static string Write(SignedGovernance governance)
    {
        ArgumentNullException.ThrowIfNull(governance);
        var root = new JsonObject
        {
            ["format"] = FormatName,
            ["summary"] = Describe(governance.Proposal),
            ["chainId"] = governance.Proposal.ChainId,
            ["proposal"] = Convert.ToBase64String(governance.Proposal.Encode()),
            ["approvals"] = new JsonArray(governance.Approvals.Select(a => (JsonNode)new JsonObject
            {
                ["memberId"] = a.MemberId,
                ["signature"] = a.Signature.ToString(),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Reads a proposal file; <see cref="FormatException"/> names what is wrong.</summary>
    public static SignedGovernance Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxFileBytes)
        {
            throw new FormatException($"proposal file is larger than {MaxFileBytes} bytes");
        }
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text) as JsonObject ?? throw new FormatException("a proposal file is a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}");
        }
        if ((string?)root["format"] != FormatName)
        {
            throw new FormatException($"format is '{root["format"]}', this program reads '{FormatName}'");
        }
        var proposal = GovernanceProposal.Decode(Convert.FromBase64String((string?)root["proposal"] ?? throw new FormatException("missing field 'proposal'")));
        var approvals = (root["approvals"] as JsonArray ?? throw new FormatException("missing field 'approvals'")).Select(node =>
        {
            var approval = node as JsonObject ?? throw new FormatException("each approval is an object");
            var text = (string?)approval["signature"] ?? throw new FormatException("approval without 'signature'");
            var colon = text.IndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException("an approval's signature is 'algorithm:hex'");
            }
            return new GovernanceApproval(
                (string?)approval["memberId"] ?? throw new FormatException("approval without 'memberId'"),
                new Signature(AlgorithmNames.ParseSignature(text[..colon]), Convert.FromHexString(text[(colon + 1)..])));
        }).OrderBy(a => a.MemberId, StringComparer.Ordinal).ToArray();
        return new SignedGovernance(proposal, approvals);
    }

    public static string Describe(GovernanceProposal proposal) => proposal.Action switch
    {
        AddMember a => $"add member '{a.Member.MemberId}' ({a.Member.Name}; {string.Join(",", a.Member.Roles)}; {a.Member.Address})",
        RemoveMember r => $"remove member '{r.MemberId}'",
        RotateKey k => $"rotate the key of member '{k.MemberId}'",
        AddValidator v => $"give member '{v.MemberId}' a validator seat with power {v.Power}",
        RemoveValidator v => $"remove the validator seat of member '{v.MemberId}'",
        ChangeParameter c => $"set {c.Name} = {c.Value}",
        Redact r => $"redact event {r.EventId}: {r.Reason}",
        _ => proposal.Action.Kind.ToString(),
    } + (proposal.Memo.Length > 0 ? $" — {proposal.Memo}" : "");
}
