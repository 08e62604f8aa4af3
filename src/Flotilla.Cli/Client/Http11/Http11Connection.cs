using System.Text;

namespace Flotilla.Cli.Client.Http11;

/// <summary>
/// One connection's byte stream with a read buffer: lines for the head and chunk sizes, raw bytes for
/// bodies (buffered bytes first, so nothing read past the headers is lost). Owns the stream.
/// </summary>
internal sealed class Http11Connection(Stream stream) : IDisposable
{
    /// <summary>Longer status, header or chunk-size lines are refused rather than buffered without end.</summary>
    public const int MaxLineLength = 64 * 1024;

    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public Stream Stream => stream;

    /// <summary>The next line without its CR LF (a bare LF also ends one), or null at the end of the stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                if (line.Length == 0)
                {
                    return null;
                }

                throw new IOException("the connection closed in the middle of a line");
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline >= 0 ? newline : available.Length;
            if (line.Length + take > MaxLineLength)
            {
                throw Http11Parser.Malformed($"the agent sent a line longer than {MaxLineLength} bytes");
            }

            line.Append(Encoding.Latin1.GetString(available[..take]));
            if (newline >= 0)
            {
                _start += newline + 1;
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line.Length--;
                }

                return line.ToString();
            }

            _start = _end;
        }
    }

    /// <returns>How many bytes were read into <paramref name="destination"/>; 0 at the end of the stream.</returns>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        if (_start == _end)
        {
            // Nothing buffered: a large read goes straight to the caller's memory.
            if (destination.Length >= _buffer.Length)
            {
                return await stream.ReadAsync(destination, cancellationToken);
            }

            if (!await FillAsync(cancellationToken))
            {
                return 0;
            }
        }

        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    public void Dispose() => stream.Dispose();

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
