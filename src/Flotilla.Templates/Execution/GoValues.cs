using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Flotilla.Templates.Execution;

/// <summary>
/// The value model: how .NET values become Go values (string, int as long, float64 as double, bool, nil as
/// null, <see cref="GoSlice"/>, <see cref="GoMap"/>, <see cref="Missing"/>, functions, and any other object as
/// a struct whose public properties are fields), their Go type names and their truth.
/// </summary>
internal static class GoValues
{
    public const string Interface = "interface {}";

    public static string TypeOf(object? value) => value switch
    {
        null => "<nil>",
        string => "string",
        long => "int",
        double => "float64",
        bool => "bool",
        GoSlice slice => slice.TypeName,
        GoMap map => map.TypeName,
        TemplateFunction function => function.GoSignature,
        Missing => "<invalid reflect.Value>",
        _ => StructName(value.GetType()),
    };

    private static string StructName(Type type) => type.GetCustomAttribute<GoTypeNameAttribute>()?.Name ?? type.Name;

    /// <summary>The Go type a .NET parameter or return type stands for.</summary>
    public static string TypeNameOf(Type type)
    {
        if (type == typeof(string))
        {
            return "string";
        }
        if (type == typeof(long) || type == typeof(int))
        {
            return "int";
        }
        if (type == typeof(double))
        {
            return "float64";
        }
        if (type == typeof(bool))
        {
            return "bool";
        }
        if (type == typeof(object))
        {
            return Interface;
        }
        if (type.IsArray)
        {
            return "[]" + TypeNameOf(type.GetElementType()!);
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            return "map[string]" + TypeNameOf(type.GetGenericArguments()[1]);
        }
        return StructName(type);
    }

    /// <summary>Whether Go lets a nil (or missing) value stand for this type.</summary>
    public static bool CanBeNil(string typeName) =>
        typeName == Interface || typeName.StartsWith("[]", StringComparison.Ordinal)
        || typeName.StartsWith("map[", StringComparison.Ordinal) || typeName.StartsWith("func(", StringComparison.Ordinal)
        || typeName.StartsWith('*');

    /// <summary>The zero value of a nillable type.</summary>
    public static object? ZeroOf(string typeName)
    {
        if (typeName.StartsWith("[]", StringComparison.Ordinal))
        {
            return new GoSlice(typeName[2..], []);
        }
        if (typeName.StartsWith("map[string]", StringComparison.Ordinal))
        {
            return new GoMap(typeName["map[string]".Length..], GoMap.NewEntries());
        }
        return null;
    }

    public static bool IsAssignable(object? value, string typeName)
    {
        if (typeName == Interface)
        {
            return true;
        }
        return value switch
        {
            GoSlice slice => slice.TypeName == typeName || slice.UnderlyingType == typeName,
            _ => TypeOf(value) == typeName,
        };
    }

    /// <summary>Go's truth: false, 0, nil, missing and empty strings, slices and maps are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null or Missing => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        GoSlice slice => slice.Items.Length > 0,
        GoMap map => map.Entries.Count > 0,
        _ => true,
    };

    /// <summary>Converts a value handed in from .NET (data or a function result) into the value model.</summary>
    public static object? FromDotNet(object? value, Type? declaredType = null)
    {
        switch (value)
        {
            case null:
                return declaredType is not null && declaredType != typeof(object) ? ZeroOf(TypeNameOf(declaredType)) : null;
            case string or long or double or bool or GoSlice or GoMap or Missing or TemplateFunction:
                return value;
            case int i:
                return (long)i;
            case short or byte or sbyte or ushort or uint:
                return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            case ulong u:
                return unchecked((long)u);
            case float f:
                return (double)f;
            case decimal m:
                return (double)m;
            case Delegate d:
                return new TemplateFunction(d);
            case IDictionary dictionary:
            {
                var valueType = dictionary.GetType().IsGenericType ? dictionary.GetType().GetGenericArguments()[^1] : typeof(object);
                var entries = GoMap.NewEntries();
                foreach (DictionaryEntry entry in dictionary)
                {
                    entries[entry.Key.ToString()!] = FromDotNet(entry.Value);
                }
                return new GoMap(TypeNameOf(valueType), entries);
            }
            case Array array:
            {
                var elementType = array.GetType().GetElementType()!;
                var items = new object?[array.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = FromDotNet(array.GetValue(i));
                }
                return new GoSlice(TypeNameOf(elementType), items);
            }
            case IEnumerable enumerable when value.GetType().IsGenericType:
            {
                var elementType = value.GetType().GetGenericArguments()[0];
                var items = enumerable.Cast<object?>().Select(item => FromDotNet(item)).ToArray();
                return new GoSlice(TypeNameOf(elementType), items);
            }
            default:
                return value;
        }
    }

    /// <summary>Converts a Go value (already checked to be assignable) to a delegate's parameter type.</summary>
    public static object? ToDotNet(object? value, Type type)
    {
        if (type == typeof(object))
        {
            return value is Missing ? null : value;
        }
        if (type == typeof(int))
        {
            return (int)(long)value!;
        }
        if (type.IsArray && value is GoSlice slice)
        {
            var elementType = type.GetElementType()!;
            var array = Array.CreateInstance(elementType, slice.Items.Length);
            for (var i = 0; i < slice.Items.Length; i++)
            {
                array.SetValue(ToDotNet(slice.Items[i], elementType), i);
            }
            return array;
        }
        return value;
    }

    // Reflection results per type, since templates touch the same few types over and over.
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Fields = new();
    private static readonly ConcurrentDictionary<(Type Type, string Name), MethodInfo?> Methods = new();

    /// <summary>The public properties of a struct-like object, in declaration order: Go's fields.</summary>
    public static PropertyInfo[] FieldsOf(object value) =>
        Fields.GetOrAdd(value.GetType(), type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .ToArray());

    private static readonly HashSet<string> ObjectMethods = new(StringComparer.Ordinal)
    {
        "ToString", "Equals", "GetHashCode", "GetType", "Deconstruct", "PrintMembers", "<Clone>$", "GoString",
    };

    /// <summary>A public method of a struct-like object, bound as a template function (Go's method values).</summary>
    public static TemplateFunction? MethodOf(object value, string name)
    {
        if (value is string or long or double or bool or GoSlice or GoMap or Missing or TemplateFunction || ObjectMethods.Contains(name))
        {
            return null;
        }
        var method = Methods.GetOrAdd((value.GetType(), name), key => key.Type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == key.Name && !m.IsSpecialName && !m.IsGenericMethod && m.ReturnType != typeof(void)));
        if (method is null)
        {
            return null;
        }
        var delegateType = System.Linq.Expressions.Expression.GetDelegateType(
            [.. method.GetParameters().Select(p => p.ParameterType), method.ReturnType]);
        return new TemplateFunction(method.CreateDelegate(delegateType, value));
    }
}
