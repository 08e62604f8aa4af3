using Flotilla.Runner.Processes;

namespace Flotilla.Runner.Supervision;

/// <summary>
/// An exec line made ready for one run: either a launch request, or the setup failure systemd would
/// report from the child before exec (exit code 200, 203, ... and the message it logs).
/// </summary>
internal sealed record PreparedCommand(LaunchRequest? Launch, ProcessExit? SetupFailure, string? FailureMessage);
