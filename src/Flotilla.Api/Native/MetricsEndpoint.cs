using System.Globalization;
using System.Text;
using Flotilla.Api.Fleet;
using Flotilla.Api.Hosting;
using Flotilla.Registry.Layout;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Api.Native;

/// <summary><c>GET /metrics</c>: the cluster as Prometheus gauges (read at scrape time) and this API's request counters.</summary>
public static class MetricsEndpoint
{
    private static readonly string[] States = ["inactive", "loaded", "launched"];

    public static async Task ServeAsync(HttpContext context, ApiServices services)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        ClusterReadModel model = await ClusterReadModel.ReadAsync(services.Cluster, cancellationToken);
        RegistrySnapshot<MachineRecord> machines = await services.Cluster.ListMachinesAsync(cancellationToken);
        RegistrySnapshot<PlacementReasonRecord> reasons = await services.Cluster.ListReasonsAsync(cancellationToken);

        var counts = new Dictionary<(string Desired, string Current), int>();
        foreach (UnitRecord unit in model.Units)
        {
            string current = CurrentStateRule.Derive(model.Placements.GetValueOrDefault(unit.Name), UnitOptionsText.IsGlobal(unit.Name, unit.Text), model.States[unit.Name]);
            var key = (unit.DesiredState.ToFleetString(), current);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var text = new StringBuilder();
        text.Append("# HELP flotilla_units Units by desired and current state.\n# TYPE flotilla_units gauge\n");
        foreach (string desired in States)
        {
            foreach (string current in States)
            {
                text.Append(CultureInfo.InvariantCulture, $"flotilla_units{{desired=\"{desired}\",current=\"{current}\"}} {counts.GetValueOrDefault((desired, current))}\n");
            }
        }

        Gauge(text, "flotilla_machines", "Machines present in the cluster.", machines.Entries.Count);
        Gauge(text, "flotilla_placements", "Units placed on a machine by the engine.", model.Placements.Count);
        Gauge(text, "flotilla_unplaceable_units", "Units the engine could not place (with a recorded reason).", reasons.Entries.Count);
        text.Append("# HELP flotilla_api_requests_total Requests this agent's API has answered.\n# TYPE flotilla_api_requests_total counter\n");
        foreach ((string method, int status, long count) in services.Requests.Snapshot())
        {
            text.Append(CultureInfo.InvariantCulture, $"flotilla_api_requests_total{{method=\"{method}\",code=\"{status}\"}} {count}\n");
        }

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(text.ToString(), cancellationToken);
    }

    private static void Gauge(StringBuilder text, string name, string help, int value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");
}
