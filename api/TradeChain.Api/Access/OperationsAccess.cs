using TradeChain.Analytics.Queries;
using TradeChain.Api.Auth;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Access;

/// <summary>
/// The scope's rules for the operational analytics (cargo in port, SLA breaches, turnaround,
/// master-bill split), the vehicle lookup and the node board, in the pattern of
/// <see cref="AccessScope"/>'s KPI rules: narrow the query before it runs, keep the rows the
/// principal may see after. Pure. <c>docs/access.md</c> holds the table; the tests walk it.
/// </summary>
public static class OperationsAccess
{
    extension(AccessScope scope)
    {
        /// <summary>Ports and airports check trucks at their gates, customs supervises them, the regulator sees everything.</summary>
        public bool CanLookUpVehicles => scope.Role is Role.Port or Role.Airport or Role.Customs or Role.Regulator;

        /// <summary>The consortium's nodes are operations' business and the regulator's oversight, as the own node's status is.</summary>
        public bool CanReadNodeBoard => scope.CanReadNodeStatus;

        /// <summary>The port a vehicle's movements are read at: a port-bound principal's own, else what was asked (null: every port).</summary>
        public string? NarrowVehiclePort(string? requested)
        {
            if (!scope.CanLookUpVehicles)
            {
                throw scope.Denied("vehicle registrations and gate movements");
            }
            return Roles.IsPortBound(scope.Role) ? scope.OwnPortOr(requested, "vehicle movements") : requested;
        }

        /// <summary>Cargo in port: a port gets its own port; an enterprise runs the query whole and keeps its own rows (<see cref="Keep(AccessScope, QueryResult{CargoInPortRow})"/>).</summary>
        public CargoInPortQuery Narrow(CargoInPortQuery requested) => scope.Aggregates switch
        {
            AggregateReach.All or AggregateReach.OwnEnterprise => requested,
            AggregateReach.OwnPort => requested with { Port = scope.OwnPortOr(requested.Port, "cargo in port") },
            _ => throw scope.Denied("cargo in port"),
        };

        /// <summary>An enterprise's own rows; a port's rows merged over enterprises, whose identities terminal operators do not see.</summary>
        public QueryResult<CargoInPortRow> Keep(QueryResult<CargoInPortRow> result) => scope.Aggregates switch
        {
            AggregateReach.All => result,
            AggregateReach.OwnEnterprise => result with { Rows = result.Rows.Where(r => r.Enterprise == scope.EnterpriseUscc).ToArray() },
            AggregateReach.OwnPort => result with
            {
                Rows = result.Rows
                    .GroupBy(r => (r.Port, r.Mode, r.Direction))
                    .Select(g => new CargoInPortRow(g.Key.Port, g.Key.Mode, g.Key.Direction, "", g.Sum(r => r.Units), g.Sum(r => r.TotalDwellMs), g.Max(r => r.MaxDwellMs)))
                    .ToArray(),
            },
            _ => throw scope.Denied("cargo in port"),
        };

        /// <summary>Turnaround has no enterprise dimension: enterprises cannot have it (it would be everyone's), ports get their own.</summary>
        public TurnaroundQuery Narrow(TurnaroundQuery requested) => scope.Aggregates switch
        {
            AggregateReach.All => requested,
            AggregateReach.OwnPort => requested with { Port = scope.OwnPortOr(requested.Port, "turnaround") },
            _ => throw scope.Denied("vessel and flight turnaround"),
        };

        /// <summary>SLA breaches: an enterprise's own shipments; a port's shipments without the trader's identity.</summary>
        public QueryResult<SlaBreachRow> Keep(QueryResult<SlaBreachRow> result) => scope.Aggregates switch
        {
            AggregateReach.All => result,
            AggregateReach.OwnEnterprise => result with { Rows = result.Rows.Where(r => r.Enterprise == scope.EnterpriseUscc).ToArray() },
            AggregateReach.OwnPort => result with { Rows = result.Rows.Where(r => r.Port == scope.Port).Select(r => r with { Enterprise = "" }).ToArray() },
            _ => throw scope.Denied("SLA breaches"),
        };

        /// <summary>
        /// A master bill's houses (a shipment drill-down, so shipment reach applies): an enterprise
        /// sees the houses consigned to it, a port the houses at its port without consignees, the
        /// others every house. Nothing left is a 404, as a shipment one may not see is.
        /// </summary>
        public QueryResult<HouseDistributionRow> Keep(string masterBill, QueryResult<HouseDistributionRow> result)
        {
            var kept = scope.Shipments switch
            {
                ShipmentReach.All => result.Rows,
                ShipmentReach.OwnEnterprise => result.Rows.Where(r => r.Consignee == scope.EnterpriseUscc).ToArray(),
                ShipmentReach.OwnPort => result.Rows.Where(r => r.Port == scope.Port).ToArray(),
                _ => throw scope.Denied("master bill splits"),
            };
            if (kept.Count == 0)
            {
                throw ApiProblemException.NotFound($"no houses under master bill '{masterBill}' are visible to you");
            }
            return result with { Rows = scope.SeesParties ? kept : kept.Select(r => r with { Consignee = "" }).ToArray() };
        }

        private string OwnPortOr(string? requested, string what) =>
            requested is null || requested == scope.Port
                ? scope.Port!
                : throw ApiProblemException.Forbidden($"role '{Roles.Name(scope.Role)}' sees {what} of {scope.Port} only, not {requested}");
    }
}
