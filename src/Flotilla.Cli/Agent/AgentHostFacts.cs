using Flotilla.Units.Specifiers;

namespace Flotilla.Cli.Agent;

/// <summary>
/// This host's facts for specifiers, except that <c>%m</c> is the agent's machine ID: with
/// <c>--machine-id</c> (several agents on one host) each agent's units must see their own machine.
/// </summary>
internal static class AgentHostFacts
{
    public static IHostFacts For(string machineId)
    {
        var local = new LocalHostFacts();
        return new FixedHostFacts
        {
            HostName = local.HostName,
            MachineId = machineId,
            BootId = local.BootId,
            KernelRelease = local.KernelRelease,
            RuntimeDirectory = local.RuntimeDirectory,
            StateDirectory = local.StateDirectory,
            CacheDirectory = local.CacheDirectory,
            LogsDirectory = local.LogsDirectory,
            ConfigurationDirectory = local.ConfigurationDirectory,
            TemporaryDirectory = local.TemporaryDirectory,
            UserName = local.UserName,
            UserId = local.UserId,
            HomeDirectory = local.HomeDirectory,
            GroupName = local.GroupName,
            GroupId = local.GroupId,
            Shell = local.Shell,
        };
    }
}
