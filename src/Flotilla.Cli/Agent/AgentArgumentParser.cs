using System.Net;
using Flotilla.Registry.Layout;
using Flotilla.Units.Values;

namespace Flotilla.Cli.Agent;

/// <summary>
/// Parses <c>flotilla agent</c>'s arguments. Pure: every mistake comes back as one sentence naming the
/// option, which the command prints with its usage (exit code 2).
/// </summary>
internal static class AgentArgumentParser
{
    public static (AgentSettings? Settings, string? Error) Parse(IReadOnlyList<string> arguments)
    {
        var settings = new AgentSettings();
        bool registryGiven = false;
        for (int i = 0; i < arguments.Count; i++)
        {
            string option = arguments[i];
            if (option == "--dev")
            {
                settings = settings with { Dev = true };
                continue;
            }

            if (!option.StartsWith("--", StringComparison.Ordinal))
            {
                return Fail($"unexpected argument \"{option}\"");
            }

            int equals = option.IndexOf('=', StringComparison.Ordinal);
            string value;
            if (equals > 0)
            {
                value = option[(equals + 1)..];
                option = option[..equals];
            }
            else if (i + 1 < arguments.Count)
            {
                value = arguments[++i];
            }
            else
            {
                return Fail($"option {option} needs a value");
            }

            switch (option)
            {
                case "--data-dir":
                    if (value.Length == 0)
                    {
                        return Fail("--data-dir: the directory must not be empty");
                    }

                    settings = settings with { DataDirectory = value };
                    break;
                case "--machine-id":
                    if (RegistryKeyProblem(value) is { } problem)
                    {
                        return Fail($"--machine-id: \"{value}\" {problem}");
                    }

                    settings = settings with { MachineId = value };
                    break;
                case "--public-ip":
                    if (!IPAddress.TryParse(value, out _))
                    {
                        return Fail($"--public-ip: \"{value}\" is not an IP address");
                    }

                    settings = settings with { PublicIp = value };
                    break;
                case "--metadata":
                    (IReadOnlyDictionary<string, string>? metadata, string? metadataError) = ParseMetadata(value);
                    if (metadata is null)
                    {
                        return Fail($"--metadata: {metadataError}");
                    }

                    settings = settings with { Metadata = metadata };
                    break;
                case "--registry":
                    if (value is not ("embedded" or "etcd"))
                    {
                        return Fail($"--registry: \"{value}\" is not one of embedded, etcd");
                    }

                    registryGiven = true;
                    settings = settings with { Registry = value };
                    break;
                case "--etcd-endpoints":
                    string[] endpoints = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    string? bad = endpoints.FirstOrDefault(e => !Uri.TryCreate(e, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"));
                    if (endpoints.Length == 0 || bad is not null)
                    {
                        return Fail($"--etcd-endpoints: \"{bad ?? value}\" is not an http:// or https:// URL");
                    }

                    settings = settings with { EtcdEndpoints = endpoints };
                    break;
                case "--etcd-cafile" or "--etcd-certfile" or "--etcd-keyfile" or "--api-cert-file" or "--api-key-file" or "--api-ca-file":
                    if (!File.Exists(value))
                    {
                        return Fail($"{option}: file \"{value}\" does not exist");
                    }

                    settings = option switch
                    {
                        "--etcd-cafile" => settings with { EtcdCaFile = value },
                        "--etcd-certfile" => settings with { EtcdCertFile = value },
                        "--etcd-keyfile" => settings with { EtcdKeyFile = value },
                        "--api-cert-file" => settings with { ApiCertFile = value },
                        "--api-key-file" => settings with { ApiKeyFile = value },
                        _ => settings with { ApiCaFile = value },
                    };
                    break;
                case "--agent-ttl" or "--lease-ttl" or "--machine-grace":
                    if (!SystemdTimeSpan.TryParse(value, out TimeSpan span) || span <= TimeSpan.Zero)
                    {
                        return Fail($"{option}: \"{value}\" is not a positive time span (e.g. 10s, 500ms, 1min)");
                    }

                    // Leases are granted in whole seconds; a shorter TTL would silently become 1 s.
                    if (option != "--machine-grace" && span < TimeSpan.FromSeconds(1))
                    {
                        return Fail($"{option}: \"{value}\" is shorter than the registry's 1 s lease granularity");
                    }

                    settings = option switch
                    {
                        "--agent-ttl" => settings with { AgentTtl = span },
                        "--lease-ttl" => settings with { LeaseTtl = span },
                        _ => settings with { MachineGrace = span },
                    };
                    break;
                case "--api-addr":
                    if (Api.Hosting.ApiAddress.TryParse(value, out string? addressProblem) is null)
                    {
                        return Fail($"--api-addr: {addressProblem}");
                    }

                    // Repeatable: e.g. the local unix socket and a TCP address for other agents.
                    settings = settings with { ApiAddresses = [.. settings.ApiAddresses, value] };
                    break;
                case "--runner":
                    if (value is not ("builtin" or "systemd" or "auto"))
                    {
                        return Fail($"--runner: \"{value}\" is not one of builtin, systemd, auto");
                    }

                    settings = settings with { Runner = value };
                    break;
                case "--confdir":
                    if (!Directory.Exists(value))
                    {
                        return Fail($"--confdir: directory \"{value}\" does not exist");
                    }

                    settings = settings with { ConfDirectory = value };
                    break;
                case "--prefix":
                    try
                    {
                        settings = settings with { Layout = new RegistryLayout(value) };
                    }
                    catch (ArgumentException e)
                    {
                        return Fail($"--prefix: {e.Message}");
                    }

                    break;
                default:
                    return Fail($"unknown option \"{option}\"");
            }
        }

        if (!registryGiven && settings.EtcdEndpoints.Count > 0)
        {
            settings = settings with { Registry = "etcd" };
        }

        if (settings.Registry == "etcd" && settings.EtcdEndpoints.Count == 0)
        {
            return Fail("--registry etcd needs --etcd-endpoints");
        }

        if (settings.Registry == "embedded" && settings.EtcdEndpoints.Count > 0)
        {
            return Fail("--etcd-endpoints cannot be used with --registry embedded");
        }

        if (settings.Dev && settings.Registry == "etcd")
        {
            return Fail("--dev runs one machine on the embedded registry; it cannot be used with --registry etcd");
        }

        if ((settings.EtcdCertFile is null) != (settings.EtcdKeyFile is null))
        {
            return Fail("--etcd-certfile and --etcd-keyfile must be given together");
        }

        if ((settings.ApiCertFile is null) != (settings.ApiKeyFile is null))
        {
            return Fail("--api-cert-file and --api-key-file must be given together");
        }

        bool secureAddress = settings.ApiAddresses.Any(a => a.StartsWith("https://", StringComparison.Ordinal));
        if (secureAddress && settings.ApiCertFile is null)
        {
            return Fail("an https:// --api-addr needs --api-cert-file and --api-key-file");
        }

        if (!secureAddress && (settings.ApiCertFile is not null || settings.ApiCaFile is not null))
        {
            // A certificate with no https:// address would leave the user believing the API is protected.
            return Fail("--api-cert-file, --api-key-file and --api-ca-file need an https://IP:PORT --api-addr");
        }

        return (settings, null);
    }

    /// <summary>Parses <c>k=v,k2=v2</c>: every pair needs a key and a value, and a key may appear once.</summary>
    public static (IReadOnlyDictionary<string, string>? Metadata, string? Error) ParseMetadata(string text)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                return (null, $"\"{pair}\" is not key=value");
            }

            string key = pair[..equals].Trim();
            if (!metadata.TryAdd(key, pair[(equals + 1)..].Trim()))
            {
                return (null, $"key \"{key}\" is given twice");
            }
        }

        return (metadata, null);
    }

    private static string? RegistryKeyProblem(string value)
    {
        try
        {
            RegistryLayout.CheckMachineId(value);
            return null;
        }
        catch (Registry.Errors.RegistryInvalidRequestException e)
        {
            // "machine ID 'x' cannot be used in a registry key: it ..." -> keep the reason only.
            int colon = e.Message.IndexOf(": ", StringComparison.Ordinal);
            return "cannot be a machine ID: " + (colon >= 0 ? e.Message[(colon + 2)..] : e.Message);
        }
    }

    private static (AgentSettings?, string?) Fail(string message) => (null, message);
}
