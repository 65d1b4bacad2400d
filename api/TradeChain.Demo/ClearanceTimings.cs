namespace TradeChain.Demo;

/// <summary>
/// The simulated clocks of the demo's shipments: what drives the clearance KPIs it shows. Border
/// compliance (arrival or gate-in/RCS to release or loading, the World Bank "Trading across
/// Borders" measure) is drawn from a log-normal distribution around a median per mode and
/// direction; inspections and holds add to it. Defaults follow the step-8 targets and the figure
/// they come from (docs/demo.md): the World Bank's Doing Business 2020 for China (Shanghai and
/// Beijing), border compliance about 36 h for imports and 21 h for exports by sea; air cargo
/// clears within hours.
/// </summary>
public sealed record ClearanceTimings
{
    /// <summary>Sea import: vessel arrival to customs release, median hours.</summary>
    public double SeaImportBorderHours { get; init; } = 36;

    /// <summary>Sea export: container gate-in to loading on the vessel, median hours.</summary>
    public double SeaExportBorderHours { get; init; } = 20;

    /// <summary>Air import: flight arrival to customs release, median hours.</summary>
    public double AirImportBorderHours { get; init; } = 4;

    /// <summary>Air export: acceptance at the terminal (RCS) to departure, median hours.</summary>
    public double AirExportBorderHours { get; init; } = 6;

    /// <summary>Log-normal shape of every border clock: 0.35 puts the middle 50 % within about ±25 % of the median.</summary>
    public double BorderSigma { get; init; } = 0.35;

    /// <summary>Customs orders a physical inspection (查验) for about 5 % of declarations.</summary>
    public double InspectionRate { get; init; } = 0.05;

    /// <summary>Hours an inspection adds at a sea port (container to the inspection area and back); air takes about a third.</summary>
    public (double Min, double Max) SeaInspectionHours { get; init; } = (12, 36);

    /// <summary>Customs holds a declaration (扣留) for a few days, then releases it.</summary>
    public double HoldRate { get; init; } = 0.03;

    public (double Min, double Max) HoldHours { get; init; } = (24, 72);

    /// <summary>A declaration returned for correction (退单) and filed again: documentary compliance grows by a day.</summary>
    public double RejectionRate { get; init; } = 0.05;

    /// <summary>Messages a partner sends late (hours after they happened, after later milestones): out-of-order delivery.</summary>
    public double LateRate { get; init; } = 0.04;

    public (double Min, double Max) LateHours { get; init; } = (6, 48);

    /// <summary>Messages a partner sends twice (same message later): the ledger keeps the first.</summary>
    public double ResendRate { get; init; } = 0.01;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, hours) in new[] { ("sea import", SeaImportBorderHours), ("sea export", SeaExportBorderHours), ("air import", AirImportBorderHours), ("air export", AirExportBorderHours) })
        {
            if (hours is <= 0 or > 24 * 30)
            {
                problems.Add($"{name} border compliance must be between 0 and 720 hours, is {hours}");
            }
        }
        if (BorderSigma is < 0 or > 2)
        {
            problems.Add($"border sigma must be between 0 and 2, is {BorderSigma}");
        }
        foreach (var (name, rate) in new[] { ("inspection", InspectionRate), ("hold", HoldRate), ("rejection", RejectionRate), ("late", LateRate), ("resend", ResendRate) })
        {
            if (rate is < 0 or > 1)
            {
                problems.Add($"{name} rate must be between 0 and 1, is {rate}");
            }
        }
        foreach (var (name, range) in new[] { ("inspection hours", SeaInspectionHours), ("hold hours", HoldHours), ("late hours", LateHours) })
        {
            if (range.Min < 0 || range.Max < range.Min)
            {
                problems.Add($"{name} must be a range 0 ≤ min ≤ max, is {range.Min}..{range.Max}");
            }
        }
        return problems;
    }
}
