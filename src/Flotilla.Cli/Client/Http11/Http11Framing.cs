namespace Flotilla.Cli.Client.Http11;

/// <summary>How a response body is delimited: not at all, by chunks, by a length, or by the connection's end.</summary>
internal readonly record struct Http11Framing(Http11FramingKind Kind, long Length)
{
    public static Http11Framing None => new(Http11FramingKind.None, 0);

    public static Http11Framing Chunked => new(Http11FramingKind.Chunked, 0);

    public static Http11Framing UntilClose => new(Http11FramingKind.UntilClose, 0);

    public static Http11Framing OfLength(long length) => new(Http11FramingKind.ContentLength, length);
}
