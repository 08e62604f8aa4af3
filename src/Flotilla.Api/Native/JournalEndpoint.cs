using System.Globalization;
using Flotilla.Api.Errors;
using Flotilla.Api.Fleet;
using Flotilla.Api.Hosting;
using Flotilla.Api.Json;
using Flotilla.Registry.Layout;
using Flotilla.Runner;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Api.Native;

/// <summary>
/// <c>GET /flotilla/v1/units/{name}/journal?lines=N&amp;follow=true</c>: the unit's last lines as ndjson,
/// served by the machine that runs (or last ran) it. Another machine's journal is proxied to that
/// machine's TCP API; a proxied request carries <see cref="ProxiedHeader"/> and is never proxied again.
/// </summary>
public static class JournalEndpoint
{
    public const string ProxiedHeader = "X-Flotilla-Proxied";

    private const int DefaultLines = 10;

    /// <summary>How many entries a follower re-reads per poll: enough to find the last one it sent.</summary>
    private const int FollowWindow = 1000;


    public static async Task ServeAsync(string name, HttpContext context, ApiServices services)
    {
        FleetEndpoints.CheckName(name);
        int lines = ParseLines(context.Request.Query["lines"]);
        bool follow = ParseFollow(context.Request.Query["follow"]);
        CancellationToken cancellationToken = context.RequestAborted;

        string? owner = await FindOwnerAsync(name, services, cancellationToken);
        bool proxied = context.Request.Headers.ContainsKey(ProxiedHeader);
        if (owner is not null && owner != services.Options.MachineId && !proxied)
        {
            await ProxyAsync(owner, context, services);
            return;
        }

        IReadOnlyList<JournalEntry> entries = await services.Units.ReadJournalAsync(name, Math.Max(lines, 1), cancellationToken);
        if (owner is null && entries.Count == 0)
        {
            throw new ApiException(StatusCodes.Status404NotFound, $"no machine has a journal for unit {name}: it is not scheduled and has not run");
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-ndjson";
        JournalEntry? last = entries.Count > 0 ? entries[^1] : null;
        foreach (JournalEntry entry in entries.Skip(Math.Max(0, entries.Count - lines)))
        {
            await WriteAsync(context, entry, cancellationToken);
        }

        await context.Response.Body.FlushAsync(cancellationToken);
        if (follow)
        {
            await FollowAsync(name, last, context, services);
        }
    }

    /// <summary>Re-reads the journal and sends what came after the last entry sent, until the client goes away.</summary>
    private static async Task FollowAsync(string name, JournalEntry? last, HttpContext context, ApiServices services)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(services.Options.JournalPollInterval, services.Options.Time, cancellationToken);
            IReadOnlyList<JournalEntry> window = await services.Units.ReadJournalAsync(name, FollowWindow, cancellationToken);
            int start = 0;
            if (last is not null)
            {
                int index = LastIndexOf(window, last);
                start = index + 1; // not found (rotated past the window): everything in it is new
            }

            for (int i = start; i < window.Count; i++)
            {
                await WriteAsync(context, window[i], cancellationToken);
            }

            if (window.Count > 0)
            {
                last = window[^1];
            }
        }
    }

    private static int LastIndexOf(IReadOnlyList<JournalEntry> window, JournalEntry entry)
    {
        for (int i = window.Count - 1; i >= 0; i--)
        {
            if (window[i] == entry)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The machine that runs the unit: this one if its runner has it; else the one machine reporting a
    /// state for it (a read of the unit's own <c>states/</c> prefix, cheap at any cluster size); else, when
    /// none or several report one (a unit moving), its placement; else the first machine reporting a state.
    /// </summary>
    private static async Task<string?> FindOwnerAsync(string name, ApiServices services, CancellationToken cancellationToken)
    {
        if (services.Units.Find(name) is not null)
        {
            return services.Options.MachineId;
        }

        RegistrySnapshot<UnitStateRecord> states = await services.Cluster.ListUnitStatesAsync(name, cancellationToken);
        List<string> reporting = [.. states.Entries.Select(s => s.Record.Machine).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (reporting.Count == 1)
        {
            return reporting[0];
        }

        // Every machine's assignments are read only here, for a unit that is not placed or is moving.
        RegistrySnapshot<AssignmentRecord> assignments = await services.Cluster.ListAssignmentsAsync(cancellationToken);
        if (assignments.Entries.FirstOrDefault(a => a.Record.Unit == name) is { } assigned)
        {
            return assigned.Record.Machine;
        }

        return reporting.FirstOrDefault();
    }

    private static async Task ProxyAsync(string owner, HttpContext context, ApiServices services)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        RegistrySnapshot<MachineRecord> machines = await services.Cluster.ListMachinesAsync(cancellationToken);
        MachineRecord machine = machines.Entries.Select(e => e.Record).FirstOrDefault(m => m.Id == owner)
            ?? throw new ApiException(StatusCodes.Status404NotFound, $"unit's machine {owner} is not in the cluster; its journal is unavailable");
        if (string.IsNullOrEmpty(machine.ApiUrl))
        {
            throw new ApiException(StatusCodes.Status502BadGateway, $"machine {owner} runs the unit but its agent has no TCP API address (--api-addr http://IP:PORT) to read the journal from");
        }

        var target = new Uri(machine.ApiUrl.TrimEnd('/') + context.Request.Path + context.Request.QueryString);
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Add(ProxiedHeader, services.Options.MachineId);
        HttpResponseMessage response;
        try
        {
            response = await services.PeerClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw new ApiException(StatusCodes.Status502BadGateway, $"cannot reach the agent of machine {owner} at {machine.ApiUrl}: {error.Message}");
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/x-ndjson";
            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
    }

    private static Task WriteAsync(HttpContext context, JournalEntry entry, CancellationToken cancellationToken) =>
        ApiResponses.WriteLineAsync(
            context.Response,
            new JournalLine(
                entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                entry.Unit,
                entry.Source.ToString().ToLowerInvariant(),
                entry.Text),
            ApiJsonContext.Web.JournalLine,
            cancellationToken);

    private static int ParseLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultLines;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int lines) && lines <= 100_000
            ? lines
            : throw new ApiException(400, $"invalid lines \"{text}\": must be a whole number from 0 to 100000");
    }

    private static bool ParseFollow(string? text) => text switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw new ApiException(400, $"invalid follow \"{text}\": must be true or false"),
    };
}
