using System.Text;
using Flotilla.Templates.Formatting;
using Flotilla.Templates.Parsing;

namespace Flotilla.Templates.Execution;

/// <summary>Go's predefined template functions: and, or, not, len, index, slice, print*, html, js, urlquery, call, comparisons.</summary>
internal sealed partial class Executor
{
    public static readonly IReadOnlySet<string> Builtins = new HashSet<string>(StringComparer.Ordinal)
    {
        "and", "or", "not", "len", "index", "slice", "print", "printf", "println", "html", "js", "urlquery", "call",
        "eq", "ne", "lt", "le", "gt", "ge",
    };

    /// <summary>Parameter shapes: how many fixed parameters, whether variadic, whether they take Go values as is.</summary>
    private static (int Fixed, bool Variadic, bool Raw) Shape(string name) => name switch
    {
        "and" or "or" or "call" or "index" or "slice" or "eq" => (1, true, true),
        "not" or "len" => (1, false, true),
        "ne" or "lt" or "le" or "gt" or "ge" => (2, false, true),
        "printf" => (1, true, false),
        _ => (0, true, false),
    };

    private object? CallBuiltin(object? dot, string name, Node command, List<Node>? arguments, object? final)
    {
        var argumentNodes = arguments is null ? [] : arguments.Skip(1).ToList();
        var (fixedCount, variadic, raw) = Shape(name);
        var count = argumentNodes.Count + (final != NoFinal ? 1 : 0);
        if (variadic && count < fixedCount)
        {
            throw Fail($"wrong number of args for {name}: want at least {fixedCount} got {argumentNodes.Count}");
        }
        if (!variadic && count != fixedCount)
        {
            throw Fail($"wrong number of args for {name}: want {fixedCount} got {count}");
        }

        if (name is "and" or "or")
        {
            // Short-circuit: return the first operand that decides, else the last one.
            object? value = Missing.Value;
            foreach (var node in argumentNodes)
            {
                value = EvaluateRaw(dot, node);
                if (GoValues.IsTrue(value) == (name == "or"))
                {
                    return value;
                }
            }
            if (final != NoFinal)
            {
                value = final;
            }
            return value;
        }

        var values = new List<object?>(count);
        for (var i = 0; i < argumentNodes.Count; i++)
        {
            if (raw)
            {
                values.Add(EvaluateRaw(dot, argumentNodes[i]));
            }
            else if (name == "printf" && i == 0)
            {
                values.Add(EvaluateArgument(dot, "string", argumentNodes[i]));
            }
            else
            {
                values.Add(EvaluateArgument(dot, GoValues.Interface, argumentNodes[i]));
            }
        }
        if (final != NoFinal)
        {
            values.Add(raw ? final : name == "printf" && count == 1 ? ValidateType(final, "string") : ValidateType(final, GoValues.Interface));
        }

        try
        {
            return name switch
            {
                "not" => !GoValues.IsTrue(values[0]),
                "len" => Length(values[0]),
                "index" => Index(values[0], values.Skip(1).ToList()),
                "slice" => Slice(values[0], values.Skip(1).ToList()),
                "print" => GoPrinter.Sprint(values),
                "println" => GoPrinter.Sprintln(values),
                "printf" => GoPrinter.Sprintf((string)values[0]!, values.Skip(1).ToList()),
                "html" => Escapers.Html(EvaluateArgsAsText(values)),
                "js" => Escapers.JavaScript(EvaluateArgsAsText(values)),
                "urlquery" => Escapers.QueryEscape(EvaluateArgsAsText(values)),
                "call" => CallValue(argumentNodes.Count > 0 ? argumentNodes[0].ToString()! : "", values[0], values.Skip(1).ToList()),
                "eq" => Comparison.Equal(values[0], values.Skip(1).ToList()),
                "ne" => !Comparison.Equal(values[0], [values[1]]),
                "lt" => Comparison.Less(values[0], values[1]),
                "le" => Comparison.LessOrEqual(values[0], values[1]),
                "gt" => !Comparison.LessOrEqual(values[0], values[1]),
                "ge" => !Comparison.Less(values[0], values[1]),
                _ => throw new InvalidOperationException("unknown builtin " + name),
            };
        }
        catch (TemplateFunctionException e)
        {
            At(command);
            throw Fail($"error calling {name}: {e.Message}");
        }
    }

    /// <summary>An argument for a parameter of type reflect.Value: the value as is, nil and missing alike invalid.</summary>
    private object? EvaluateRaw(object? dot, Node node)
    {
        At(node);
        return node switch
        {
            NilNode => Missing.Value,
            DotNode => dot,
            BoolNode or NumberNode or StringNode => EvaluateEmptyInterface(dot, node),
            _ => EvaluateArgument(dot, null, node),
        };
    }

    /// <summary>Go's evalArgs for html/js/urlquery: a lone string as is, otherwise fmt.Sprint of the arguments.</summary>
    private static string EvaluateArgsAsText(List<object?> values) =>
        values is [string single] ? single : GoPrinter.Sprint(values);

    private static long Length(object? item) => item switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        GoSlice slice => slice.Items.Length,
        GoMap map => map.Entries.Count,
        Missing => throw new TemplateFunctionException("reflect: call of reflect.Value.Type on zero Value"),
        null => throw new TemplateFunctionException("len of nil pointer"),
        _ => throw new TemplateFunctionException($"len of type {GoValues.TypeOf(item)}"),
    };

    private static int IndexArgument(object? index, int capacity)
    {
        long x = index switch
        {
            long l => l,
            Missing or null => throw new TemplateFunctionException("cannot index slice/array with nil"),
            _ => throw new TemplateFunctionException($"cannot index slice/array with type {GoValues.TypeOf(index)}"),
        };
        if (x < 0 || x > capacity)
        {
            throw new TemplateFunctionException($"index out of range: {x}");
        }
        return (int)x;
    }

    private static object? Index(object? item, List<object?> indexes)
    {
        if (item is Missing or null)
        {
            throw new TemplateFunctionException("index of untyped nil");
        }
        foreach (var index in indexes)
        {
            switch (item)
            {
                case null:
                    throw new TemplateFunctionException("index of nil pointer");
                case GoSlice slice:
                {
                    var x = IndexArgument(index, slice.Items.Length);
                    if (x == slice.Items.Length)
                    {
                        throw new TemplateFunctionException("reflect: slice index out of range");
                    }
                    item = slice.Items[x];
                    break;
                }
                case string s:
                {
                    var bytes = Encoding.UTF8.GetBytes(s);
                    var x = IndexArgument(index, bytes.Length);
                    if (x == bytes.Length)
                    {
                        throw new TemplateFunctionException("reflect: string index out of range");
                    }
                    item = (long)bytes[x];
                    break;
                }
                case GoMap map:
                    if (index is Missing or null)
                    {
                        throw new TemplateFunctionException("value is nil; should be of type string");
                    }
                    if (index is not string key)
                    {
                        throw new TemplateFunctionException($"value has type {GoValues.TypeOf(index)}; should be string");
                    }
                    // A missing key yields the zero value of the element type.
                    item = map.Entries.TryGetValue(key, out var found) ? found : ZeroValue(map.ValueType);
                    break;
                default:
                    throw new TemplateFunctionException($"can't index item of type {GoValues.TypeOf(item)}");
            }
        }
        return item;
    }

    private static object? ZeroValue(string type) => type switch
    {
        "string" => "",
        "int" => 0L,
        "float64" => 0.0,
        "bool" => false,
        _ => GoValues.ZeroOf(type),
    };

    private static object? Slice(object? item, List<object?> indexes)
    {
        if (item is Missing or null)
        {
            throw new TemplateFunctionException("slice of untyped nil");
        }
        if (indexes.Count > 3)
        {
            throw new TemplateFunctionException($"too many slice indexes: {indexes.Count}");
        }
        int length;
        byte[]? bytes = null;
        switch (item)
        {
            case string s:
                if (indexes.Count == 3)
                {
                    throw new TemplateFunctionException("cannot 3-index slice a string");
                }
                bytes = Encoding.UTF8.GetBytes(s);
                length = bytes.Length;
                break;
            case GoSlice slice:
                length = slice.Items.Length;
                break;
            default:
                throw new TemplateFunctionException($"can't slice item of type {GoValues.TypeOf(item)}");
        }
        int[] bounds = [0, length, length];
        for (var i = 0; i < indexes.Count; i++)
        {
            bounds[i] = IndexArgument(indexes[i], length);
        }
        if (bounds[0] > bounds[1])
        {
            throw new TemplateFunctionException($"invalid slice index: {bounds[0]} > {bounds[1]}");
        }
        if (indexes.Count == 3 && bounds[1] > bounds[2])
        {
            throw new TemplateFunctionException($"invalid slice index: {bounds[1]} > {bounds[2]}");
        }
        if (bytes is not null)
        {
            return Encoding.UTF8.GetString(bytes, bounds[0], bounds[1] - bounds[0]);
        }
        var source = (GoSlice)item;
        return new GoSlice(source.TypeName, source.ElementType, source.Items[bounds[0]..bounds[1]]);
    }

    private static object? CallValue(string name, object? function, List<object?> arguments)
    {
        if (function is Missing or null)
        {
            throw new TemplateFunctionException("call of nil");
        }
        if (function is not TemplateFunction callee)
        {
            throw new TemplateFunctionException($"non-function {name} of type {GoValues.TypeOf(function)}");
        }
        var types = callee.ParameterTypes;
        if (callee.IsVariadic)
        {
            if (arguments.Count < types.Length - 1)
            {
                throw new TemplateFunctionException(
                    $"wrong number of args for {name}: got {arguments.Count} want at least {types.Length - 1}");
            }
        }
        else if (arguments.Count != types.Length)
        {
            throw new TemplateFunctionException($"wrong number of args for {name}: got {arguments.Count} want {types.Length}");
        }
        var prepared = new object?[arguments.Count];
        for (var i = 0; i < arguments.Count; i++)
        {
            var type = !callee.IsVariadic || i < types.Length - 1 ? types[i] : types[^1][2..];
            var argument = arguments[i];
            if (argument is Missing or null)
            {
                if (!GoValues.CanBeNil(type))
                {
                    throw new TemplateFunctionException($"arg {i}: value is nil; should be of type {type}");
                }
                argument = GoValues.ZeroOf(type);
            }
            else if (!GoValues.IsAssignable(argument, type))
            {
                throw new TemplateFunctionException($"arg {i}: value has type {GoValues.TypeOf(argument)}; should be {type}");
            }
            prepared[i] = argument;
        }
        return callee.Invoke(prepared);
    }
}
