using System.Globalization;
using Flotilla.Runner.Journal;
using Flotilla.Runner.Processes;

namespace Flotilla.Runner.Supervision;

/// <summary>The start of the main process for Type=forking and Type=notify.</summary>
internal sealed partial class UnitSupervisor
{
    private static readonly TimeSpan PidFileWait = TimeSpan.FromSeconds(5);

    /// <summary>Type=forking: started when ExecStart's process exits successfully; the main PID comes from PIDFile=.</summary>
    private async Task<string?> StartForkingAsync(ServiceRun run, IReadOnlyDictionary<string, string> environment, CancellationToken token)
    {
        SetState(UnitActiveState.Activating, "start");
        var outcome = await RunControlAsync(run, "ExecStart", run.Definition.ExecStart[0], environment, run.Definition.StartTimeout, token).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return outcome.Result;
        }

        int? mainPid = null;
        if (run.Definition.PidFile is { } pidFile)
        {
            // The parent may exit a moment before the daemon has written its PID file.
            var deadline = _options.Time.GetUtcNow() + PidFileWait;
            while ((mainPid = ReadPidFile(pidFile)) is null && _options.Time.GetUtcNow() < deadline && !token.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, _options.Time, CancellationToken.None).ConfigureAwait(false);
            }
        }
        else if (run.FindProcesses() is [var only])
        {
            // systemd's GuessMainPID: the one process left is the daemon.
            mainPid = only;
        }

        if (mainPid is not { } pid || !ProcessTable.IsAlive(pid))
        {
            Fail(run.Definition.PidFile is { } file
                ? $"Can't open PID file {file} (yet?) after start, or the process in it is gone."
                : "New main PID could not be determined.");
            return ServiceResult.Protocol;
        }

        run.MainPid = pid;
        _journal.Write(JournalSource.Runner, $"Main PID {pid.ToString(CultureInfo.InvariantCulture)}");
        _ = WatchMainAsync(run);
        return null;
    }

    /// <summary>Type=notify: started when the main process sends <c>READY=1</c> on $NOTIFY_SOCKET.</summary>
    private async Task<string?> StartNotifyAsync(ServiceRun run, IReadOnlyDictionary<string, string> environment, CancellationToken token)
    {
        if (StartSimple(run, environment, watch: false) is { } failed)
        {
            return failed;
        }

        var notifications = run.Notifications!;
        var main = run.Main!;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var receive = notifications.ReceiveAsync(stop.Token);
        while (true)
        {
            var done = await Task.WhenAny(receive, main.Exit).ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return ServiceResult.Timeout;
            }

            if (done == main.Exit)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                var exit = main.Exit.Result;
                run.MainExit = exit;
                Fail($"Main process exited before READY=1, code={exit.CodeText}, {exit}");

                // systemd: a clean exit without READY=1 breaks the protocol.
                var result = ExitClassifier.Result(exit, run.Definition, isMainProcess: true);
                return result == ServiceResult.Success ? ServiceResult.Protocol : result;
            }

            IReadOnlyList<KeyValuePair<string, string>> message;
            try
            {
                message = await receive.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return ServiceResult.Timeout;
            }

            var ready = ApplyNotification(run, message);
            if (ready)
            {
                _ = ListenForStatusAsync(run);
                _ = WatchMainAsync(run);
                return null;
            }

            receive = notifications.ReceiveAsync(stop.Token);
        }
    }

    /// <summary>Applies STATUS= and MAINPID=; true on READY=1.</summary>
    private bool ApplyNotification(ServiceRun run, IReadOnlyList<KeyValuePair<string, string>> message)
    {
        var ready = false;
        foreach (var (key, value) in message)
        {
            switch (key)
            {
                case "READY" when value == "1":
                    ready = true;
                    break;
                case "STATUS":
                    SetStatusText(value);
                    break;
                case "MAINPID" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0:
                    run.MainPid = pid;
                    break;
            }
        }

        return ready;
    }

    /// <summary>After READY=1 a notify service may still send STATUS= updates until its run ends.</summary>
    private async Task ListenForStatusAsync(ServiceRun run)
    {
        try
        {
            while (true)
            {
                var message = await run.Notifications!.ReceiveAsync(run.Abort.Token).ConfigureAwait(false);
                ApplyNotification(run, message);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The run ended.
        }
    }

    private static int? ReadPidFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
