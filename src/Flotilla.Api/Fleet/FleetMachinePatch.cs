using Flotilla.Api.Errors;
using Flotilla.Api.Hosting;
using Flotilla.Api.Json;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Api.Fleet;

/// <summary>
/// <c>PATCH /fleet/v1/machines</c>: JSON Patch add/replace/remove of <c>/&lt;id&gt;/metadata/&lt;key&gt;</c>.
/// Every operation is checked first and all machines change in one transaction (guarded by the
/// revisions read, keeping each record's presence lease), so a bad patch changes nothing.
/// </summary>
/// <remarks>
/// The change lives in the machine's registry record, which the engine schedules by. The agent writes
/// its configured metadata again when it registers anew (restart or a new lease), as fleet's did.
/// </remarks>
public static class FleetMachinePatch
{
    public static async Task<IResult> ApplyAsync(HttpContext context, ApiServices services)
    {
        List<JsonPatchOperation> operations = await RequestBody.ReadJsonAsync(context, ApiJsonContext.Web.ListJsonPatchOperation, services.Options.MaxRequestBodyBytes);
        RegistrySnapshot<MachineRecord> machines = await services.Cluster.ListMachinesAsync(context.RequestAborted);
        var changed = new Dictionary<string, (RegistryEntry<MachineRecord> Entry, Dictionary<string, string> Metadata)>(StringComparer.Ordinal);
        foreach (JsonPatchOperation operation in operations)
        {
            (string machineId, string key) = ParsePath(operation?.Path);
            if (!changed.TryGetValue(machineId, out var target))
            {
                RegistryEntry<MachineRecord> entry = machines.Entries.FirstOrDefault(e => e.Record.Id == machineId)
                    ?? throw new ApiException(StatusCodes.Status404NotFound, $"machine {machineId} not found");
                target = (entry, new Dictionary<string, string>(entry.Record.Metadata, StringComparer.Ordinal));
                changed[machineId] = target;
            }

            switch (operation!.Op)
            {
                case "add" or "replace":
                    target.Metadata[key] = operation.Value ?? throw new ApiException(400, $"operation {operation.Op} on {operation.Path} needs a string value");
                    break;
                case "remove":
                    target.Metadata.Remove(key);
                    break;
                default:
                    throw new ApiException(400, $"unsupported patch operation \"{operation.Op}\": use add, replace or remove");
            }
        }

        if (changed.Count > 0)
        {
            TransactionResult result = await services.Registry.TransactAsync(
                new TransactionRequest(
                    [.. changed.Values.Select(c => Compare.Unchanged(c.Entry.Key, c.Entry.ModRevision))],
                    [.. changed.Values.Select(c => RegistryOperation.Put(
                        c.Entry.Key,
                        RegistryRecordCodec.Encode(c.Entry.Record with { Metadata = c.Metadata }),
                        c.Entry.LeaseId))]),
                context.RequestAborted);
            if (!result.Succeeded)
            {
                throw new ApiException(StatusCodes.Status409Conflict, "a machine changed while it was being patched; try again");
            }
        }

        return Results.NoContent();
    }

    private static (string MachineId, string Key) ParsePath(string? path)
    {
        string[] parts = (path ?? "").Split('/');
        if (parts.Length != 4 || parts[0].Length != 0 || parts[1].Length == 0 || parts[2] != "metadata" || parts[3].Length == 0)
        {
            throw new ApiException(400, $"invalid patch path \"{path}\": must be /<machineID>/metadata/<key>");
        }

        return (parts[1], parts[3]);
    }
}
