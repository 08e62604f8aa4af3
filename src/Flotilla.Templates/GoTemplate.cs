using Flotilla.Templates.Execution;
using Flotilla.Templates.Formatting;
using Flotilla.Templates.Parsing;

namespace Flotilla.Templates;

/// <summary>
/// A parsed Go text/template: the top-level template plus the templates it defines. Parse once, execute
/// many times (executions do not share state).
/// </summary>
/// <example><code>
/// var template = GoTemplate.Parse("app.conf", "port={{getv \"/app/port\"}}", ConfdFunctions.Create(store));
/// template.Execute(writer, data: null);
/// </code></example>
public sealed class GoTemplate
{
    private static readonly IReadOnlyDictionary<string, TemplateFunction> NoFunctions = new Dictionary<string, TemplateFunction>();

    private readonly TemplateSet _set;

    private GoTemplate(TemplateSet set) => _set = set;

    /// <summary>The name the text was parsed under (the top-level template's name).</summary>
    public string Name => _set.ParseName;

    /// <summary>The names of every template defined by the text, the top level included.</summary>
    public IReadOnlyCollection<string> TemplateNames => _set.Trees.Keys;

    /// <summary>Parses <paramref name="text"/>; functions named in it must be builtins or in <paramref name="functions"/>.</summary>
    /// <exception cref="TemplateParseException">The text is not a valid template (Go's message).</exception>
    public static GoTemplate Parse(string name, string text, IReadOnlyDictionary<string, TemplateFunction>? functions = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        functions ??= NoFunctions;
        var trees = Parser.Parse(name, text, f => functions.ContainsKey(f) || Executor.Builtins.Contains(f));
        return new GoTemplate(new TemplateSet(name, text, trees, functions));
    }

    /// <summary>Executes the top-level template with <paramref name="data"/> as dot (null: no data, as confd passes).</summary>
    /// <exception cref="TemplateExecutionException">Execution failed (Go's message); output may be partial.</exception>
    public void Execute(TextWriter writer, object? data) => ExecuteTemplate(writer, Name, data);

    /// <summary>Executes the template called <paramref name="templateName"/> (one defined by the text).</summary>
    public void ExecuteTemplate(TextWriter writer, string templateName, object? data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!_set.Trees.ContainsKey(templateName))
        {
            throw new TemplateExecutionException(
                $"template: no template {GoQuoting.Quote(templateName)} associated with template {GoQuoting.Quote(Name)}", Name, 0, 0);
        }
        new Executor(writer, _set, templateName).Execute(data);
    }

    /// <summary>Executes into a string.</summary>
    public string Render(object? data)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Execute(writer, data);
        return writer.ToString();
    }
}
