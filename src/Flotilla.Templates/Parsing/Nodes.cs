using System.Text;
using Flotilla.Templates.Formatting;

namespace Flotilla.Templates.Parsing;

// The parse tree. Each node knows where it starts (a char offset into the parsed text) and prints itself
// the way Go's parse package does, because execution errors quote that text: at <getv "/missing">.

internal abstract class Node(int position)
{
    public int Position { get; } = position;
}

internal sealed class ListNode(int position) : Node(position)
{
    public List<Node> Nodes { get; } = [];

    public override string ToString() => string.Concat(Nodes.Select(n => n.ToString()));
}

internal sealed class TextNode(int position, string text) : Node(position)
{
    public string Text { get; } = text;

    public override string ToString() => Text;
}

internal sealed class ActionNode(int position, PipeNode pipe) : Node(position)
{
    public PipeNode Pipe { get; } = pipe;

    public override string ToString() => "{{" + Pipe + "}}";
}

internal sealed class PipeNode(int position) : Node(position)
{
    public bool IsAssign { get; set; }

    public List<VariableNode> Declarations { get; } = [];

    public List<CommandNode> Commands { get; } = [];

    public override string ToString()
    {
        var builder = new StringBuilder();
        if (Declarations.Count > 0)
        {
            builder.Append(string.Join(", ", Declarations)).Append(" := ");
        }
        builder.Append(string.Join(" | ", Commands));
        return builder.ToString();
    }
}

internal sealed class CommandNode(int position) : Node(position)
{
    public List<Node> Arguments { get; } = [];

    public override string ToString() =>
        string.Join(" ", Arguments.Select(a => a is PipeNode ? "(" + a + ")" : a.ToString()));
}

internal sealed class IdentifierNode(int position, string name) : Node(position)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}

/// <summary>$x or $x.Field.Other: the variable name followed by field names.</summary>
internal sealed class VariableNode(int position, string text) : Node(position)
{
    public string[] Identifiers { get; } = text.Split('.');

    public override string ToString() => string.Join(".", Identifiers);
}

internal sealed class DotNode(int position) : Node(position)
{
    public override string ToString() => ".";
}

internal sealed class NilNode(int position) : Node(position)
{
    public override string ToString() => "nil";
}

/// <summary>.Field.Other: the field names without their dots.</summary>
internal sealed class FieldNode(int position, string text) : Node(position)
{
    public string[] Identifiers { get; } = text[1..].Split('.');

    public override string ToString() => string.Concat(Identifiers.Select(i => "." + i));
}

/// <summary>A term followed by fields: (pipeline).Field or a function result's fields.</summary>
internal sealed class ChainNode(int position, Node target) : Node(position)
{
    public Node Target { get; } = target;

    public List<string> Fields { get; } = [];

    public override string ToString()
    {
        var head = Target is PipeNode ? "(" + Target + ")" : Target.ToString();
        return head + string.Concat(Fields.Select(f => "." + f));
    }
}

internal sealed class BoolNode(int position, bool value) : Node(position)
{
    public bool Value { get; } = value;

    public override string ToString() => Value ? "true" : "false";
}

internal sealed class NumberNode(int position, string text) : Node(position)
{
    public string Text { get; } = text;

    public bool IsInteger { get; init; }

    public bool IsUnsigned { get; init; }

    public bool IsFloat { get; init; }

    public bool IsCharacter { get; init; }

    public long Integer { get; init; }

    public double Float { get; init; }

    public override string ToString() => Text;
}

internal sealed class StringNode(int position, string quoted, string text) : Node(position)
{
    public string Quoted { get; } = quoted;

    public string Text { get; } = text;

    public override string ToString() => Quoted;
}

internal enum BranchKind
{
    If,
    Range,
    With,
}

internal sealed class BranchNode(int position, BranchKind kind, PipeNode pipe, ListNode list, ListNode? elseList) : Node(position)
{
    public BranchKind Kind { get; } = kind;

    public PipeNode Pipe { get; } = pipe;

    public ListNode List { get; } = list;

    public ListNode? ElseList { get; } = elseList;

    public override string ToString()
    {
        var name = Kind.ToString().ToLowerInvariant();
        var text = "{{" + name + " " + Pipe + "}}" + List;
        if (ElseList is not null)
        {
            text += "{{else}}" + ElseList;
        }
        return text + "{{end}}";
    }
}

internal sealed class TemplateNode(int position, string name, PipeNode? pipe) : Node(position)
{
    public string Name { get; } = name;

    public PipeNode? Pipe { get; } = pipe;

    public override string ToString() =>
        Pipe is null ? "{{template " + GoQuoting.Quote(Name) + "}}" : "{{template " + GoQuoting.Quote(Name) + " " + Pipe + "}}";
}

internal sealed class BreakNode(int position) : Node(position)
{
    public override string ToString() => "{{break}}";
}

internal sealed class ContinueNode(int position) : Node(position)
{
    public override string ToString() => "{{continue}}";
}

/// <summary>{{end}} and {{else}} exist only while parsing; they close the list being parsed.</summary>
internal sealed class ListEndNode(int position, bool isElse) : Node(position)
{
    public bool IsElse { get; } = isElse;

    public override string ToString() => IsElse ? "{{else}}" : "{{end}}";
}
