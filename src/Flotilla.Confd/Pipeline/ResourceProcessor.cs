using System.Security.Cryptography;
using System.Text;
using Flotilla.Confd.Native;
using Flotilla.Confd.Resources;
using Flotilla.Confd.Stores;
using Flotilla.Templates;
using Flotilla.Templates.Confd;
using Microsoft.Extensions.Logging;

namespace Flotilla.Confd.Pipeline;

/// <summary>
/// confd's pipeline for one resource (spec/confd.md "Render pipeline"): mode, fetch at one revision,
/// stage file, compare, noop, check_cmd, atomic rename, reload_cmd. A failed render or check never
/// touches dest. Failures to reach the store are thrown (the caller retries); everything else ends in a
/// <see cref="ProcessOutcome"/>.
/// </summary>
public sealed class ResourceProcessor(ITemplateStore store, PipelineOptions options, ILogger logger, ConfdHost? host = null)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly ConfdHost _host = host ?? ConfdHost.System;

    public async Task<ProcessOutcome> ProcessAsync(TemplateResource resource, CancellationToken cancellationToken)
    {
        // 1. Mode: explicit, else the existing dest's, else 0644.
        var mode = resource.Mode ?? ExistingMode(resource.Destination) ?? (UnixFileMode)0b110_100_100;
        var uid = resource.Uid ?? PosixFile.EffectiveUserId;
        var gid = resource.Gid ?? PosixFile.EffectiveGroupId;

        // 2. Fetch every key at one revision.
        var snapshot = await store.ReadAsync(resource.StoreKeys, cancellationToken).ConfigureAwait(false);
        var keys = KeyValueSnapshot.ForResource(resource.Prefix, resource.Keys, snapshot.Pairs);
        var visible = keys.Pairs.Count();
        if (visible < resource.MinKeys)
        {
            ConfdLog.Refused(logger, resource.ConfigFile, resource.Destination, visible, resource.MinKeys);
            return new ProcessOutcome(ProcessResult.Refused, snapshot.Revision,
                $"{resource.ConfigFile}: {visible} keys visible, min_keys is {resource.MinKeys}");
        }

        if (!File.Exists(resource.Source))
        {
            return Fail(snapshot.Revision, $"Missing template: {resource.Source}");
        }

        // 3. Render into a stage file next to dest, so the final rename is atomic.
        string stage;
        try
        {
            stage = CreateStageFile(resource.Destination);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(snapshot.Revision, $"{resource.ConfigFile}: cannot create a stage file for {resource.Destination}: {e.Message}");
        }

        var keepStage = options.KeepStageFile;
        try
        {
            if (Render(resource, keys, stage) is { } renderError)
            {
                keepStage = false; // a half-written stage file helps nobody
                return Fail(snapshot.Revision, renderError);
            }
            File.SetUnixFileMode(stage, mode);
            PosixFile.TryChangeOwner(stage, uid, gid);

            // 4. Compare with dest.
            if (IsSameConfig(stage, resource.Destination))
            {
                ConfdLog.InSync(logger, resource.Destination);
                return new ProcessOutcome(ProcessResult.InSync, snapshot.Revision);
            }
            ConfdLog.OutOfSync(logger, resource.Destination);

            // 5. noop: report and stop.
            if (options.Noop)
            {
                ConfdLog.Noop(logger, resource.Destination);
                return new ProcessOutcome(ProcessResult.WouldUpdate, snapshot.Revision);
            }

            // 6. check_cmd, with {{.src}} = the stage file.
            if (!options.SyncOnly && !string.IsNullOrEmpty(resource.CheckCommand))
            {
                if (await CheckAsync(resource, stage, cancellationToken).ConfigureAwait(false) is { } checkError)
                {
                    return Fail(snapshot.Revision, checkError);
                }
            }

            // 7. Atomic rename onto dest.
            if (Replace(stage, resource.Destination, mode) is { } replaceError)
            {
                return Fail(snapshot.Revision, replaceError);
            }
            ConfdLog.Updated(logger, resource.Destination);

            // 8. reload_cmd.
            if (!options.SyncOnly && !string.IsNullOrEmpty(resource.ReloadCommand))
            {
                var (exitCode, output) = await RunAsync(resource.ReloadCommand, cancellationToken).ConfigureAwait(false);
                if (exitCode != 0)
                {
                    return Fail(snapshot.Revision, $"{resource.ConfigFile}: reload_cmd failed: {ShellCommand.ExitStatus(exitCode)}{OutputSuffix(output)}");
                }
            }
            return new ProcessOutcome(ProcessResult.Updated, snapshot.Revision);
        }
        finally
        {
            if (!keepStage && File.Exists(stage))
            {
                File.Delete(stage);
            }
        }
    }

    private ProcessOutcome Fail(long revision, string message)
    {
        ConfdLog.Failed(logger, message);
        return new ProcessOutcome(ProcessResult.Failed, revision, message);
    }

    private string? Render(TemplateResource resource, IKeyValueSource keys, string stage)
    {
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse(Path.GetFileName(resource.Source), File.ReadAllText(resource.Source), ConfdFunctions.Create(keys, _host));
        }
        catch (TemplateParseException e)
        {
            return $"Unable to process template {resource.Source}, {e.Message}";
        }
        try
        {
            using var writer = new StreamWriter(stage, append: false, Utf8);
            template.Execute(writer, data: null);
            return null;
        }
        catch (TemplateExecutionException e)
        {
            return e.Message;
        }
    }

    private async Task<string?> CheckAsync(TemplateResource resource, string stage, CancellationToken cancellationToken)
    {
        string command;
        try
        {
            command = GoTemplate.Parse("checkcmd", resource.CheckCommand!).Render(new Dictionary<string, object?> { ["src"] = stage });
        }
        catch (TemplateException e)
        {
            return $"Config check failed: {e.Message}";
        }
        var (exitCode, output) = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        return exitCode == 0 ? null : $"Config check failed: {ShellCommand.ExitStatus(exitCode)}{OutputSuffix(output)}";
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string command, CancellationToken cancellationToken)
    {
        ConfdLog.Running(logger, command);
        var (exitCode, output) = await ShellCommand.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (output.Length > 0)
        {
            var trimmed = output.TrimEnd();
            ConfdLog.CommandOutput(logger, command, trimmed);
        }
        return (exitCode, output);
    }

    private static string OutputSuffix(string output) => output.Length == 0 ? "" : $" (output: {output.Trim()})";

    private static UnixFileMode? ExistingMode(string path) =>
        File.Exists(path) ? File.GetUnixFileMode(path) : null;

    /// <summary>Go's ioutil.TempFile(dir(dest), "." + base(dest)): a hidden file with random digits.</summary>
    private static string CreateStageFile(string destination)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        var name = "." + Path.GetFileName(destination);
        for (var attempt = 0; ; attempt++)
        {
            var path = Path.Combine(directory, name + (uint)Random.Shared.Next());
            try
            {
                using var created = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                return path;
            }
            catch (IOException) when (File.Exists(path) && attempt < 100)
            {
                // Taken by another render: draw again.
            }
        }
    }

    private bool IsSameConfig(string stage, string destination)
    {
        if (!File.Exists(destination))
        {
            return false;
        }
        var same = true;
        var stageOwner = PosixFile.GetOwner(stage);
        var destOwner = PosixFile.GetOwner(destination);
        if (stageOwner is { } s && destOwner is { } d)
        {
            if (s.Uid != d.Uid)
            {
                ConfdLog.OwnerDifference(logger, destination, "UID", d.Uid, s.Uid);
                same = false;
            }
            if (s.Gid != d.Gid)
            {
                ConfdLog.OwnerDifference(logger, destination, "GID", d.Gid, s.Gid);
                same = false;
            }
        }
        var stageMode = File.GetUnixFileMode(stage);
        var destMode = File.GetUnixFileMode(destination);
        if (stageMode != destMode)
        {
            var destText = FileModeText.Format(destMode);
            var stageText = FileModeText.Format(stageMode);
            ConfdLog.Difference(logger, destination, "mode", destText, stageText);
            same = false;
        }
        var stageSum = Md5(stage);
        var destSum = Md5(destination);
        if (stageSum != destSum)
        {
            ConfdLog.Difference(logger, destination, "md5sum", destSum, stageSum);
            same = false;
        }
        return same;
    }

    private static string Md5(string path)
    {
        using var stream = File.OpenRead(path);
#pragma warning disable CA5351 // md5 compares contents here, as confd does; it protects nothing.
        return Convert.ToHexStringLower(MD5.HashData(stream));
#pragma warning restore CA5351
    }

    /// <summary>rename(2) onto dest; where that is impossible (dest is a bind mount: EBUSY) write dest in place, as confd does.</summary>
    private static string? Replace(string stage, string destination, UnixFileMode mode)
    {
        try
        {
            File.Move(stage, destination, overwrite: true);
            return null;
        }
        catch (IOException)
        {
            try
            {
                File.WriteAllBytes(destination, File.ReadAllBytes(stage));
                File.SetUnixFileMode(destination, mode);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"cannot replace {destination}: {e.Message}";
            }
        }
        catch (UnauthorizedAccessException e)
        {
            return $"cannot replace {destination}: {e.Message}";
        }
    }
}
