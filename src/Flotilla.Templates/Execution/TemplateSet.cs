using Flotilla.Templates.Parsing;

namespace Flotilla.Templates.Execution;

/// <summary>Everything one parse produced: the named trees, the text they point into, and the functions.</summary>
internal sealed class TemplateSet(
    string parseName, string text, Dictionary<string, ListNode> trees, IReadOnlyDictionary<string, TemplateFunction> functions)
{
    public string ParseName { get; } = parseName;

    public string Text { get; } = text;

    public Dictionary<string, ListNode> Trees { get; } = trees;

    public IReadOnlyDictionary<string, TemplateFunction> Functions { get; } = functions;
}
