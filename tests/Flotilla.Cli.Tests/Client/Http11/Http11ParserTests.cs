using System.Net;
using Flotilla.Cli.Client.Http11;

namespace Flotilla.Cli.Tests.Client.Http11;

public class Http11ParserTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK", 200, "OK", "1.1")]
    [InlineData("HTTP/1.1 404 Not Found", 404, "Not Found", "1.1")]
    [InlineData("HTTP/1.0 500 ", 500, "", "1.0")]
    [InlineData("HTTP/1.1 204", 204, "", "1.1")]
    public void Status_lines_give_code_reason_and_version(string line, int code, string reason, string version)
    {
        var status = Http11Parser.ParseStatusLine(line);
        Assert.Equal((HttpStatusCode)code, status.StatusCode);
        Assert.Equal(reason, status.ReasonPhrase);
        Assert.Equal(Version.Parse(version), status.Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SSH-2.0-OpenSSH_9.2")]
    [InlineData("HTTP/2 200 OK")]
    [InlineData("HTTP/1.1 2x0 OK")]
    [InlineData("HTTP/1.1 099 Low")]
    [InlineData("HTTP/1.1 2000 OK")]
    [InlineData("HTTP/1.1  200 OK")]
    public void Anything_else_is_a_malformed_answer(string line)
    {
        var error = Assert.Throws<HttpRequestException>(() => Http11Parser.ParseStatusLine(line));
        Assert.Equal(HttpRequestError.InvalidResponse, error.HttpRequestError);
        Assert.Contains("status line", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Type: application/json", "Content-Type", "application/json")]
    [InlineData("X-Empty:", "X-Empty", "")]
    [InlineData("Date:\t Sat, 28 Nov 2026 10:00:00 GMT  ", "Date", "Sat, 28 Nov 2026 10:00:00 GMT")]
    public void Header_lines_split_at_the_first_colon_and_trim_the_value(string line, string name, string value)
    {
        var header = Http11Parser.ParseHeaderLine(line);
        Assert.Equal(name, header.Key);
        Assert.Equal(value, header.Value);
    }

    [Theory]
    [InlineData("no colon here")]
    [InlineData(": no name")]
    [InlineData("Bad Name: value")]
    public void Malformed_header_lines_are_refused(string line) =>
        Assert.Equal(HttpRequestError.InvalidResponse, Assert.Throws<HttpRequestException>(() => Http11Parser.ParseHeaderLine(line)).HttpRequestError);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1a", 26)]
    [InlineData("FF", 255)]
    [InlineData("10;name=value", 16)]
    [InlineData("4 ", 4)]
    public void Chunk_sizes_are_hexadecimal_with_optional_extensions(string line, long size) =>
        Assert.Equal(size, Http11Parser.ParseChunkSize(line));

    [Theory]
    [InlineData("")]
    [InlineData("xyz")]
    [InlineData("-1")]
    [InlineData("1234567890abcdef0")]
    public void Malformed_chunk_sizes_are_refused(string line) =>
        Assert.Throws<HttpRequestException>(() => Http11Parser.ParseChunkSize(line));

    [Fact]
    public void Chunked_wins_over_a_content_length() =>
        Assert.Equal(Http11Framing.Chunked, Http11Parser.DecideFraming(HttpMethod.Get, HttpStatusCode.OK, "chunked", "12"));

    [Fact]
    public void A_content_length_delimits_the_body() =>
        Assert.Equal(Http11Framing.OfLength(12), Http11Parser.DecideFraming(HttpMethod.Get, HttpStatusCode.OK, null, "12"));

    [Fact]
    public void Without_either_the_body_runs_until_the_connection_closes() =>
        Assert.Equal(Http11Framing.UntilClose, Http11Parser.DecideFraming(HttpMethod.Get, HttpStatusCode.OK, null, null));

    [Fact]
    public void A_coding_other_than_chunked_last_also_runs_until_close() =>
        Assert.Equal(Http11Framing.UntilClose, Http11Parser.DecideFraming(HttpMethod.Get, HttpStatusCode.OK, "chunked, gzip", null));

    [Theory]
    [InlineData("HEAD", 200)]
    [InlineData("GET", 204)]
    [InlineData("GET", 304)]
    public void Head_no_content_and_not_modified_have_no_body(string method, int status) =>
        Assert.Equal(Http11Framing.None, Http11Parser.DecideFraming(new HttpMethod(method), (HttpStatusCode)status, "chunked", "5"));

    [Fact]
    public void An_invalid_content_length_is_refused() =>
        Assert.Throws<HttpRequestException>(() => Http11Parser.DecideFraming(HttpMethod.Get, HttpStatusCode.OK, null, "-5"));
}
