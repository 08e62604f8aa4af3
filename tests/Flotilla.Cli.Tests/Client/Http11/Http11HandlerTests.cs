using System.Net;
using System.Net.Sockets;
using System.Text;
using Flotilla.Cli.Client;
using Flotilla.Cli.Client.Http11;
using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Client.Http11;

public sealed class Http11HandlerTests : IAsyncLifetime
{
    private readonly CannedServer _server = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new HttpClient(new Http11Handler(null, ClientTls.SystemDefault)) { BaseAddress = _server.Address };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_request_carries_method_target_host_headers_and_body()
    {
        using var content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, "fleet/v1/units/a%40b.service?x=1") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        var sending = _client.SendAsync(request);

        var head = await _server.ReadRequestAsync(bodyLength: 7);
        await _server.SendAsync("HTTP/1.1 204 No Content\r\n\r\n");
        using var response = await sending;

        var lines = head.Split("\r\n");
        Assert.Equal("PUT /fleet/v1/units/a%40b.service?x=1 HTTP/1.1", lines[0]);
        Assert.Contains($"Host: 127.0.0.1:{_server.Address.Port}", lines);
        Assert.Contains("Accept: application/json", lines);
        Assert.Contains("Content-Type: application/json; charset=utf-8", lines);
        Assert.Contains("Content-Length: 7", lines);
        Assert.Contains("Connection: close", lines);
        Assert.EndsWith("\r\n\r\n{\"a\":1}", head, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Headers_land_on_the_response_or_its_content()
    {
        var sending = _client.GetAsync("x");
        await _server.ReadRequestAsync();
        await _server.SendAsync("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nX-Etcd-Index: 42\r\nContent-Length: 2\r\n\r\n{}");
        using var response = await sending;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found", response.ReasonPhrase);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, response.Content.Headers.ContentLength);
        Assert.Equal(["42"], response.Headers.GetValues("X-Etcd-Index"));
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_chunked_stream_is_read_line_by_line_as_the_server_writes_it()
    {
        var sending = _client.GetAsync("journal?follow=true", HttpCompletionOption.ResponseHeadersRead);
        await _server.ReadRequestAsync();
        await _server.SendAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n");
        using var response = await sending;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The second line is not written until the first has been read: a buffering client would hang here.
        Assert.Equal("first", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        await _server.SendAsync("7\r\nsecond\n\r\n0\r\n\r\n");
        Assert.Equal("second", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Null(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_body_without_length_ends_when_the_server_closes()
    {
        var sending = _client.GetAsync("x");
        await _server.ReadRequestAsync();
        await _server.SendAsync("HTTP/1.0 200 OK\r\n\r\nall of it");
        await _server.CloseAsync();
        using var response = await sending;
        Assert.Equal("all of it", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Interim_answers_are_skipped()
    {
        var sending = _client.GetAsync("x");
        await _server.ReadRequestAsync();
        await _server.SendAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes");
        using var response = await sending;
        Assert.Equal("yes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_malformed_status_line_is_an_http_request_exception()
    {
        var sending = _client.GetAsync("x");
        await _server.ReadRequestAsync();
        await _server.SendAsync("SSH-2.0-OpenSSH_9.2\r\n\r\n");
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => sending);
        Assert.Equal(HttpRequestError.InvalidResponse, error.HttpRequestError);
    }

    [Fact]
    public async Task A_server_that_closes_without_answering_is_an_http_request_exception()
    {
        var sending = _client.GetAsync("x");
        await _server.ReadRequestAsync();
        await _server.CloseAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => sending);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_the_answer_stops_the_request()
    {
        using var cancel = new CancellationTokenSource();
        var sending = _client.GetAsync("x", cancel.Token);
        await _server.ReadRequestAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Cancellation_while_streaming_stops_the_read()
    {
        var sending = _client.GetAsync("x", HttpCompletionOption.ResponseHeadersRead);
        await _server.ReadRequestAsync();
        await _server.SendAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        using var response = await sending;
        using var stream = await response.Content.ReadAsStreamAsync();
        using var cancel = new CancellationTokenSource();
        var reading = stream.ReadAsync(new byte[16], cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_refused_tcp_connection_is_a_connection_error()
    {
        var port = FreeTcpPort();
        using var client = new HttpClient(new Http11Handler(null, ClientTls.SystemDefault));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/"));
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }

    [Fact]
    public async Task A_missing_unix_socket_is_a_connection_error()
    {
        using var directory = new TemporaryDirectory();
        using var client = new HttpClient(new Http11Handler(Path.Combine(directory.Path, "none.sock"), ClientTls.SystemDefault));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://localhost/"));
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }

    private static int FreeTcpPort()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
