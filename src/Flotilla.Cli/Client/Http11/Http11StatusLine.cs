using System.Net;

namespace Flotilla.Cli.Client.Http11;

/// <summary>The first line of a response.</summary>
internal readonly record struct Http11StatusLine(Version Version, HttpStatusCode StatusCode, string ReasonPhrase);
