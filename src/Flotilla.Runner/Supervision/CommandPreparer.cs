using Flotilla.Runner.Processes;
using Flotilla.Units.Exec;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Supervision;

/// <summary>
/// Turns an exec line into a launch: program lookup, <c>$</c> expansion, working directory and user. The
/// checks systemd makes in the child after fork (is the program there, can we chdir) are made here, before
/// starting anything, so the unit gets systemd's exit code and a clear message instead of setsid's.
/// </summary>
internal static class CommandPreparer
{
    public static PreparedCommand Prepare(string phase, ExecCommand command, ServiceDefinition service, IReadOnlyDictionary<string, string> environment, string homeDirectory)
    {
        var program = ExecProgramResolver.Resolve(command.Path, IsExecutableFile);
        if (program is null || !File.Exists(program))
        {
            return Failed(ProcessExit.ExecFailed, $"{phase}: {command.Path}: No such file or directory");
        }

        if (!IsExecutableFile(program))
        {
            return Failed(ProcessExit.ExecFailed, $"{phase}: {program}: Permission denied");
        }

        // "+", "!" and "!!" run the command with the manager's own identity.
        var keepIdentity = (command.Flags & (ExecFlags.FullPrivileges | ExecFlags.NoPrivilegeChange | ExecFlags.AmbientCapabilities)) != 0;
        string? user = null;
        var group = keepIdentity ? null : service.Group;
        if (!keepIdentity && service.User is { } userName)
        {
            if (UserAccount.Find(userName) is not { } account)
            {
                return Failed(ProcessExit.UserFailed, $"{phase}: failed to determine user credentials for \"{userName}\": No such process");
            }

            user = account.UserId;
            group ??= account.GroupId;
            homeDirectory = account.HomeDirectory;
        }

        if (group is not null && !UserAccount.GroupExists(group))
        {
            return Failed(ProcessExit.GroupFailed, $"{phase}: failed to determine group credentials for \"{group}\": No such process");
        }

        var workingDirectory = "/";
        if (service.WorkingDirectory is { } directory)
        {
            var path = directory.IsHome ? homeDirectory : directory.Path;
            if (Directory.Exists(path))
            {
                workingDirectory = path;
            }
            else if (!directory.IsOptional)
            {
                return Failed(ProcessExit.ChdirFailed, $"{phase}: changing to the requested working directory {path} failed: No such file or directory");
            }
        }

        var arguments = ExecArgumentExpander.Expand(command, environment);
        return new PreparedCommand(
            new LaunchRequest(
                program,
                arguments.Count > 0 ? arguments : [program],
                environment,
                workingDirectory,
                user,
                group),
            null,
            null);
    }

    private static PreparedCommand Failed(int code, string message) => new(null, ProcessExit.Exited(code), message);

    private static bool IsExecutableFile(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            if (OperatingSystem.IsWindows())
            {
                return true;
            }

            var mode = File.GetUnixFileMode(path);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
