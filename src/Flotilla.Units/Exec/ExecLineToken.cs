namespace Flotilla.Units.Exec;

/// <summary>A word of an exec line after unquoting, or a command separator (a lone unquoted <c>;</c>).</summary>
internal readonly record struct ExecLineToken(bool IsSeparator, string Text)
{
    public static ExecLineToken Separator { get; } = new(true, ";");

    public static ExecLineToken Word(string text) => new(false, text);
}
