using Flotilla.Cli.Client;

namespace Flotilla.Cli.Tests.Fleetctl;

public class ApiEndpointTests
{
    [Theory]
    [InlineData("/run/flotilla.sock", "/run/flotilla.sock")]
    [InlineData("unix:///run/flotilla.sock", "/run/flotilla.sock")]
    [InlineData("unix:///a.sock,http://127.0.0.1:1", "/a.sock")]
    public void Unix_sockets_are_paths_or_unix_urls(string text, string socket)
    {
        var endpoint = ApiEndpoint.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal(socket, endpoint!.SocketPath);
    }

    [Theory]
    [InlineData("http://127.0.0.1:49153", "http://127.0.0.1:49153/")]
    [InlineData("https://agent.example:8443/base/", "https://agent.example:8443/base/")]
    public void Urls_keep_their_path_as_the_base(string text, string baseAddress)
    {
        var endpoint = ApiEndpoint.Parse(text, out _);
        Assert.Null(endpoint!.SocketPath);
        Assert.Equal(baseAddress, endpoint.BaseAddress.ToString());
    }

    [Theory]
    [InlineData("relative.sock")]
    [InlineData("ftp://host")]
    [InlineData("")]
    public void Anything_else_is_refused(string text)
    {
        Assert.Null(ApiEndpoint.Parse(text, out var error));
        Assert.StartsWith("invalid endpoint", error, StringComparison.Ordinal);
    }
}
