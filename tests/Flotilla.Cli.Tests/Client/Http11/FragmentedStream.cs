using System.Text;

namespace Flotilla.Cli.Tests.Client.Http11;

/// <summary>A read-only stream that hands out its bytes at most <c>fragment</c> at a time, as a slow network does.</summary>
internal sealed class FragmentedStream(string text, int fragment) : Stream
{
    private readonly byte[] _bytes = Encoding.Latin1.GetBytes(text);
    private int _position;

    public int Reads { get; private set; }

    public bool Disposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Reads++;
        var take = Math.Min(Math.Min(count, fragment), _bytes.Length - _position);
        _bytes.AsSpan(_position, take).CopyTo(buffer.AsSpan(offset));
        _position += take;
        return take;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
