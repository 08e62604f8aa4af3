using Flotilla.Templates.Formatting;
using Flotilla.Templates.Parsing;

namespace Flotilla.Templates.Execution;

/// <summary>
/// Walks a parse tree against data and writes the output, with Go's text/template evaluation rules:
/// pipelines feed the previous result as the last argument, nil results become "no value", variables
/// live until the {{end}} of the block that declared them, and errors name the node being executed.
/// </summary>
internal sealed partial class Executor
{
    /// <summary>Nesting limit of {{template}} calls; Go allows 100000, our stack allows fewer.</summary>
    internal const int MaximumDepth = 1000;

    /// <summary>Go's missingVal: "no value piped into this command", distinct from a piped missing value.</summary>
    private static readonly object NoFinal = new();

    private readonly TextWriter _writer;
    private readonly TemplateSet _set;
    private readonly List<(string Name, object? Value, string? StaticType)> _variables = [];
    private string _templateName;
    private Node? _node;
    private int _depth;

    /// <summary>
    /// "interface {}" while dot is an element taken from a list or map of interface{} (Go keeps such values
    /// in interface form and names that type in field errors); null when dot has its own type.
    /// </summary>
    private string? _dotStaticType;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public Executor(TextWriter writer, TemplateSet set, string templateName)
    {
        _writer = writer;
        _set = set;
        _templateName = templateName;
    }

    public void Execute(object? data)
    {
        var value = data is null ? Missing.Value : GoValues.FromDotNet(data);
        if (!_set.Trees.TryGetValue(_templateName, out var root))
        {
            throw Fail($"{GoQuoting.Quote(_templateName)} is an incomplete or empty template");
        }
        _variables.Add(("$", value, null));
        Walk(value, root);
    }

    // ---- errors -------------------------------------------------------------------------------------

    private void At(Node node) => _node = node;

    private TemplateExecutionException Fail(string message)
    {
        if (_node is null)
        {
            return new TemplateExecutionException($"template: {_templateName}: {message}", _set.ParseName, 0, 0);
        }
        var (line, column) = TextPosition.Of(_set.Text, _node.Position);
        return new TemplateExecutionException(
            $"template: {_set.ParseName}:{line}:{column}: executing {GoQuoting.Quote(_templateName)} at <{_node}>: {message}",
            _set.ParseName, line, column);
    }

    // ---- variables ----------------------------------------------------------------------------------

    private int Mark() => _variables.Count;

    private void Pop(int mark) => _variables.RemoveRange(mark, _variables.Count - mark);

    private void Push(string name, object? value) => _variables.Add((name, value, null));

    private void SetVariable(string name, object? value)
    {
        for (var i = _variables.Count - 1; i >= 0; i--)
        {
            if (_variables[i].Name == name)
            {
                _variables[i] = (name, value, null);
                return;
            }
        }
        throw Fail($"undefined variable: {name}");
    }

    private void SetTopVariable(int fromTop, object? value, string? staticType)
    {
        var index = _variables.Count - fromTop;
        _variables[index] = (_variables[index].Name, value, staticType);
    }

    private (object? Value, string? StaticType) VariableValue(string name)
    {
        for (var i = _variables.Count - 1; i >= 0; i--)
        {
            if (_variables[i].Name == name)
            {
                return (_variables[i].Value, _variables[i].StaticType);
            }
        }
        throw Fail($"undefined variable: {name}");
    }

    // ---- walking ------------------------------------------------------------------------------------

    private Flow Walk(object? dot, Node node)
    {
        At(node);
        switch (node)
        {
            case ActionNode action:
                var value = EvaluatePipeline(dot, action.Pipe);
                if (action.Pipe.Declarations.Count == 0)
                {
                    Print(action, value);
                }
                return Flow.Normal;
            case ListNode list:
                foreach (var child in list.Nodes)
                {
                    var flow = Walk(dot, child);
                    if (flow != Flow.Normal)
                    {
                        return flow;
                    }
                }
                return Flow.Normal;
            case TextNode text:
                _writer.Write(text.Text);
                return Flow.Normal;
            case BranchNode { Kind: BranchKind.Range } range:
                return WalkRange(dot, range);
            case BranchNode branch:
                return WalkIfOrWith(dot, branch);
            case TemplateNode template:
                WalkTemplate(dot, template);
                return Flow.Normal;
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            default:
                throw Fail($"unknown node: {node}");
        }
    }

    private Flow WalkIfOrWith(object? dot, BranchNode branch)
    {
        var mark = Mark();
        try
        {
            var value = EvaluatePipeline(dot, branch.Pipe);
            if (GoValues.IsTrue(value))
            {
                if (branch.Kind == BranchKind.If)
                {
                    return Walk(dot, branch.List);
                }
                var dotType = _dotStaticType;
                _dotStaticType = null;
                try
                {
                    return Walk(value, branch.List);
                }
                finally
                {
                    _dotStaticType = dotType;
                }
            }
            return branch.ElseList is null ? Flow.Normal : Walk(dot, branch.ElseList);
        }
        finally
        {
            Pop(mark);
        }
    }

    private Flow WalkRange(object? dot, BranchNode range)
    {
        At(range);
        var outer = Mark();
        try
        {
            var value = EvaluatePipeline(dot, range.Pipe);
            var mark = Mark();
            var declarations = range.Pipe.Declarations.Count;

            var elementType = value switch
            {
                GoSlice { ElementType: GoValues.Interface } or GoMap { ValueType: GoValues.Interface } => GoValues.Interface,
                _ => null,
            };

            // Returns false when the body asked to {{break}}.
            bool Iterate(object? index, object? element)
            {
                if (declarations > 0)
                {
                    SetTopVariable(1, element, elementType);
                }
                if (declarations > 1)
                {
                    SetTopVariable(2, index, null);
                }
                var dotType = _dotStaticType;
                _dotStaticType = elementType;
                try
                {
                    return Walk(element, range.List) != Flow.Break;
                }
                finally
                {
                    _dotStaticType = dotType;
                    Pop(mark);
                }
            }

            var iterated = false;
            switch (value)
            {
                case GoSlice slice:
                    for (var i = 0; i < slice.Items.Length; i++)
                    {
                        iterated = true;
                        if (!Iterate((long)i, slice.Items[i]))
                        {
                            break;
                        }
                    }
                    break;
                case GoMap map:
                    foreach (var (key, element) in map.Entries.ToArray())
                    {
                        iterated = true;
                        if (!Iterate(key, element))
                        {
                            break;
                        }
                    }
                    break;
                case long count:
                    if (declarations > 1)
                    {
                        throw Fail($"can't use {GoPrinter.Sprint([value])} to iterate over more than one variable");
                    }
                    for (long i = 0; i < count; i++)
                    {
                        iterated = true;
                        if (!Iterate(i, i))
                        {
                            break;
                        }
                    }
                    break;
                case Missing or null:
                    break;
                default:
                    throw Fail($"range can't iterate over {GoPrinter.Sprint([value])}");
            }
            if (!iterated && range.ElseList is not null)
            {
                return Walk(dot, range.ElseList);
            }
            return Flow.Normal;
        }
        finally
        {
            Pop(outer);
        }
    }

    private void WalkTemplate(object? dot, TemplateNode template)
    {
        At(template);
        if (!_set.Trees.TryGetValue(template.Name, out var root))
        {
            throw Fail($"template {GoQuoting.Quote(template.Name)} not defined");
        }
        if (_depth >= MaximumDepth)
        {
            throw Fail($"exceeded maximum template depth ({MaximumDepth})");
        }
        var value = EvaluatePipeline(dot, template.Pipe);
        var (name, variables, dotType) = (_templateName, _variables.ToArray(), _dotStaticType);
        _templateName = template.Name;
        _depth++;
        _dotStaticType = null;
        // No dynamic scoping: the called template sees only $ (its dot).
        _variables.Clear();
        _variables.Add(("$", value, null));
        try
        {
            Walk(value, root);
        }
        finally
        {
            _depth--;
            _templateName = name;
            _dotStaticType = dotType;
            _variables.Clear();
            _variables.AddRange(variables);
        }
    }

    private void Print(Node node, object? value)
    {
        At(node);
        switch (value)
        {
            case Missing:
                _writer.Write("<no value>");
                return;
            case TemplateFunction:
                throw Fail($"can't print {node} of type {GoValues.TypeOf(value)}");
            default:
                _writer.Write(GoPrinter.Sprint([value]));
                return;
        }
    }

    // ---- evaluation ---------------------------------------------------------------------------------

    private object? EvaluatePipeline(object? dot, PipeNode? pipe)
    {
        if (pipe is null)
        {
            return Missing.Value;
        }
        At(pipe);
        var value = NoFinal;
        foreach (var command in pipe.Commands)
        {
            value = EvaluateCommand(dot, command, value);
            // Go unwraps interface values here, and a nil interface becomes no value at all.
            value ??= Missing.Value;
        }
        foreach (var variable in pipe.Declarations)
        {
            if (pipe.IsAssign)
            {
                SetVariable(variable.Identifiers[0], value);
            }
            else
            {
                Push(variable.Identifiers[0], value);
            }
        }
        return value;
    }

    private void NotAFunction(List<Node> arguments, object? final)
    {
        if (arguments.Count > 1 || final != NoFinal)
        {
            throw Fail($"can't give argument to non-function {arguments[0]}");
        }
    }

    private object? EvaluateCommand(object? dot, CommandNode command, object? final)
    {
        var first = command.Arguments[0];
        switch (first)
        {
            case FieldNode field:
                return EvaluateFieldNode(dot, field, command.Arguments, final);
            case ChainNode chain:
                return EvaluateChainNode(dot, chain, command.Arguments, final);
            case IdentifierNode identifier:
                return EvaluateFunction(dot, identifier, command, command.Arguments, final);
            case PipeNode pipe:
                NotAFunction(command.Arguments, final);
                return EvaluatePipeline(dot, pipe);
            case VariableNode variable:
                return EvaluateVariableNode(dot, variable, command.Arguments, final);
        }
        At(first);
        NotAFunction(command.Arguments, final);
        return first switch
        {
            BoolNode b => b.Value,
            DotNode => dot,
            NilNode => throw Fail("nil is not a command"),
            NumberNode number => IdealConstant(number),
            StringNode s => s.Text,
            _ => throw Fail($"can't evaluate command {GoQuoting.Quote(first.ToString()!)}"),
        };
    }

    /// <summary>A constant with no type from context: the syntax decides between int and float64.</summary>
    private object? IdealConstant(NumberNode number)
    {
        At(number);
        var text = number.Text;
        var isHex = text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X' && text.IndexOfAny(['p', 'P']) < 0;
        if (number.IsFloat && !isHex && !number.IsCharacter && text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) >= 0)
        {
            return number.Float;
        }
        if (number.IsInteger)
        {
            return number.Integer;
        }
        if (number.IsUnsigned)
        {
            throw Fail($"{text} overflows int");
        }
        return Missing.Value;
    }

    private object? EvaluateFieldNode(object? dot, FieldNode field, List<Node>? arguments, object? final)
    {
        At(field);
        return EvaluateFieldChain(dot, dot, field, field.Identifiers, arguments, final, _dotStaticType);
    }

    private object? EvaluateChainNode(object? dot, ChainNode chain, List<Node>? arguments, object? final)
    {
        At(chain);
        if (chain.Target is NilNode)
        {
            throw Fail($"indirection through explicit nil in {chain}");
        }
        var receiver = EvaluateArgument(dot, null, chain.Target);
        return EvaluateFieldChain(dot, receiver, chain, chain.Fields, arguments, final, null);
    }

    private object? EvaluateVariableNode(object? dot, VariableNode variable, List<Node>? arguments, object? final)
    {
        At(variable);
        var (value, staticType) = VariableValue(variable.Identifiers[0]);
        if (variable.Identifiers.Length == 1)
        {
            NotAFunction(arguments ?? [variable], final);
            return value;
        }
        return EvaluateFieldChain(dot, value, variable, variable.Identifiers[1..], arguments, final, staticType);
    }

    private object? EvaluateFieldChain(
        object? dot, object? receiver, Node node, IReadOnlyList<string> identifiers, List<Node>? arguments, object? final,
        string? staticType)
    {
        // Go names the static type of a receiver taken from a map of interface{} ("in type interface {}").
        for (var i = 0; i < identifiers.Count - 1; i++)
        {
            var holder = receiver;
            receiver = EvaluateField(dot, identifiers[i], node, null, NoFinal, receiver, staticType);
            staticType = holder is GoMap map ? map.ValueType : null;
        }
        return EvaluateField(dot, identifiers[^1], node, arguments, final, receiver, staticType);
    }

    private object? EvaluateField(
        object? dot, string name, Node node, List<Node>? arguments, object? final, object? receiver, string? staticType)
    {
        switch (receiver)
        {
            case Missing:
                return Missing.Value;
            case null:
                throw Fail($"nil pointer evaluating interface {{}}.{name}");
        }
        var method = GoValues.MethodOf(receiver, name);
        if (method is not null)
        {
            return Call(dot, method, node, name, arguments, final);
        }
        var hasArguments = (arguments is not null && arguments.Count > 1) || final != NoFinal;
        switch (receiver)
        {
            case GoMap map:
                if (hasArguments)
                {
                    throw Fail($"{name} is not a method but has arguments");
                }
                return map.Entries.TryGetValue(name, out var entry) ? entry : Missing.Value;
            case string or long or double or bool or GoSlice or TemplateFunction:
                break;
            default:
                var property = GoValues.FieldsOf(receiver!).FirstOrDefault(p => p.Name == name);
                if (property is not null)
                {
                    if (hasArguments)
                    {
                        throw Fail($"{name} has arguments but cannot be invoked as function");
                    }
                    return GoValues.FromDotNet(property.GetValue(receiver), property.PropertyType);
                }
                break;
        }
        throw Fail($"can't evaluate field {name} in type {staticType ?? GoValues.TypeOf(receiver)}");
    }

    private object? EvaluateFunction(object? dot, IdentifierNode identifier, Node command, List<Node>? arguments, object? final)
    {
        At(identifier);
        var name = identifier.Name;
        if (_set.Functions.TryGetValue(name, out var function))
        {
            return Call(dot, function, command, name, arguments, final);
        }
        if (Builtins.Contains(name))
        {
            return CallBuiltin(dot, name, command, arguments, final);
        }
        throw Fail($"{GoQuoting.Quote(name)} is not a defined function");
    }

    private object? Call(object? dot, TemplateFunction function, Node node, string name, List<Node>? arguments, object? final)
    {
        var argumentNodes = arguments is null ? [] : arguments.Skip(1).ToList();
        var parameterTypes = function.ParameterTypes;
        var count = argumentNodes.Count + (final != NoFinal ? 1 : 0);
        var fixedCount = argumentNodes.Count;
        if (function.IsVariadic)
        {
            fixedCount = parameterTypes.Length - 1;
            if (count < fixedCount)
            {
                throw Fail($"wrong number of args for {name}: want at least {parameterTypes.Length - 1} got {argumentNodes.Count}");
            }
        }
        else if (count != parameterTypes.Length)
        {
            throw Fail($"wrong number of args for {name}: want {parameterTypes.Length} got {count}");
        }
        var values = new object?[count];
        var i = 0;
        for (; i < fixedCount && i < argumentNodes.Count; i++)
        {
            values[i] = EvaluateArgument(dot, parameterTypes[i], argumentNodes[i]);
        }
        if (function.IsVariadic)
        {
            var elementType = parameterTypes[^1][2..];
            for (; i < argumentNodes.Count; i++)
            {
                values[i] = EvaluateArgument(dot, elementType, argumentNodes[i]);
            }
        }
        if (final != NoFinal)
        {
            var type = parameterTypes[^1];
            if (function.IsVariadic)
            {
                type = count - 1 < fixedCount ? parameterTypes[count - 1] : type[2..];
            }
            values[i] = ValidateType(final, type);
        }
        try
        {
            return function.Invoke(values);
        }
        catch (TemplateFunctionException e)
        {
            At(node);
            throw Fail($"error calling {name}: {e.Message}");
        }
    }

    /// <summary>Go's validateType: the value must be valid (or nillable) and assignable to the parameter.</summary>
    private object? ValidateType(object? value, string? type)
    {
        if (type is null)
        {
            return value;
        }
        if (value is Missing)
        {
            if (GoValues.CanBeNil(type))
            {
                return GoValues.ZeroOf(type);
            }
            throw Fail($"invalid value; expected {type}");
        }
        if (type == GoValues.Interface)
        {
            return value;
        }
        if (value is null)
        {
            throw Fail($"wrong type for value; expected {type}; got interface {{}}");
        }
        if (!GoValues.IsAssignable(value, type))
        {
            throw Fail($"wrong type for value; expected {type}; got {GoValues.TypeOf(value)}");
        }
        return value;
    }

    /// <summary>Evaluates one argument for a parameter of a Go type (null: any value, as for a chain's head).</summary>
    private object? EvaluateArgument(object? dot, string? type, Node node)
    {
        At(node);
        switch (node)
        {
            case DotNode:
                return ValidateType(dot, type);
            case NilNode:
                if (type is null || GoValues.CanBeNil(type))
                {
                    return type is null ? null : GoValues.ZeroOf(type);
                }
                throw Fail($"cannot assign nil to {type}");
            case FieldNode field:
                return ValidateType(EvaluateFieldNode(dot, field, [node], NoFinal), type);
            case VariableNode variable:
                return ValidateType(EvaluateVariableNode(dot, variable, null, NoFinal), type);
            case PipeNode pipe:
                return ValidateType(EvaluatePipeline(dot, pipe), type);
            case IdentifierNode identifier:
                return ValidateType(EvaluateFunction(dot, identifier, identifier, null, NoFinal), type);
            case ChainNode chain:
                return ValidateType(EvaluateChainNode(dot, chain, null, NoFinal), type);
        }
        switch (type)
        {
            case "bool":
                return node is BoolNode b ? b.Value : throw Fail($"expected bool; found {node}");
            case "float64":
                return node is NumberNode { IsFloat: true } f ? f.Float : throw Fail($"expected float; found {node}");
            case "int":
                return node is NumberNode { IsInteger: true } n ? n.Integer : throw Fail($"expected integer; found {node}");
            case "string":
                return node is StringNode s ? s.Text : throw Fail($"expected string; found {node}");
            case GoValues.Interface or null:
                return EvaluateEmptyInterface(dot, node);
        }
        throw Fail($"can't handle {node} for arg of type {type}");
    }

    private object? EvaluateEmptyInterface(object? dot, Node node)
    {
        At(node);
        return node switch
        {
            BoolNode b => b.Value,
            NumberNode number => IdealConstant(number),
            StringNode s => s.Text,
            _ => throw Fail($"can't handle assignment of {node} to empty interface argument"),
        };
    }
}
