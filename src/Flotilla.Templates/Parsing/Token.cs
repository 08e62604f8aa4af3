using System.Globalization;
using Flotilla.Templates.Formatting;

namespace Flotilla.Templates.Parsing;

/// <summary>One lexical item: its kind, its text, where it starts (char offset) and on which line.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, int Position, int Line)
{
    /// <summary>How Go's parser names a token in "unexpected X in Y" messages.</summary>
    public override string ToString()
    {
        switch (Kind)
        {
            case TokenKind.EndOfInput:
                return "EOF";
            case TokenKind.Error:
                return Value;
        }
        // Go prints keywords (and dot/nil, which sit among them) as <word>.
        if (Kind >= TokenKind.Block)
        {
            return "<" + Value + ">";
        }
        if (Value.Length > 10)
        {
            return GoQuoting.Quote(Value[..10]) + "...";
        }
        return GoQuoting.Quote(Value);
    }

    public static string DescribeRune(int rune) =>
        // Go's %#U: U+0023 '#'
        string.Create(CultureInfo.InvariantCulture, $"U+{rune:X4} '{char.ConvertFromUtf32(rune)}'");
}
