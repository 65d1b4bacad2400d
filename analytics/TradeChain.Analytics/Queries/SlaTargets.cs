using TradeChain.Trade.Events;

namespace TradeChain.Analytics.Queries;

/// <summary>Choosing the SLA target that applies to a shipment: the most specific one that matches (port beats mode beats direction).</summary>
public static class SlaTargets
{
    public static SlaTarget? For(IReadOnlyList<SlaTarget> targets, string port, TransportMode? mode, TradeDirection? direction)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return targets.Where(t => t.Matches(port, mode, direction)).MaxBy(t => t.Specificity);
    }

    /// <summary>Throws when two targets name the same port, mode and direction: which one applies would be ambiguous.</summary>
    public static void CheckUnique(IReadOnlyList<SlaTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var duplicate = targets.GroupBy(t => (t.Port, t.Mode, t.Direction)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two SLA targets for port '{duplicate.Key.Port ?? "*"}', mode {duplicate.Key.Mode?.ToString() ?? "*"}, direction {duplicate.Key.Direction?.ToString() ?? "*"}");
        }
    }

    /// <summary>The shortest target: any breach has run longer than it, so the engines prefilter with it.</summary>
    public static TimeSpan Shortest(IReadOnlyList<SlaTarget> targets) => targets.Min(t => t.Target);
}
