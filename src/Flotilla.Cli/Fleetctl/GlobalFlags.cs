using System.Globalization;
using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// The global flags of every command that talks to an agent, and their environment defaults:
/// FLOTILLA_&lt;FLAG&gt; first, then fleetctl's FLEETCTL_&lt;FLAG&gt; (flag names upper-cased, dashes as
/// underscores), so fleetctl users' environments keep working.
/// </summary>
internal static class GlobalFlags
{
    public static readonly IReadOnlyDictionary<string, FlagKind> All = new Dictionary<string, FlagKind>
    {
        ["endpoint"] = FlagKind.Value,
        ["request-timeout"] = FlagKind.Value,
        ["ca-file"] = FlagKind.Value,
        ["cert-file"] = FlagKind.Value,
        ["key-file"] = FlagKind.Value,
        ["debug"] = FlagKind.Switch,
    };

    public const string Usage = """
        Global options (also FLOTILLA_<FLAG> or FLEETCTL_<FLAG> in the environment, e.g. FLOTILLA_ENDPOINT):
          --endpoint ADDR           Agent API: a unix socket path (or unix:///path) or an http(s) URL
                                    (default: the local agent's socket, DATA-DIR/flotilla.sock)
          --request-timeout SECS    Give up on a request after this long (default 3)
          --ca-file FILE            Trust only this CA for https endpoints
          --cert-file FILE          Client certificate (PEM) for https endpoints
          --key-file FILE           Key (PEM) of the client certificate
          --debug                   Accepted for fleetctl compatibility

        """;

    /// <returns>The options, or null with <paramref name="error"/> set.</returns>
    public static ClientOptions? Resolve(CommandLine line, Func<string, string?> environment, out string? error)
    {
        string? Get(string flag)
        {
            var envName = flag.ToUpperInvariant().Replace('-', '_');
            return line.Value(flag)
                ?? NonEmpty(environment("FLOTILLA_" + envName))
                ?? NonEmpty(environment("FLEETCTL_" + envName));
        }

        var endpoint = ApiEndpoint.Parse(Get("endpoint") ?? ApiEndpoint.DefaultSocketPath(), out error);
        if (endpoint is null)
        {
            return null;
        }

        var timeout = TimeSpan.FromSeconds(3);
        if (Get("request-timeout") is { } timeoutText)
        {
            if (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            {
                error = $"invalid --request-timeout \"{timeoutText}\": give seconds, greater than 0";
                return null;
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        return new ClientOptions
        {
            Endpoint = endpoint,
            RequestTimeout = timeout,
            CaFile = Get("ca-file"),
            CertFile = Get("cert-file"),
            KeyFile = Get("key-file"),
            Debug = line.Has("debug"),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
