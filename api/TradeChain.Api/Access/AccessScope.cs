using TradeChain.Analytics.Queries;
using TradeChain.Api.Auth;
using TradeChain.Api.Problems;
using TradeChain.Trade.Events;

namespace TradeChain.Api.Access;

/// <summary>Which shipments (traces, timelines, proofs) a principal may see.</summary>
public enum ShipmentReach
{
    None = 0,

    /// <summary>Shipments where the principal's enterprise is a named party.</summary>
    OwnEnterprise = 1,

    /// <summary>Events that happened at the principal's port or airport.</summary>
    OwnPort = 2,

    All = 3,
}

/// <summary>Which aggregates (KPIs, volumes, exports) a principal may see.</summary>
public enum AggregateReach
{
    None = 0,

    /// <summary>Rows of the principal's own enterprise only.</summary>
    OwnEnterprise = 1,

    /// <summary>The principal's port only, without the enterprise dimension.</summary>
    OwnPort = 2,

    All = 3,

    /// <summary>
    /// Counts of declarations and manifests by port, direction and period, nothing else: the
    /// operators' board shows business activity beside node health, without clocks, enterprises or shipments.
    /// </summary>
    VolumesOnly = 4,
}

/// <summary>
/// What one principal may see, decided once from its role and bindings and passed into every
/// query: the query layer filters and redacts with it, so an endpoint that forgot a check still
/// cannot return another enterprise's data. Pure: no I/O, no clock. <c>docs/access.md</c> is the
/// table of these rules and the tests check every cell of it.
/// </summary>
public sealed record AccessScope(string PrincipalId, Role Role, string? EnterpriseUscc, string? Port, string? PartnerId)
{
    public static AccessScope For(Principal principal) =>
        new(principal.Id, principal.Role, principal.EnterpriseUscc, principal.Port, principal.PartnerId);

    public ShipmentReach Shipments => Role switch
    {
        Role.Exporter or Role.Importer => ShipmentReach.OwnEnterprise,
        Role.Port or Role.Airport => ShipmentReach.OwnPort,
        Role.CommerceBureau or Role.Customs or Role.Tax or Role.Regulator => ShipmentReach.All,
        _ => ShipmentReach.None,
    };

    public AggregateReach Aggregates => Role switch
    {
        Role.Exporter or Role.Importer => AggregateReach.OwnEnterprise,
        Role.Port or Role.Airport => AggregateReach.OwnPort,
        Role.CommerceBureau or Role.Customs or Role.Tax or Role.Regulator => AggregateReach.All,
        Role.Operator => AggregateReach.VolumesOnly,
        _ => AggregateReach.None,
    };

    /// <summary>Declared value and consignee details: customs assesses them, tax levies on them, the regulator sees everything.</summary>
    public bool SeesSensitive => Role is Role.Customs or Role.Tax or Role.Regulator;

    /// <summary>Traders' identities (party USCCs): not for terminal operators, who handle boxes and bills, not counterparties.</summary>
    public bool SeesParties => Shipments != ShipmentReach.None && !Roles.IsPortBound(Role);

    public bool CanPushFeeds => PartnerId is not null && Roles.IsFeedPartner(Role);

    public bool CanReadNodeStatus => Role is Role.Operator or Role.Regulator;

    public bool CanReadAudit => Role == Role.Regulator;

    public bool CanManageKeys => Role == Role.Operator;

    /// <summary>Webhooks deliver shipment events, so whoever may read some may subscribe; what is delivered still passes this scope per event.</summary>
    public bool CanSubscribe => Shipments != ShipmentReach.None;

    /// <summary>API usage per function and principal: the bureau watches adoption, the regulator oversight, the operator capacity.</summary>
    public bool CanReadUsage => Role is Role.CommerceBureau or Role.Regulator or Role.Operator;

    /// <summary>Whether this principal's enterprise is a named party of <paramref name="tradeEvent"/>.</summary>
    public bool IsParty(TradeEvent tradeEvent) =>
        EnterpriseUscc is { } uscc && tradeEvent.Parties.Any(p => p.Uscc == uscc);

    /// <summary>Port-bound principals see only what happened at their port; everyone else with reach sees every event of a visible shipment.</summary>
    public bool SeesEvent(TraceEvent traceEvent) => Shipments switch
    {
        ShipmentReach.All or ShipmentReach.OwnEnterprise => true,
        ShipmentReach.OwnPort => traceEvent.Port == Port,
        _ => false,
    };

    /// <summary>
    /// Why a proof of <paramref name="tradeEvent"/> may not be handed out, or null. A proof carries
    /// the event's exact bytes (its leaf hash depends on them), so it cannot be redacted: it goes
    /// only to principals allowed to see every field it holds. Sealed details stay sealed in it.
    /// </summary>
    public string? ProofRefusal(TradeEvent? tradeEvent)
    {
        if (tradeEvent?.Sensitive is { IsSealed: false } && !SeesSensitive)
        {
            return $"the event carries plaintext sensitive details, which role '{Roles.Name(Role)}' may not see; its proof cannot be redacted without breaking it";
        }
        if (tradeEvent is { Parties.Count: > 0 } && !SeesParties)
        {
            return $"the event names its parties, which role '{Roles.Name(Role)}' may not see; its proof cannot be redacted without breaking it";
        }
        return null;
    }

    /// <summary>The KPI query this principal may run for <paramref name="requested"/>: narrowed to its port, or grouped by enterprise so its rows can be kept.</summary>
    public KpiQuery Narrow(KpiQuery requested) => Aggregates switch
    {
        AggregateReach.All => requested,
        AggregateReach.OwnEnterprise => requested with { GroupBy = requested.GroupBy | KpiGrouping.Enterprise },
        AggregateReach.OwnPort => NarrowToPort(requested),
        _ => throw Denied("KPIs"),
    };

    /// <summary>The rows of a narrowed KPI answer this principal may see.</summary>
    public IReadOnlyList<KpiRow> Keep(IReadOnlyList<KpiRow> rows) => Aggregates switch
    {
        AggregateReach.All or AggregateReach.OwnPort => rows,
        AggregateReach.OwnEnterprise => rows.Where(r => r.Enterprise == EnterpriseUscc).ToArray(),
        _ => [],
    };

    /// <summary>Volumes have no enterprise dimension: enterprises cannot have them (they would be everyone's), ports get their own, operators all (counts only).</summary>
    public VolumeQuery Narrow(VolumeQuery requested) => Aggregates switch
    {
        AggregateReach.All or AggregateReach.VolumesOnly => requested,
        AggregateReach.OwnPort when requested.Port is null || requested.Port == Port => requested with { Port = Port },
        AggregateReach.OwnPort => throw ApiProblemException.Forbidden($"role '{Roles.Name(Role)}' sees volumes of {Port} only, not {requested.Port}"),
        _ => throw Denied("port volumes"),
    };

    public ApiProblemException Denied(string what) => ApiProblemException.Forbidden($"role '{Roles.Name(Role)}' may not read {what}");

    private KpiQuery NarrowToPort(KpiQuery requested)
    {
        if (requested.Port is not null && requested.Port != Port)
        {
            throw ApiProblemException.Forbidden($"role '{Roles.Name(Role)}' sees KPIs of {Port} only, not {requested.Port}");
        }
        if (requested.GroupBy.HasFlag(KpiGrouping.Enterprise))
        {
            throw ApiProblemException.Forbidden($"role '{Roles.Name(Role)}' may not group KPIs by enterprise");
        }
        return requested with { Port = Port };
    }
}
