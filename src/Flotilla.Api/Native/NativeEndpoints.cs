using Flotilla.Api.Fleet;
using Flotilla.Api.Hosting;
using Flotilla.Api.Json;
using Flotilla.Registry.Data;
using Flotilla.Registry.Election;
using Flotilla.Registry.Layout;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Api.Native;

/// <summary>Flotilla's own endpoints under <c>/flotilla/v1</c>: health and unit detail here; journal, kv and events in their own types.</summary>
public static class NativeEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices services)
    {
        RouteGroupBuilder native = routes.MapGroup("/flotilla/v1");
        native.MapGet("/health", FleetEndpoints.Handler(context => HealthAsync(services, context.RequestAborted)));
        native.MapGet("/units/{name}", (string name, HttpContext context) => UnitDetailAsync(name, services, context.RequestAborted));
        native.MapGet("/units/{name}/journal", (string name, HttpContext context) => JournalEndpoint.ServeAsync(name, context, services));
        KvEndpoints.Map(native, services);
        native.MapGet("/events", (HttpContext context) => EventsEndpoint.ServeAsync(context, services));
        routes.MapGet("/metrics", (HttpContext context) => MetricsEndpoint.ServeAsync(context, services));
    }

    private static async Task<IResult> HealthAsync(ApiServices services, CancellationToken cancellationToken)
    {
        LeaderInfo? leader = await new LeaderElection(services.Registry, services.Options.Layout.LeaderPrefix).GetLeaderAsync(cancellationToken);
        return ApiResponses.Json(new HealthResponse(services.Options.MachineId, leader?.Value, services.Options.Version), ApiJsonContext.Web.HealthResponse);
    }

    private static async Task<IResult> UnitDetailAsync(string name, ApiServices services, CancellationToken cancellationToken)
    {
        FleetEndpoints.CheckName(name);
        RegistryEntry<UnitRecord>? unit = await services.Cluster.GetUnitAsync(name, cancellationToken);
        if (unit is null)
        {
            return ApiResponses.Error(StatusCodes.Status404NotFound, $"unit {name} does not exist");
        }

        RegistrySnapshot<AssignmentRecord> assignments = await services.Cluster.ListAssignmentsAsync(cancellationToken);
        RegistrySnapshot<UnitStateRecord> states = await services.Cluster.ListUnitStatesAsync(name, cancellationToken);
        KeyValue? reason = await services.Registry.GetAsync(services.Options.Layout.ReasonKey(name), 0, cancellationToken);
        UnitRecord record = unit.Record;
        return ApiResponses.Json(
            new UnitDetail(
                record.Name,
                record.DesiredState.ToFleetString(),
                record.Hash,
                assignments.Entries.FirstOrDefault(a => a.Record.Unit == name)?.Record.Machine,
                reason is null ? null : RegistryRecordCodec.Decode<PlacementReasonRecord>(reason).Reason,
                UnitOptionsText.IsGlobal(record.Name, record.Text),
                [.. states.Entries.Select(e => e.Record).OrderBy(s => s.Machine, StringComparer.Ordinal)
                    .Select(s => new UnitDetailState(s.Machine, s.Hash, s.LoadState, s.ActiveState, s.SubState, s.UpdatedAt) { MainPid = s.MainPid })]),
            ApiJsonContext.Web.UnitDetail);
    }
}
