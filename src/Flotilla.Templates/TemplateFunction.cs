using System.Reflection;
using Flotilla.Templates.Execution;

namespace Flotilla.Templates;

/// <summary>
/// A function a template can call, built from a .NET delegate whose parameter types stand for Go types:
/// <c>string</c>, <c>long</c>/<c>int</c> (Go int), <c>double</c> (float64), <c>bool</c>, <c>object?</c>
/// (interface{}, receives the template value as is) and arrays of those (<c>string[]</c> is []string).
/// A trailing <c>params</c> array makes it variadic. An exception thrown by the delegate becomes Go's
/// <c>error calling NAME: MESSAGE</c>.
/// </summary>
public sealed class TemplateFunction
{
    private readonly Delegate _body;
    private readonly Type[] _parameterTypes;
    private readonly Type _returnType;

    public TemplateFunction(Delegate body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
        var invoke = body.GetType().GetMethod("Invoke")!;
        var parameters = invoke.GetParameters();
        _parameterTypes = parameters.Select(p => p.ParameterType).ToArray();
        _returnType = invoke.ReturnType;
        if (_returnType == typeof(void))
        {
            throw new ArgumentException("A template function must return a value.", nameof(body));
        }
        IsVariadic = parameters.Length > 0
            && (parameters[^1].IsDefined(typeof(ParamArrayAttribute))
                || body.Method.GetParameters().LastOrDefault()?.IsDefined(typeof(ParamArrayAttribute)) == true);
        // A parameter may declare its Go type explicitly (on the delegate's own method, where lambdas keep attributes).
        var declared = body.Method.GetParameters();
        var offset = declared.Length - parameters.Length;
        ParameterTypes = parameters
            .Select((p, i) => (offset >= 0 ? declared[i + offset] : p).GetCustomAttributes(typeof(GoTypeNameAttribute), false)
                .OfType<GoTypeNameAttribute>().FirstOrDefault()?.Name ?? GoValues.TypeNameOf(p.ParameterType))
            .ToArray();
    }

    internal bool IsVariadic { get; }

    /// <summary>Go type names of the parameters; for a variadic function the last one is the slice type.</summary>
    internal string[] ParameterTypes { get; }

    internal string GoSignature =>
        "func(" + string.Join(", ", ParameterTypes.Select((t, i) => IsVariadic && i == ParameterTypes.Length - 1 ? "..." + t[2..] : t))
        + ") " + GoValues.TypeNameOf(_returnType);

    /// <summary>Calls the delegate with Go values already checked against <see cref="ParameterTypes"/>.</summary>
    internal object? Invoke(IReadOnlyList<object?> arguments)
    {
        var count = _parameterTypes.Length;
        var converted = new object?[count];
        var fixedCount = IsVariadic ? count - 1 : count;
        for (var i = 0; i < fixedCount; i++)
        {
            converted[i] = GoValues.ToDotNet(arguments[i], _parameterTypes[i]);
        }
        if (IsVariadic)
        {
            var elementType = _parameterTypes[^1].GetElementType()!;
            var rest = Array.CreateInstance(elementType, arguments.Count - fixedCount);
            for (var i = fixedCount; i < arguments.Count; i++)
            {
                rest.SetValue(GoValues.ToDotNet(arguments[i], elementType), i - fixedCount);
            }
            converted[^1] = rest;
        }
        object? result;
        try
        {
            result = _body.DynamicInvoke(converted);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new TemplateFunctionException(DescribeFailure(e.InnerException), e.InnerException);
        }
        return GoValues.FromDotNet(result, _returnType);
    }

    private static string DescribeFailure(Exception exception) => exception switch
    {
        DivideByZeroException => "runtime error: integer divide by zero",
        IndexOutOfRangeException or ArgumentOutOfRangeException => "runtime error: index out of range",
        _ => exception.Message,
    };
}
