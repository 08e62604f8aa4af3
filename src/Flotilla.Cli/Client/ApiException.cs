using System.Net;

namespace Flotilla.Cli.Client;

/// <summary>The agent answered with an error status; <see cref="Exception.Message"/> is its error message.</summary>
internal sealed class ApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
