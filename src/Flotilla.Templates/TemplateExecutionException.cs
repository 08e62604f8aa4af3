namespace Flotilla.Templates;

/// <summary>Executing the template failed; the message is Go's <c>template: NAME:LINE:COL: executing ...</c>.</summary>
public sealed class TemplateExecutionException : TemplateException
{
    public TemplateExecutionException(string message, string templateName, int line, int column)
        : base(message, templateName, line, column)
    {
    }
}
