using System.Text;
using Flotilla.Agent.Running;
using Flotilla.Registry;
using Flotilla.Registry.Layout;
using Flotilla.Runner;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;
using Flotilla.Units.Registration;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;
using Microsoft.Extensions.Logging;

namespace Flotilla.Agent.Registering;

/// <summary>
/// Keeps the discovery keys of this machine's units (<c>[X-Register]</c>) in the registry, under the
/// agent's presence lease: written while a unit is active and healthy, deleted when it stops, fails or
/// turns unhealthy, and removed by the registry itself when the machine dies and its lease expires —
/// the case in which the seed's <c>ExecStopPost=etcdctl rm</c> never ran and left a stale backend.
/// </summary>
internal sealed class RegistrationPublisher
{
    private static readonly TimeSpan HealthTick = TimeSpan.FromMilliseconds(100);

    private readonly IRegistry _registry;
    private readonly IUnitManager _units;
    private readonly IHostFacts _host;
    private readonly RegistryLayout _layout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HealthProbe _probe = new();
    private readonly WakeSignal _changed = new();
    private readonly WakeSignal _checksAdded = new();
    private readonly Dictionary<string, Tracked> _tracked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _published = new(StringComparer.Ordinal);
    private long _publishedUnder;

    public RegistrationPublisher(IRegistry registry, IUnitManager units, IHostFacts host, RegistryLayout layout, TimeProvider time, ILogger logger)
    {
        _registry = registry;
        _units = units;
        _host = host;
        _layout = layout;
        _time = time;
        _logger = logger;
    }

    /// <summary>Reads the <c>[X-Register]</c> section of a unit just loaded (or forgets the unit when it has none).</summary>
    public void Track(UnitSource unit)
    {
        ServiceRegistration? registration = Read(unit);
        lock (_tracked)
        {
            if (registration is null)
            {
                _tracked.Remove(unit.Name);
            }
            else if (!_tracked.TryGetValue(unit.Name, out Tracked? known) || known.Registration != registration)
            {
                _tracked[unit.Name] = new Tracked(registration);
            }
        }

        if (registration?.HealthCheck is not null)
        {
            _checksAdded.Set();
        }

        _changed.Set();
    }

    /// <summary>Forgets an unloaded unit: its key goes at the next pass.</summary>
    public void Untrack(string unitName)
    {
        lock (_tracked)
        {
            _tracked.Remove(unitName);
        }

        _changed.Set();
    }

    /// <summary>A unit's status changed: registrations follow at once.</summary>
    public void Wake() => _changed.Set();

    /// <summary>Publishes under <paramref name="leaseId"/> until cancelled; registry errors end it (the agent's session restarts it).</summary>
    public async Task RunAsync(long leaseId, CancellationToken cancellationToken)
    {
        if (leaseId != _publishedUnder)
        {
            // Keys written under an earlier lease went with it.
            _published.Clear();
            _publishedUnder = leaseId;
        }

        Task checking = CheckHealthAsync(cancellationToken);
        try
        {
            while (true)
            {
                await PublishAsync(leaseId, cancellationToken);
                await _changed.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            try
            {
                await checking;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task PublishAsync(long leaseId, CancellationToken cancellationToken)
    {
        List<RegisteredUnit> units;
        lock (_tracked)
        {
            units = [.. _tracked.Select(pair => new RegisteredUnit(pair.Key, pair.Value.Registration, _units.Find(pair.Key), pair.Value.Healthy))];
        }

        IReadOnlyDictionary<string, string> desired = RegistrationPlan.Desired(units);
        (IReadOnlyList<KeyValuePair<string, string>> puts, IReadOnlyList<string> deletes) = RegistrationPlan.Diff(_published, desired);
        foreach (string key in deletes)
        {
            await _registry.DeleteAsync(key, cancellationToken);
            _published.Remove(key);
            RegistrationLog.Removed(_logger, key);
        }

        foreach ((string key, string value) in puts)
        {
            await _registry.PutAsync(key, Encoding.UTF8.GetBytes(value), leaseId, cancellationToken);
            _published[key] = value;
            RegistrationLog.Registered(_logger, key, value);
        }
    }

    /// <summary>Runs each due health check of an active unit; an inactive unit's result is forgotten, so a restarted unit is checked again before it is announced.</summary>
    private async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            List<(string Name, Tracked Unit)> due = [];
            DateTimeOffset now = _time.GetUtcNow();
            bool anyChecks = false;
            lock (_tracked)
            {
                foreach ((string name, Tracked unit) in _tracked)
                {
                    if (unit.Registration.HealthCheck is null)
                    {
                        continue;
                    }

                    anyChecks = true;

                    if (_units.Find(name) is not { ActiveState: UnitActiveState.Active or UnitActiveState.Reloading })
                    {
                        unit.Healthy = null;
                        unit.NextCheck = DateTimeOffset.MinValue;
                    }
                    else if (now >= unit.NextCheck)
                    {
                        unit.NextCheck = now + unit.Registration.HealthInterval;
                        due.Add((name, unit));
                    }
                }
            }

            foreach ((string name, Tracked unit) in due)
            {
                TimeSpan limit = unit.Registration.HealthInterval < TimeSpan.FromSeconds(5) ? unit.Registration.HealthInterval : TimeSpan.FromSeconds(5);
                bool healthy = await _probe.CheckAsync(unit.Registration, limit, cancellationToken);
                bool? before;
                lock (_tracked)
                {
                    before = unit.Healthy;
                    unit.Healthy = healthy;
                }

                if (before != healthy)
                {
                    RegistrationLog.Health(_logger, name, unit.Registration.HealthCheck!, healthy ? "passes" : "fails");
                    _changed.Set();
                }
            }

            if (anyChecks)
            {
                await Task.Delay(HealthTick, _time, cancellationToken);
            }
            else
            {
                // Nothing to check: sleep until a unit with a HealthCheck= is tracked, rather than waking
                // ten times a second on every machine (thousands of idle wake-ups in the scale harness).
                await _checksAdded.WaitAsync(cancellationToken);
            }
        }
    }

    private ServiceRegistration? Read(UnitSource unit)
    {
        if (!UnitName.TryParse(unit.Name, out UnitName? name) || name.IsTemplate)
        {
            return null;
        }

        var diagnostics = new List<UnitDiagnostic>();
        UnitFile file = UnitFileParser.Parse(unit.Name, unit.Text, diagnostics);
        ServiceRegistration? registration = ServiceRegistrationReader.Read(file, new SpecifierExpander(name, _host), diagnostics);
        if (diagnostics.FirstOrDefault(d => d.IsError) is { } problem && file.HasSection(ServiceRegistrationReader.Section))
        {
            RegistrationLog.Invalid(_logger, unit.Name, problem.ToString());
        }

        // The cluster's own keys (units, assignments, machines...) are not for units to overwrite: refused
        // once, when the unit is loaded.
        if (registration is not null && (registration.Key.StartsWith(_layout.Prefix, StringComparison.Ordinal) || registration.Key + "/" == _layout.Prefix))
        {
            RegistrationLog.InsideClusterPrefix(_logger, unit.Name, registration.Key, _layout.Prefix);
            return null;
        }

        return registration;
    }

    private sealed class Tracked(ServiceRegistration registration)
    {
        public ServiceRegistration Registration { get; } = registration;

        public bool? Healthy { get; set; }

        public DateTimeOffset NextCheck { get; set; } = DateTimeOffset.MinValue;
    }
}
