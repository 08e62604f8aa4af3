using System.Net;
using Flotilla.Api.Hosting;

namespace Flotilla.Api.Tests.Hosting;

public sealed class ApiAddressTests
{
    [Theory]
    [InlineData("unix:///run/flotilla.sock", "unix:///run/flotilla.sock")]
    [InlineData("/run/flotilla.sock", "unix:///run/flotilla.sock")]
    [InlineData("http://127.0.0.1:4001", "http://127.0.0.1:4001")]
    [InlineData("http://127.0.0.1:4001/", "http://127.0.0.1:4001")]
    [InlineData("http://0.0.0.0:4001", "http://0.0.0.0:4001")]
    [InlineData("http://[::1]:4001", "http://[::1]:4001")]
    [InlineData("https://127.0.0.1:4001", "https://127.0.0.1:4001")]
    public void Addresses_parse_to_what_a_client_writes(string text, string expected) =>
        Assert.Equal(expected, ApiAddress.Parse(text).ToString());

    [Theory]
    [InlineData("unix://relative.sock")]
    [InlineData("http://localhost:4001")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("https://localhost:4001")]
    [InlineData("ftp://127.0.0.1:4001")]
    [InlineData("somewhere")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.Null(ApiAddress.TryParse(text, out string? problem));
        Assert.Contains(text, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_path_longer_than_a_sockaddr_holds_is_refused_with_a_hint()
    {
        string path = "/tmp/" + new string('s', 120) + ".sock";
        IOException error = Assert.Throws<IOException>(() => UnixSocketGuard.Prepare(path));
        Assert.Contains("--api-addr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tcp_binds_exactly_the_ip_given()
    {
        Assert.Equal(IPAddress.Loopback, ApiAddress.Parse("http://127.0.0.1:1").EndPoint!.Address);
        Assert.False(ApiAddress.Parse("http://127.0.0.1:1").IsUnixSocket);
        Assert.False(ApiAddress.Parse("http://127.0.0.1:1").UsesTls);
        Assert.True(ApiAddress.Parse("https://127.0.0.1:1").UsesTls);
    }
}
