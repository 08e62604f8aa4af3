using BenchmarkDotNet.Attributes;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;
using Flotilla.Units.Verification;

namespace Flotilla.Benchmarks;

/// <summary>
/// What the registry does with every submitted unit: parse, validate (name, [X-Fleet], service
/// options) and hash. Target (issue 2): at least 100,000 units per second on one core.
/// </summary>
[MemoryDiagnoser]
public class UnitVerificationBenchmarks
{
    /// <summary>A typical 30-line unit: description, dependencies, four exec lines, environment, X-Fleet rules.</summary>
    public const string TypicalUnit = """
        # web frontend, one per machine
        [Unit]
        Description=Web frontend %i
        Requires=docker.service image-pull.service
        After=docker.service image-pull.service
        Wants=discovery-web@%i.service

        [Service]
        Type=simple
        Environment="LISTEN=0.0.0.0:8080" MODE=production
        EnvironmentFile=-/etc/web/%i.env
        TimeoutStartSec=2min 30s
        TimeoutStopSec=20s
        Restart=on-failure
        RestartSec=5s
        KillMode=mixed
        SuccessExitStatus=143 SIGTERM
        ExecStartPre=-/usr/bin/docker kill web-%i
        ExecStartPre=-/usr/bin/docker rm web-%i
        ExecStartPre=/usr/bin/docker pull registry.local/web:1.4
        ExecStart=/usr/bin/docker run --rm --name web-%i -p 8080:8080 \
            -e "INSTANCE=%i" -e HOST=%H registry.local/web:1.4
        ExecStop=/usr/bin/docker stop -t 10 web-%i
        WorkingDirectory=/var/lib/web

        [X-Fleet]
        Conflicts=web@*
        MachineMetadata="region=eu" "region=us"
        MachineMetadata=disk=ssd
        """;

    private readonly FixedHostFacts _host = new() { HostName = "node1.example.com", MachineId = "0123456789abcdef0123456789abcdef" };

    [Benchmark(Baseline = true)]
    public string ParseAndHash() => UnitFileParser.Parse("web@8080.service", TypicalUnit).Hash;

    [Benchmark]
    public string ParseValidateAndHash()
    {
        var verification = UnitVerifier.Verify("web@8080.service", "web@8080.service", TypicalUnit, _host);
        return verification.IsValid ? verification.File.Hash : throw new InvalidOperationException("the benchmark unit must be valid");
    }
}
