namespace Flotilla.Templates;

/// <summary>
/// A template failed to parse or to execute. The message is Go's, e.g.
/// <c>template: t:1:7: executing "t" at &lt;get "/x"&gt;: error calling get: key does not exist: /x</c>.
/// </summary>
public abstract class TemplateException : Exception
{
    protected TemplateException(string message, string templateName, int line, int column)
        : base(message)
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
    }

    /// <summary>The name the text was parsed under.</summary>
    public string TemplateName { get; }

    /// <summary>1-based line of the failing element (0 when the failure is not tied to a place).</summary>
    public int Line { get; }

    /// <summary>Bytes from the start of the line to the failing element, counted as Go does (0-based).</summary>
    public int Column { get; }
}
