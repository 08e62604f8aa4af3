namespace Flotilla.Templates;

/// <summary>The error a template function returns (Go's non-nil error result); its message is shown verbatim.</summary>
public sealed class TemplateFunctionException : Exception
{
    public TemplateFunctionException()
    {
    }

    public TemplateFunctionException(string message)
        : base(message)
    {
    }

    public TemplateFunctionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
