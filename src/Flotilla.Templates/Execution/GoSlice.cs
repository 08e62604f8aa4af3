namespace Flotilla.Templates.Execution;

/// <summary>A Go slice: its (possibly named) type, its element type and its elements, mutable in place like Go's.</summary>
internal sealed class GoSlice(string typeName, string elementType, object?[] items)
{
    public GoSlice(string elementType, object?[] items)
        : this("[]" + elementType, elementType, items)
    {
    }

    public string TypeName { get; } = typeName;

    public string ElementType { get; } = elementType;

    public object?[] Items { get; } = items;

    /// <summary>The unnamed type with the same elements, to which a named slice type is assignable.</summary>
    public string UnderlyingType => "[]" + ElementType;
}
