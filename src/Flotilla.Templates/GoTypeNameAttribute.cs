namespace Flotilla.Templates;

/// <summary>
/// The Go type name a .NET type shows in templates (%T, error messages), e.g. <c>memkv.KVPair</c>; types
/// without it show their .NET name. On an <c>object</c> parameter of a <see cref="TemplateFunction"/> it
/// declares the Go type the parameter accepts (e.g. <c>[]string</c>) while the function still receives the
/// template's own value, so it can change a list in place as Go functions do.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Parameter, Inherited = false)]
public sealed class GoTypeNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
