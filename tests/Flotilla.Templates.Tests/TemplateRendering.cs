namespace Flotilla.Templates.Tests;

/// <summary>Shared helpers: parse and render with optional functions, or capture the error message.</summary>
internal static class TemplateRendering
{
    public static string Render(string text, object? data = null, IReadOnlyDictionary<string, TemplateFunction>? functions = null) =>
        GoTemplate.Parse("t", text, functions).Render(data);

    public static string ParseError(string text, IReadOnlyDictionary<string, TemplateFunction>? functions = null) =>
        Assert.Throws<TemplateParseException>(() => GoTemplate.Parse("t", text, functions)).Message;

    public static string ExecutionError(string text, object? data = null, IReadOnlyDictionary<string, TemplateFunction>? functions = null) =>
        Assert.Throws<TemplateExecutionException>(() => GoTemplate.Parse("t", text, functions).Render(data)).Message;
}
