using System.Text;

namespace Flotilla.Templates.Parsing;

/// <summary>Line (1-based) and column (Go's convention: bytes from the start of the line) of an offset.</summary>
internal static class TextPosition
{
    public static (int Line, int Column) Of(string text, int position)
    {
        position = Math.Clamp(position, 0, text.Length);
        var lineStart = text.LastIndexOf('\n', Math.Max(position - 1, 0)) + 1;
        if (position == 0)
        {
            lineStart = 0;
        }
        var line = 1;
        for (var i = 0; i < lineStart; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }
        var column = Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, position - lineStart));
        return (line, column);
    }
}
