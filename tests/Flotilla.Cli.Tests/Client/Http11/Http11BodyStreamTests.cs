using System.Text;
using Flotilla.Cli.Client.Http11;

namespace Flotilla.Cli.Tests.Client.Http11;

public class Http11BodyStreamTests
{
    private const string Chunked = "5\r\nhello\r\n7;ext=1\r\n, world\r\n1\r\n!\r\n0\r\nTrailer: x\r\n\r\n";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Chunked_bodies_decode_whatever_the_read_boundaries(int fragment)
    {
        var body = await ReadAllAsync(new FragmentedStream(Chunked, fragment), Http11Framing.Chunked);
        Assert.Equal("hello, world!", body);
    }

    [Fact]
    public async Task Chunked_data_is_handed_out_before_its_chunk_is_complete()
    {
        // The first read ends in the middle of the chunk: its first bytes come out at once.
        using var body = Http11BodyStream.Create(new Http11Connection(new FragmentedStream("a\r\n0123", 7)), Http11Framing.Chunked);
        var buffer = new byte[64];
        var read = await body.ReadAsync(buffer);
        Assert.Equal("0123", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task A_chunked_body_cut_off_is_an_io_error()
    {
        await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(new FragmentedStream("5\r\nhel", 2), Http11Framing.Chunked));
        await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(new FragmentedStream("5\r\nhello\r\n", 2), Http11Framing.Chunked));
    }

    [Fact]
    public async Task Chunk_data_longer_than_its_size_is_malformed() =>
        await Assert.ThrowsAsync<HttpRequestException>(() => ReadAllAsync(new FragmentedStream("2\r\nhello\r\n0\r\n\r\n", 3), Http11Framing.Chunked));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(100)]
    public async Task A_content_length_body_stops_at_its_length(int fragment)
    {
        var body = await ReadAllAsync(new FragmentedStream("hello, world! and what follows", fragment), Http11Framing.OfLength(13));
        Assert.Equal("hello, world!", body);
    }

    [Fact]
    public async Task A_content_length_body_cut_off_is_an_io_error() =>
        await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(new FragmentedStream("hello", 2), Http11Framing.OfLength(13)));

    [Fact]
    public async Task A_body_without_framing_runs_to_the_end_of_the_connection()
    {
        var body = await ReadAllAsync(new FragmentedStream("line one\nline two\n", 5), Http11Framing.UntilClose);
        Assert.Equal("line one\nline two\n", body);
    }

    [Fact]
    public async Task Lines_of_the_head_and_the_body_share_one_buffer()
    {
        // The whole answer arrives in one read: the body must get the bytes after the blank line.
        var connection = new Http11Connection(new FragmentedStream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 4096));
        Assert.Equal("HTTP/1.1 200 OK", await connection.ReadLineAsync(CancellationToken.None));
        Assert.Equal("Content-Length: 2", await connection.ReadLineAsync(CancellationToken.None));
        Assert.Equal("", await connection.ReadLineAsync(CancellationToken.None));
        using var body = Http11BodyStream.Create(connection, Http11Framing.OfLength(2));
        using var reader = new StreamReader(body);
        Assert.Equal("ok", await reader.ReadToEndAsync());
    }

    [Fact]
    public void Disposing_the_body_closes_the_connection()
    {
        var network = new FragmentedStream("", 1);
        Http11BodyStream.Create(new Http11Connection(network), Http11Framing.UntilClose).Dispose();
        Assert.True(network.Disposed);
    }

    private static async Task<string> ReadAllAsync(Stream network, Http11Framing framing)
    {
        using var body = Http11BodyStream.Create(new Http11Connection(network), framing);
        using var copy = new MemoryStream();
        var buffer = new byte[3];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        return Encoding.Latin1.GetString(copy.ToArray());
    }
}
