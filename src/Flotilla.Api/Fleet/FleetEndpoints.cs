using Flotilla.Api.Errors;
using Flotilla.Api.Hosting;
using Flotilla.Api.Json;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;
using Flotilla.Units.Names;
using Flotilla.Units.Syntax;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Api.Fleet;

/// <summary>
/// fleet's HTTP API v1 under <c>/fleet/v1</c>: the same paths, bodies, status codes, pagination and
/// error bodies, so fleet's own fleetctl and API clients work unchanged.
/// </summary>
public static class FleetEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices services)
    {
        RouteGroupBuilder fleet = routes.MapGroup("/fleet/v1");
        fleet.MapGet("/units", Handler(context => ListUnitsAsync(context, services)));
        fleet.MapGet("/units/{name}", (string name, HttpContext context) => GetUnitAsync(name, services, context.RequestAborted));
        fleet.MapPut("/units/{name}", (string name, HttpContext context) => PutUnitAsync(name, context, services));
        fleet.MapDelete("/units/{name}", (string name, HttpContext context) => DeleteUnitAsync(name, services, context.RequestAborted));
        fleet.MapGet("/state", Handler(context => ListStatesAsync(context, services)));
        fleet.MapGet("/machines", Handler(context => ListMachinesAsync(context, services)));
        fleet.MapPatch("/machines", Handler(context => FleetMachinePatch.ApplyAsync(context, services)));
        fleet.MapGet("/discovery", () => Results.Text(FleetDiscovery.Document, "application/json; charset=utf-8"));
    }

    private static async Task<IResult> ListUnitsAsync(HttpContext context, ApiServices services)
    {
        string? token = context.Request.Query["nextPageToken"];
        ClusterReadModel model = await ClusterReadModel.ReadAsync(services.Cluster, context.RequestAborted);
        (IReadOnlyList<UnitRecord> page, string? next) = PageToken.Take(model.Units, u => u.Name, token, PageToken.SizeOf(context.Request.Query["pageSize"]));
        return ApiResponses.Json(new FleetUnitPage([.. page.Select(model.ToFleetUnit)], next), ApiJsonContext.Web.FleetUnitPage);
    }

    private static async Task<IResult> GetUnitAsync(string name, ApiServices services, CancellationToken cancellationToken)
    {
        CheckName(name);
        ClusterReadModel? model = await ClusterReadModel.ReadUnitAsync(services.Cluster, name, cancellationToken);
        return model is null
            ? ApiResponses.Error(StatusCodes.Status404NotFound, "unit does not exist")
            : ApiResponses.Json(model.ToFleetUnit(model.Units[0]), ApiJsonContext.Web.FleetUnit);
    }

    /// <summary>
    /// fleet's PUT rules: a new unit needs options (201); an existing unit with different options is
    /// overwritten (201); otherwise only the desired state changes (204), and it must be given (409).
    /// Everything is validated before the single write, so a rejected unit is never half-stored.
    /// </summary>
    private static async Task<IResult> PutUnitAsync(string name, HttpContext context, ApiServices services)
    {
        FleetUnit body = await RequestBody.ReadJsonAsync(context, ApiJsonContext.Web.FleetUnit, services.Options.MaxRequestBodyBytes);
        string bodyName = string.IsNullOrEmpty(body.Name) ? name : body.Name;
        if (bodyName != name)
        {
            throw new ApiException(400, $"name in URL \"{name}\" differs from unit name in request body \"{bodyName}\"");
        }

        UnitName unitName = CheckName(name);
        UnitDesiredState? desired = null;
        if (!string.IsNullOrEmpty(body.DesiredState))
        {
            desired = UnitDesiredStateText.TryParse(body.DesiredState, out UnitDesiredState parsed)
                ? parsed
                : throw new ApiException(400, $"invalid desiredState \"{body.DesiredState}\": must be inactive, loaded or launched");
        }

        IReadOnlyList<FleetUnitOption> options = body.Options ?? [];
        CancellationToken cancellationToken = context.RequestAborted;
        RegistryEntry<UnitRecord>? existing = await services.Cluster.GetUnitAsync(name, cancellationToken);
        if (existing is null)
        {
            if (options.Count == 0)
            {
                return ApiResponses.Error(StatusCodes.Status409Conflict, "unit does not exist and options field empty");
            }

            UnitFile file = UnitOptionsText.ToUnitFile(unitName, options);
            UnitDesiredState state = CheckActivation(unitName, desired ?? UnitDesiredState.Inactive);
            try
            {
                await services.Cluster.CreateUnitAsync(new UnitRecord(name, file.NormalizedText, file.Hash, state), cancellationToken);
            }
            catch (RegistryPreconditionFailedException error)
            {
                return ApiResponses.Error(StatusCodes.Status409Conflict, error.Message);
            }

            return Results.StatusCode(StatusCodes.Status201Created);
        }

        if (options.Count > 0)
        {
            UnitFile file = UnitOptionsText.ToUnitFile(unitName, options);
            if (file.Hash != existing.Record.Hash)
            {
                UnitDesiredState state = CheckActivation(unitName, desired ?? existing.Record.DesiredState);
                await ReplaceAsync(services, existing, new UnitRecord(name, file.NormalizedText, file.Hash, state), cancellationToken);
                return Results.StatusCode(StatusCodes.Status201Created);
            }
        }

        if (desired is not { } newState)
        {
            return ApiResponses.Error(StatusCodes.Status409Conflict, "must provide DesiredState to update existing unit");
        }

        CheckActivation(unitName, newState);
        RegistryEntry<UnitRecord>? written = await services.Cluster.SetDesiredStateAsync(name, newState, cancellationToken);
        return written is null
            ? ApiResponses.Error(StatusCodes.Status404NotFound, "unit does not exist")
            : Results.NoContent();
    }

    // Guarded by the revision read, so a replace never resurrects a unit destroyed meanwhile.
    private static async Task ReplaceAsync(ApiServices services, RegistryEntry<UnitRecord> existing, UnitRecord replacement, CancellationToken cancellationToken)
    {
        TransactionResult result = await services.Registry.TransactAsync(
            new TransactionRequest([Compare.Unchanged(existing.Key, existing.ModRevision)], [services.Cluster.PutUnitOperation(replacement)]),
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new ApiException(StatusCodes.Status409Conflict, $"unit {replacement.Name} changed while it was being replaced; try again");
        }
    }

    private static async Task<IResult> DeleteUnitAsync(string name, ApiServices services, CancellationToken cancellationToken)
    {
        CheckName(name);
        return await services.Cluster.DeleteUnitAsync(name, cancellationToken)
            ? Results.NoContent()
            : ApiResponses.Error(StatusCodes.Status404NotFound, "unit does not exist");
    }

    private static async Task<IResult> ListStatesAsync(HttpContext context, ApiServices services)
    {
        string? machine = context.Request.Query["machineID"];
        string? unit = context.Request.Query["unitName"];
        string? token = context.Request.Query["nextPageToken"];
        RegistrySnapshot<UnitStateRecord> states = await services.Cluster.ListUnitStatesAsync(context.RequestAborted);
        List<UnitStateRecord> matching = [.. states.Entries
            .Select(e => e.Record)
            .Where(s => (string.IsNullOrEmpty(machine) || s.Machine == machine) && (string.IsNullOrEmpty(unit) || s.Name == unit))
            .OrderBy(StateKey, StringComparer.Ordinal)];
        (IReadOnlyList<UnitStateRecord> page, string? next) = PageToken.Take(matching, StateKey, token, PageToken.SizeOf(context.Request.Query["pageSize"]));
        return ApiResponses.Json(
            new FleetStatePage([.. page.Select(s => new FleetUnitState(s.Name, s.Hash, s.Machine, s.LoadState, s.ActiveState, s.SubState))], next),
            ApiJsonContext.Web.FleetStatePage);

        // '/' is in neither unit names nor machine IDs, so this key sorts by unit, then machine.
        static string StateKey(UnitStateRecord s) => s.Name + "/" + s.Machine;
    }

    private static async Task<IResult> ListMachinesAsync(HttpContext context, ApiServices services)
    {
        string? token = context.Request.Query["nextPageToken"];
        RegistrySnapshot<MachineRecord> machines = await services.Cluster.ListMachinesAsync(context.RequestAborted);
        List<MachineRecord> sorted = [.. machines.Entries.Select(e => e.Record).OrderBy(m => m.Id, StringComparer.Ordinal)];
        (IReadOnlyList<MachineRecord> page, string? next) = PageToken.Take(sorted, m => m.Id, token, PageToken.SizeOf(context.Request.Query["pageSize"]));
        return ApiResponses.Json(
            new FleetMachinePage([.. page.Select(m => new FleetMachine(m.Id, m.PublicIp, m.Metadata))], next),
            ApiJsonContext.Web.FleetMachinePage);
    }

    /// <summary>A handler whose result is written (a lambda of HttpContext alone would be taken for a RequestDelegate that drops it).</summary>
    public static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    /// <summary>Validates a unit name with fleet's rules; 400 with fleet's message otherwise.</summary>
    public static UnitName CheckName(string name) =>
        UnitName.Validate(name) is { } problem ? throw new ApiException(400, problem) : UnitName.Parse(name);

    private static UnitDesiredState CheckActivation(UnitName name, UnitDesiredState state) =>
        name.IsTemplate && state != UnitDesiredState.Inactive
            ? throw new ApiException(400, $"cannot activate template \"{name.Name}\"")
            : state;
}
