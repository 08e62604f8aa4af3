namespace Flotilla.Templates;

/// <summary>The template text is not valid; the message is Go's <c>template: NAME:LINE: ...</c>.</summary>
public sealed class TemplateParseException : TemplateException
{
    public TemplateParseException(string message, string templateName, int line, int column)
        : base(message, templateName, line, column)
    {
    }
}
