using System.Globalization;
using Flotilla.Cli.Client;
using Flotilla.Cli.Fleetctl;

namespace Flotilla.Cli.Kv;

/// <summary>
/// <c>flotilla kv</c>: the cluster's discovery keys, with etcdctl v2's verbs and output so a unit's
/// <c>ExecStartPost=/usr/bin/etcdctl set ...</c> works as <c>flotilla kv set ...</c>.
/// </summary>
internal sealed class KvCommand(CommandContext context) : ClientCommand(context)
{
    public override string Name => "kv";

    public override string Summary => "Read and write discovery keys (etcdctl v2 style: get, set, rm, ls, watch...)";

    protected override string CommandUsage => """
        Usage: flotilla kv SUBCOMMAND [OPTIONS] KEY [VALUE]

        Subcommands:
          get KEY                     Print the key's value
          set [--ttl N] KEY [VALUE]   Set the key and print the value (etcdctl v2); --ttl: expires after N seconds;
                                      without VALUE, the value is read from stdin
          put [--ttl N] KEY [VALUE]   Set the key quietly
          rm [--recursive] KEY        Remove the key, printing 'PrevNode.Value: VALUE' (etcdctl v2);
                                      --recursive removes everything under KEY/ too
          del [--recursive] KEY       Remove quietly
          mkdir KEY                   Accepted for etcdctl compatibility (directories are implicit)
          rmdir KEY                   Succeeds when nothing is under KEY/, fails otherwise
          ls [--recursive] [KEY]      Print the keys (and directories) under KEY, one per line (default /)
          watch [--recursive] [--forever] KEY
                                      Wait for a change and print the new value (or
                                      'PrevNode.Value: ...' for a removal); --forever keeps watching

        Keys are absolute (/services/web/1); a missing leading slash is added. Errors are one line on
        stderr and exit 1.

        Options:
          --recursive, -r   See the subcommands
          --ttl N           Seconds until the key expires (set, put)
          --forever         watch: keep watching after the first change

        """;

    protected override IReadOnlyDictionary<string, FlagKind> Flags { get; } = new Dictionary<string, FlagKind>
    {
        ["recursive"] = FlagKind.Switch,
        ["ttl"] = FlagKind.Value,
        ["forever"] = FlagKind.Switch,
    };

    protected override IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string> { ["r"] = "recursive" };

    protected override async Task<int> RunAsync(CommandLine line, FlotillaApiClient client, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count == 0)
        {
            return Misused("no subcommand given");
        }

        var subcommand = line.Positionals[0];
        var args = line.Positionals.Skip(1).ToList();
        var recursive = line.Has("recursive");
        switch (subcommand)
        {
            case "get" when args.Count == 1:
                var value = await client.GetKeyAsync(args[0], cancellationToken);
                if (value is null)
                {
                    return NotFound(args[0]);
                }

                Output.WriteLine(value.Value);
                return ClientCommand.Success;
            case "set" or "put" when args.Count is 1 or 2:
                int? ttl = null;
                if (line.Value("ttl") is { } ttlText)
                {
                    if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds == 0)
                    {
                        return Misused($"invalid --ttl \"{ttlText}\": give whole seconds, 1 or more");
                    }

                    ttl = seconds;
                }

                // etcdctl's rule: without a VALUE argument the value is all of stdin, as it is (newline included).
                var newValue = args.Count == 2 ? args[1] : await Context.Input().ReadToEndAsync(cancellationToken);
                if (newValue.Length == 0)
                {
                    return Misused("no value given: pass VALUE or pipe it on stdin");
                }

                var stored = await client.PutKeyAsync(args[0], newValue, ttl, cancellationToken);
                if (subcommand == "set")
                {
                    Output.WriteLine(stored.Value);
                }

                return ClientCommand.Success;
            case "rm" or "del" when args.Count == 1:
                var previous = subcommand == "rm" && !recursive ? await client.GetKeyAsync(args[0], cancellationToken) : null;
                if (await client.DeleteKeyAsync(args[0], recursive, cancellationToken) is null)
                {
                    return NotFound(args[0]);
                }

                if (previous is not null)
                {
                    Output.WriteLine($"PrevNode.Value: {previous.Value}");
                }

                return ClientCommand.Success;
            case "mkdir" when args.Count == 1:
                // etcd v2 directories existed on their own; here a directory is any key prefix.
                return ClientCommand.Success;
            case "rmdir" when args.Count == 1:
                var under = await client.ListKeysAsync(args[0], cancellationToken);
                if (under.Entries is { Count: > 0 })
                {
                    Error.WriteLine($"Error: directory not empty: {FlotillaApiClient.NormalizeKey(args[0])}");
                    return ClientCommand.Failure;
                }

                return ClientCommand.Success;
            case "ls" when args.Count <= 1:
                return await ListAsync(client, args.Count == 1 ? args[0] : "/", recursive, cancellationToken);
            case "watch" when args.Count == 1:
                return await WatchAsync(client, args[0], recursive, line.Has("forever"), cancellationToken);
            case "get" or "set" or "put" or "rm" or "del" or "mkdir" or "rmdir" or "ls" or "watch":
                return Misused($"wrong number of arguments for \"{subcommand}\"");
            default:
                return Misused($"unknown subcommand \"{subcommand}\"");
        }
    }

    private async Task<int> ListAsync(FlotillaApiClient client, string key, bool recursive, CancellationToken cancellationToken)
    {
        var directory = FlotillaApiClient.NormalizeKey(key);
        var listing = await client.ListKeysAsync(directory, cancellationToken);
        var keys = KeyListing.Children(directory, (listing.Entries ?? []).Select(e => e.Key), recursive);
        if (keys.Count == 0 && directory != "/")
        {
            // etcdctl ls on a plain key printed the key itself.
            if (await client.GetKeyAsync(directory, cancellationToken) is null)
            {
                return NotFound(directory);
            }

            keys = [directory];
        }

        foreach (var child in keys)
        {
            Output.WriteLine(child);
        }

        return ClientCommand.Success;
    }

    private async Task<int> WatchAsync(FlotillaApiClient client, string key, bool recursive, bool forever, CancellationToken cancellationToken)
    {
        await foreach (var change in client.WatchKeysAsync(key, recursive, revision: null, cancellationToken))
        {
            Output.WriteLine(change.Type == "delete" ? $"PrevNode.Value: {change.Value}" : change.Value);
            Output.Flush();
            if (!forever)
            {
                return ClientCommand.Success;
            }
        }

        return ClientCommand.Success;
    }

    private int NotFound(string key)
    {
        Error.WriteLine($"Error: key not found: {FlotillaApiClient.NormalizeKey(key)}");
        return ClientCommand.Failure;
    }
}
