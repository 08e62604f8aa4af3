using Flotilla.Testing;

namespace Flotilla.Runner.Tests.Systemd;

/// <summary>
/// A stand-in for systemctl and journalctl: two shell scripts that keep each unit's state in a file,
/// append every invocation to a log, and answer <c>show</c> the way systemctl does (KEY=VALUE blocks).
/// The unit's load state comes from the real link in the unit directory, so a missing or dangling link
/// shows as not-found, as it would with systemd.
/// </summary>
public sealed class FakeSystemd : IDisposable
{
    private const string SystemctlScript = """
        #!/bin/sh
        state="$FAKE_STATE"
        units="$FAKE_UNITS"
        printf '%s\n' "$*" >> "$state/calls.log"
        if [ -f "$state/broken" ]; then
          cat "$state/broken.stderr" >&2
          exit "$(cat "$state/broken")"
        fi
        write() { printf 'ActiveState=%s\nSubState=%s\nResult=%s\nMainPID=%s\nStatusText=%s\n' "$2" "$3" "$4" "$5" "$6" > "$state/$1.state"; }
        verb="$1"; shift
        case "$verb" in
          daemon-reload)
            ls "$units" > "$state/links-at-reload" ;;
          start)
            if [ -f "$state/$1.start-fails" ]; then
              write "$1" failed failed exit-code 0 ""
              echo "Job for $1 failed because the control process exited with error code." >&2
              exit 1
            fi
            write "$1" active running success 4242 "serving" ;;
          stop)
            # systemd refuses to stop an inactive unit it could not load.
            if grep -q '^Bad' "$units/$1" 2>/dev/null; then
              echo "Failed to stop $1: Unit $1 not loaded." >&2
              exit 5
            fi
            write "$1" inactive dead success 0 "" ;;
          reload)
            if ! grep -q '^ActiveState=active' "$state/$1.state" 2>/dev/null; then
              echo "Job for $1 failed." >&2
              exit 1
            fi ;;
          reset-failed)
            rm -f "$state/$1.state" ;;
          show)
            shift
            first=1
            for name in "$@"; do
              [ "$first" = 1 ] || echo
              first=0
              echo "Id=$name"
              if [ -e "$units/$name" ]; then
                if grep -q '^Bad' "$units/$name"; then
                  echo "LoadState=bad-setting"
                  echo "LoadError=org.freedesktop.systemd1.BadUnitSetting \"Unit $name has a bad unit file setting.\""
                else
                  echo "LoadState=loaded"
                  echo "LoadError="
                fi
                if [ -f "$state/$name.state" ]; then cat "$state/$name.state"; else write "$name" inactive dead success 0 ""; cat "$state/$name.state"; fi
              else
                printf 'LoadState=not-found\nActiveState=inactive\nSubState=dead\nResult=success\nMainPID=0\nStatusText=\n'
                echo "LoadError=org.freedesktop.systemd1.NoSuchUnit \"Unit $name not found.\""
              fi
            done ;;
          *)
            echo "Unknown command verb $verb." >&2
            exit 1 ;;
        esac
        """;

    private const string JournalctlScript = """
        #!/bin/sh
        printf 'journalctl %s\n' "$*" >> "$FAKE_STATE/calls.log"
        cat "$FAKE_STATE/journal.json" 2>/dev/null
        exit 0
        """;

    private readonly TemporaryDirectory root = new();

    public FakeSystemd()
    {
        Directory.CreateDirectory(StateDirectory);
        Directory.CreateDirectory(FakeState);
        Directory.CreateDirectory(UnitDirectory);
        File.WriteAllText(CallsLog, string.Empty);
        SystemctlPath = WriteScript("systemctl", SystemctlScript);
        JournalctlPath = WriteScript("journalctl", JournalctlScript);
    }

    /// <summary>The runner's state directory.</summary>
    public string StateDirectory => Path.Combine(root.Path, "runner");

    /// <summary>Stands for /run/systemd/system.</summary>
    public string UnitDirectory => Path.Combine(root.Path, "run-systemd-system");

    public string SystemctlPath { get; }

    public string JournalctlPath { get; }

    private string FakeState => Path.Combine(root.Path, "fake");

    private string CallsLog => Path.Combine(FakeState, "calls.log");

    /// <summary>Every invocation so far, one line each (arguments joined by spaces; journalctl's prefixed).</summary>
    public IReadOnlyList<string> Calls() => File.ReadAllLines(CallsLog);

    public void ClearCalls() => File.WriteAllText(CallsLog, string.Empty);

    /// <summary>What the unit directory held when daemon-reload last ran.</summary>
    public IReadOnlyList<string> LinksAtLastReload() =>
        File.ReadAllLines(Path.Combine(FakeState, "links-at-reload")).Where(static l => l.Length > 0).ToList();

    /// <summary>Makes systemd's view of a unit change behind the runner's back (as when its process exits).</summary>
    public void SetState(string unit, string activeState, string subState, string result, int mainPid) =>
        File.WriteAllText(
            Path.Combine(FakeState, unit + ".state"),
            $"ActiveState={activeState}\nSubState={subState}\nResult={result}\nMainPID={mainPid}\nStatusText=\n");

    public void MakeStartFail(string unit) => File.WriteAllText(Path.Combine(FakeState, unit + ".start-fails"), string.Empty);

    /// <summary>From now on systemctl fails every call with this exit code and error text.</summary>
    public void Break(int exitCode, string standardError)
    {
        File.WriteAllText(Path.Combine(FakeState, "broken.stderr"), standardError);
        File.WriteAllText(Path.Combine(FakeState, "broken"), exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void SetJournal(string jsonLines) => File.WriteAllText(Path.Combine(FakeState, "journal.json"), jsonLines);

    public void Dispose() => root.Dispose();

    private string WriteScript(string name, string body)
    {
        // The scripts find their state through variables baked in here, not through the environment,
        // so the runner's child processes need nothing special.
        var text = body
            .Replace("\"$FAKE_STATE\"", Quote(FakeState), StringComparison.Ordinal)
            .Replace("$FAKE_STATE", FakeState, StringComparison.Ordinal)
            .Replace("\"$FAKE_UNITS\"", Quote(UnitDirectory), StringComparison.Ordinal) + "\n";
        var path = Path.Combine(root.Path, "bin", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteExecutable(path, text);
        return path;
    }

    /// <summary>Writes a script and makes it executable (systemd, and so this backend, exist only on Linux).</summary>
    public static void WriteExecutable(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the systemd runner tests run shell scripts");
        }

        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Quote(string path) => "'" + path + "'";
}
