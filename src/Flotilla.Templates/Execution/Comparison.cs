using Flotilla.Templates.Formatting;
namespace Flotilla.Templates.Execution;

/// <summary>Go's eq/lt/le with its rules: basic kinds only, no mixing of kinds, missing values never equal.</summary>
internal static class Comparison
{
    private const string BadComparison = "incompatible types for comparison";
    private const string BadComparisonType = "invalid type for comparison";
    private const string NoComparison = "missing argument for comparison";

    private enum Kind
    {
        Invalid,
        Bool,
        Int,
        Float,
        String,
    }

    private static (Kind Kind, bool Ok) BasicKind(object? value) => value switch
    {
        bool => (Kind.Bool, true),
        long => (Kind.Int, true),
        double => (Kind.Float, true),
        string => (Kind.String, true),
        _ => (Kind.Invalid, false),
    };

    private static bool IsValid(object? value) => value is not Missing;

    public static bool Equal(object? first, IReadOnlyList<object?> others)
    {
        if (others.Count == 0)
        {
            throw new TemplateFunctionException(NoComparison);
        }
        var (k1, _) = BasicKind(first);
        foreach (var other in others)
        {
            var (k2, _) = BasicKind(other);
            bool truth;
            if (k1 != k2)
            {
                if (IsValid(first) && IsValid(other))
                {
                    throw new TemplateFunctionException(BadComparison);
                }
                truth = false;
            }
            else
            {
                truth = k1 switch
                {
                    Kind.Bool => (bool)first! == (bool)other!,
                    Kind.Int => (long)first! == (long)other!,
                    Kind.Float => (double)first! == (double)other!,
                    Kind.String => (string)first! == (string)other!,
                    _ => EqualNonBasic(first, other),
                };
            }
            if (truth)
            {
                return true;
            }
        }
        return false;
    }

    private static bool EqualNonBasic(object? first, object? other)
    {
        var firstNil = first is Missing or null;
        var otherNil = other is Missing or null;
        if (firstNil || otherNil)
        {
            return firstNil == otherNil;
        }
        if (first is GoSlice or GoMap or TemplateFunction)
        {
            throw new TemplateFunctionException($"non-comparable type {GoPrinter.Sprint([first])}: {GoValues.TypeOf(first)}");
        }
        if (other is GoSlice or GoMap or TemplateFunction)
        {
            throw new TemplateFunctionException($"non-comparable type {GoPrinter.Sprint([other])}: {GoValues.TypeOf(other)}");
        }
        if (GoValues.TypeOf(first) != GoValues.TypeOf(other))
        {
            return false;
        }
        return Equals(first, other);
    }

    public static bool Less(object? first, object? second)
    {
        var (k1, ok1) = BasicKind(first);
        if (!ok1)
        {
            throw new TemplateFunctionException(BadComparisonType);
        }
        var (k2, ok2) = BasicKind(second);
        if (!ok2)
        {
            throw new TemplateFunctionException(BadComparisonType);
        }
        if (k1 != k2)
        {
            throw new TemplateFunctionException(BadComparison);
        }
        return k1 switch
        {
            Kind.Bool => throw new TemplateFunctionException(BadComparisonType),
            Kind.Int => (long)first! < (long)second!,
            Kind.Float => (double)first! < (double)second!,
            _ => string.CompareOrdinal((string)first!, (string)second!) < 0,
        };
    }

    public static bool LessOrEqual(object? first, object? second) => Less(first, second) || Equal(first, [second]);
}
