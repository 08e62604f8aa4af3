namespace Flotilla.Templates;

/// <summary>
/// The Go type name a .NET type shows in templates (%T, error messages), e.g. <c>memkv.KVPair</c>.
/// Types without it show their .NET name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class GoTypeNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
