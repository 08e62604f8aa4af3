using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flotilla.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flotilla.Cli.Tests.Fleetctl;

/// <summary>
/// A stand-in for the agent's HTTP transport on a unix socket: just the endpoints the CLI calls, with
/// the shared contract's exact JSON names written out by hand (so a misspelt field in the client
/// fails a test). What the cluster does with a desired state is up to each test (<see cref="OnDesiredState"/>).
/// </summary>
internal sealed class FakeAgentApi : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly object _gate = new();
    private WebApplication? _app;

    public string SocketPath => Path.Combine(_directory.Path, "api.sock");

    public string Directory => _directory.Path;

    public Dictionary<string, FakeUnit> Units { get; } = new(StringComparer.Ordinal);

    public List<FakeState> States { get; } = [];

    public List<FakeMachine> Machines { get; } = [];

    public SortedDictionary<string, string> Kv { get; } = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = [];

    public List<JsonObject> Journal { get; } = [];

    public List<JsonObject> KvEvents { get; } = [];

    /// <summary>Page size of the fleet v1 listings (fleet's is 100; tests lower it to exercise paging).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Called (under the lock) when a PUT sets a unit's desired state; may change current states.</summary>
    public Action<FakeUnit>? OnDesiredState { get; set; }

    /// <summary>Called (under the lock) on every GET of one unit, to let state change over time.</summary>
    public Action<FakeUnit>? OnUnitRead { get; set; }

    /// <summary>Every desired state set through PUT, in order: "name=state".</summary>
    public List<string> DesiredStateChanges { get; } = [];

    /// <summary>Behaves like a one-machine cluster that does at once what is asked: launched runs on <paramref name="machineId"/>.</summary>
    public void ActLikeOneMachine(string machineId)
    {
        OnDesiredState = unit =>
        {
            DesiredStateChanges.Add($"{unit.Name}={unit.DesiredState}");
            States.RemoveAll(s => s.Name == unit.Name);
            unit.CurrentState = unit.DesiredState;
            unit.MachineId = unit.DesiredState == "inactive" ? null : machineId;
            if (unit.DesiredState != "inactive")
            {
                var running = unit.DesiredState == "launched";
                States.Add(new FakeState(unit.Name, machineId, unit.Hash, "loaded", running ? "active" : "inactive", running ? "running" : "dead"));
            }
        };
    }

    public string[] Args(params string[] arguments) => ["--endpoint", SocketPath, .. arguments];

    /// <summary>With <see cref="StartHttpsAsync"/>: https://127.0.0.1:PORT/.</summary>
    public string HttpsUrl { get; private set; } = "";

    /// <summary>The client certificate the last https request presented, if any.</summary>
    public string? ClientCertificateSubject { get; private set; }

    /// <summary>Makes every fleet v1 machines request wait this long before answering.</summary>
    public TimeSpan MachinesDelay { get; set; }

    public Task StartAsync() => StartAsync(k => k.ListenUnixSocket(SocketPath));

    public async Task StartHttpsAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        await StartAsync(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));
        HttpsUrl = _app!.Urls.First();
    }

    private async Task StartAsync(Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions> listen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(listen);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            lock (_gate)
            {
                Requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            }

            if (context.Connection.ClientCertificate is { } client)
            {
                ClientCertificateSubject = client.Subject;
            }

            if (context.Request.Path.StartsWithSegments("/fleet/v1/machines") && MachinesDelay > TimeSpan.Zero)
            {
                await Task.Delay(MachinesDelay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await next(context);
        });
        MapFleet(app);
        MapNative(app);
        await app.StartAsync();
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _directory.Dispose();
    }

    public void Locked(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }

    private void MapFleet(WebApplication app)
    {
        app.MapGet("/fleet/v1/units", (HttpRequest request) => Locked(() =>
            Page("units", Units.Values.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => u.ToJson()), request)));
        app.MapGet("/fleet/v1/units/{name}", (string name) => Locked(() =>
        {
            if (!Units.TryGetValue(name, out var unit))
            {
                return Error(404, "unit does not exist");
            }

            OnUnitRead?.Invoke(unit);
            return Json(unit.ToJson());
        }));
        app.MapPut("/fleet/v1/units/{name}", async (string name, HttpRequest request) =>
        {
            var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!.AsObject();
            return Locked(() =>
            {
                var desired = body["desiredState"]?.GetValue<string>();
                var options = body["options"]?.AsArray().Select(o => (o!["section"]!.GetValue<string>(), o["name"]!.GetValue<string>(), o["value"]!.GetValue<string>())).ToList();
                if (!Units.TryGetValue(name, out var unit))
                {
                    if (options is null)
                    {
                        return Error(409, "unit does not exist and options were not provided");
                    }

                    unit = new FakeUnit(name) { Options = options, DesiredState = desired ?? "inactive" };
                    Units[name] = unit;
                    OnDesiredState?.Invoke(unit);
                    return Results.StatusCode(201);
                }

                if (options is not null)
                {
                    unit.Options = options;
                }

                if (desired is not null)
                {
                    unit.DesiredState = desired;
                    OnDesiredState?.Invoke(unit);
                }

                return Results.StatusCode(options is null ? 204 : 201);
            });
        });
        app.MapDelete("/fleet/v1/units/{name}", (string name) => Locked(() =>
        {
            // A real cluster stops the unit where it runs; here its reports simply go.
            States.RemoveAll(s => s.Name == name);
            return Units.Remove(name) ? Results.StatusCode(204) : Error(404, "unit does not exist");
        }));
        app.MapGet("/fleet/v1/state", (HttpRequest request) => Locked(() =>
        {
            var unitName = request.Query["unitName"].ToString();
            var states = States.Where(s => unitName.Length == 0 || s.Name == unitName).Select(s => s.ToJson());
            return Page("states", states, request);
        }));
        app.MapGet("/fleet/v1/machines", (HttpRequest request) => Locked(() => Page("machines", Machines.Select(m => m.ToJson()), request)));
    }

    private void MapNative(WebApplication app)
    {
        app.MapGet("/flotilla/v1/units/{name}", (string name) => Locked(() =>
        {
            if (!Units.TryGetValue(name, out var unit))
            {
                return Error(404, $"unit {name} not found");
            }

            var states = new JsonArray(States.Where(s => s.Name == name).Select(s => (JsonNode)new JsonObject
            {
                ["machineID"] = s.MachineId,
                ["hash"] = s.Hash,
                ["load"] = s.Load,
                ["active"] = s.Active,
                ["sub"] = s.Sub,
                ["updatedAt"] = "2026-11-28T07:58:01.000Z",
            }).ToArray());
            return Json(new JsonObject
            {
                ["name"] = name,
                ["desiredState"] = unit.DesiredState,
                ["hash"] = unit.Hash,
                ["machineID"] = unit.MachineId,
                ["reason"] = unit.Reason,
                ["global"] = false,
                ["states"] = states,
            });
        }));
        app.MapGet("/flotilla/v1/units/{name}/journal", async (string name, HttpContext context) =>
        {
            var count = int.Parse(context.Request.Query["lines"].ToString() is { Length: > 0 } n ? n : "10", System.Globalization.CultureInfo.InvariantCulture);
            var lines = Locked(() => Units.ContainsKey(name) ? Journal.Where(j => j["unit"]!.GetValue<string>() == name).TakeLast(count).ToList() : null);
            if (lines is null)
            {
                await Error(404, $"no machine has a journal for {name}").ExecuteAsync(context);
                return;
            }

            context.Response.ContentType = "application/x-ndjson";
            foreach (var line in lines)
            {
                await context.Response.WriteAsync(line.ToJsonString() + "\n");
            }
        });
        app.MapGet("/flotilla/v1/kv/{**key}", async (string? key, HttpContext context) =>
        {
            var path = "/" + key;
            var query = context.Request.Query;
            if (query["watch"] == "true")
            {
                context.Response.ContentType = "application/x-ndjson";
                await context.Response.Body.FlushAsync();
                foreach (var change in Locked(() => KvEvents.ToList()))
                {
                    await context.Response.WriteAsync(change.ToJsonString() + "\n");
                    await context.Response.Body.FlushAsync();
                }

                // Stays open as the real agent does, until the client goes away.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            var result = Locked(() =>
            {
                if (query["recursive"] == "true")
                {
                    var prefix = path.TrimEnd('/') + "/";
                    var entries = new JsonArray(Kv.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
                        .Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray());
                    return Json(new JsonObject { ["entries"] = entries, ["revision"] = 7 });
                }

                return Kv.TryGetValue(path, out var value)
                    ? Json(new JsonObject { ["key"] = path, ["value"] = value, ["revision"] = 7 })
                    : Error(404, $"key not found: {path}");
            });
            await result.ExecuteAsync(context);
        });
        app.MapPut("/flotilla/v1/kv/{**key}", async (string key, HttpRequest request) =>
        {
            key = "/" + key;
            var value = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
            return Locked(() =>
            {
                Kv[key] = value;
                return Json(new JsonObject { ["key"] = key, ["value"] = value, ["revision"] = 8 });
            });
        });
        app.MapDelete("/flotilla/v1/kv/{**key}", (string key, HttpRequest request) => Locked(() =>
        {
            key = "/" + key;
            var doomed = Kv.Keys.Where(k => k == key || (request.Query["recursive"] == "true" && k.StartsWith(key + "/", StringComparison.Ordinal))).ToList();
            if (doomed.Count == 0)
            {
                return Error(404, $"key not found: {key}");
            }

            doomed.ForEach(k => Kv.Remove(k));
            return Json(new JsonObject { ["deleted"] = doomed.Count });
        }));
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private IResult Page(string field, IEnumerable<JsonObject> items, HttpRequest request)
    {
        var all = items.ToList();
        var start = int.TryParse(request.Query["nextPageToken"], out var token) ? token : 0;
        var page = new JsonObject { [field] = new JsonArray(all.Skip(start).Take(PageSize).Select(i => (JsonNode)i).ToArray()) };
        if (start + PageSize < all.Count)
        {
            page["nextPageToken"] = (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Json(page);
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult Error(int code, string message) =>
        Results.Text(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(), "application/json", statusCode: code);
}
